/**
 * Billing's engagement directory over `PLATFORM#BILLING#ENGAGEMENTS` items (read with the
 * function role's base client). A stand-in for the tenancy context's engagement directory
 * (#3): anything implementing `EngagementTermsDirectory` can replace it. Cached briefly per
 * container: engagements change rarely, and usage is attributed at the instant of the work.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { EngagementTerms, EngagementTermsDirectory } from '../../domain/billing/engagement-terms.ts';
import { parsePriceBook } from '../../domain/billing/price-book.ts';
import { billingEngagementKeys, billingEngagementsPartition } from './keys.ts';
import { readWholePartition } from './read-whole-partition.ts';

const engagementItemSchema = z.object({
  engagementId: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime().nullable(),
  precedence: z.number().int(),
  priceBook: z.unknown(),
});

const CACHE_TTL_MS = 30_000;

export class DynamoDbEngagementTerms implements EngagementTermsDirectory {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #now: () => number;
  #cache: { readonly at: number; readonly items: readonly EngagementTerms[] } | undefined;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient; now?: () => number }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
    this.#now = options.now ?? (() => Date.now());
  }

  async #load(): Promise<readonly EngagementTerms[]> {
    if (this.#cache !== undefined && this.#now() - this.#cache.at < CACHE_TTL_MS) return this.#cache.items;
    const items: EngagementTerms[] = (
      await readWholePartition(this.#client, this.#tableName, billingEngagementsPartition)
    ).map((raw) => {
      const item = engagementItemSchema.parse(raw);
      return { ...item, priceBook: parsePriceBook(item.priceBook) };
    });
    this.#cache = { at: this.#now(), items };
    return items;
  }

  async forTenant(tenantId: string) {
    const cached = (await this.#load()).filter((terms) => terms.tenantId === tenantId);
    if (cached.length > 0) return cached;
    // A tenant the cache does not know may have been engaged since it was loaded, and "no
    // engagement" makes the aggregator drop the usage for good: a miss always reads again.
    // (A miss used to be answered from a copy up to 1 s old: usage of a tenant engaged just
    // before was dropped under load.)
    this.#cache = undefined;
    return (await this.#load()).filter((terms) => terms.tenantId === tenantId);
  }

  async forProvider(providerId: string) {
    return (await this.#load()).filter((terms) => terms.providerId === providerId);
  }

  all() {
    return this.#load();
  }

  /** Writes (or replaces) an engagement's billing terms; seeding and the tenancy context use it. */
  async put(terms: Omit<EngagementTerms, 'priceBook'> & { readonly priceBook: unknown }): Promise<void> {
    parsePriceBook(terms.priceBook);
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...billingEngagementKeys(terms.engagementId), entityType: 'BILLING_ENGAGEMENT', ...terms },
      }),
    );
    this.#cache = undefined;
  }
}
