/**
 * Billing's engagement terms derived from the tenancy context's engagements: an engagement
 * bills by the price book its `priceBookRef` names, stored by finance under that reference
 * (`PUT /v1/billing/price-books/{ref}`), and ranks by its optional `precedence` (default 1).
 * An engagement whose price book is not (yet) stored bills nothing. Validity is the
 * engagement's `startsAt`..`endsAt` (an ended engagement's `endsAt` is the instant it ended); a
 * suspension cuts the provider's access, not the contract, so usage is still billed.
 *
 * `all()` (platform finance) walks the providers that own a stored price book: the directory
 * has no list of every engagement, and an engagement without a price book bills nothing anyway.
 */
import type { Engagement } from '../tenancy/engagement.ts';
import type { EngagementTerms, EngagementTermsDirectory } from './engagement-terms.ts';
import type { PriceBook } from './price-book.ts';

export const DEFAULT_ENGAGEMENT_PRECEDENCE = 1;

export interface StoredPriceBook {
  readonly ref: string;
  /** The provider that bills with it (its finance manages it). */
  readonly providerId: string;
  readonly priceBook: PriceBook;
}

export interface PriceBookStore {
  put(book: StoredPriceBook): Promise<void>;
  /** Every stored book (may be cached briefly). */
  all(): Promise<readonly StoredPriceBook[]>;
  /** Every stored book, read again unless it was read very recently. */
  refresh(): Promise<readonly StoredPriceBook[]>;
}

/** What billing reads of the tenancy directory. */
export interface TenancyReader {
  engagementsOfTenant(tenantId: string): Promise<readonly Engagement[]>;
  engagementsOfProvider(providerId: string): Promise<readonly Engagement[]>;
  tenantName(tenantId: string): Promise<string | undefined>;
  providerName(providerId: string): Promise<string | undefined>;
}

export const termsOf = (
  engagement: Engagement,
  book: StoredPriceBook,
  names: { readonly tenantName: string; readonly providerName: string },
): EngagementTerms => ({
  engagementId: engagement.engagementId,
  tenantId: engagement.tenantId,
  tenantName: names.tenantName,
  providerId: engagement.providerId,
  providerName: names.providerName,
  validFrom: engagement.startsAt,
  validTo: engagement.endsAt,
  precedence: engagement.precedence ?? DEFAULT_ENGAGEMENT_PRECEDENCE,
  priceBook: book.priceBook,
});

/**
 * A tenant's terms are kept this long per container (the aggregator reads them for every fact);
 * a tenant with none is read again every time: it may have just been engaged, and usage found
 * uncovered is dropped for good.
 */
const TENANT_CACHE_TTL_MS = 30_000;

export class TenancyEngagementTerms implements EngagementTermsDirectory {
  readonly #tenancy: TenancyReader;
  readonly #priceBooks: PriceBookStore;
  readonly #now: () => number;
  readonly #byTenant = new Map<string, { readonly at: number; readonly terms: readonly EngagementTerms[] }>();

  constructor(deps: { tenancy: TenancyReader; priceBooks: PriceBookStore; now: () => number }) {
    this.#tenancy = deps.tenancy;
    this.#priceBooks = deps.priceBooks;
    this.#now = deps.now;
  }

  async forTenant(tenantId: string): Promise<readonly EngagementTerms[]> {
    const cached = this.#byTenant.get(tenantId);
    const age = cached === undefined ? Number.POSITIVE_INFINITY : this.#now() - cached.at;
    if (cached !== undefined && cached.terms.length > 0 && age < TENANT_CACHE_TTL_MS) return cached.terms;
    const terms = await this.#withBooks(
      await this.#tenancy.engagementsOfTenant(tenantId),
      await this.#priceBooks.all(),
    );
    this.#byTenant.set(tenantId, { at: this.#now(), terms });
    return terms;
  }

  async forProvider(providerId: string): Promise<readonly EngagementTerms[]> {
    return this.#withBooks(
      await this.#tenancy.engagementsOfProvider(providerId),
      await this.#priceBooks.all(),
    );
  }

  async all(): Promise<readonly EngagementTerms[]> {
    const books = await this.#priceBooks.all();
    const result: EngagementTerms[] = [];
    for (const providerId of [...new Set(books.map((book) => book.providerId))].sort()) {
      result.push(...(await this.#withBooks(await this.#tenancy.engagementsOfProvider(providerId), books)));
    }
    return result;
  }

  async #withBooks(
    engagements: readonly Engagement[],
    books: readonly StoredPriceBook[],
  ): Promise<EngagementTerms[]> {
    let byRef = new Map(books.map((book) => [book.ref, book]));
    // A book stored since the store last loaded (another container took the PUT): read again.
    if (engagements.some((engagement) => !byRef.has(engagement.priceBookRef))) {
      byRef = new Map((await this.#priceBooks.refresh()).map((book) => [book.ref, book]));
    }
    const result: EngagementTerms[] = [];
    for (const engagement of engagements) {
      const book = byRef.get(engagement.priceBookRef);
      // A book belongs to one provider: another provider naming the same ref does not bill with it.
      if (book === undefined || book.providerId !== engagement.providerId) continue;
      result.push(
        termsOf(engagement, book, {
          tenantName: (await this.#tenancy.tenantName(engagement.tenantId)) ?? engagement.tenantId,
          providerName: (await this.#tenancy.providerName(engagement.providerId)) ?? engagement.providerId,
        }),
      );
    }
    return result;
  }
}

/**
 * Several directories as one: the tenancy-derived terms first, then billing's own terms items
 * (seeded demo and test terms) for engagement ids the first did not answer.
 */
export class CombinedEngagementTerms implements EngagementTermsDirectory {
  readonly #directories: readonly EngagementTermsDirectory[];

  constructor(directories: readonly EngagementTermsDirectory[]) {
    this.#directories = directories;
  }

  forTenant(tenantId: string) {
    return this.#merge((directory) => directory.forTenant(tenantId));
  }

  forProvider(providerId: string) {
    return this.#merge((directory) => directory.forProvider(providerId));
  }

  all() {
    return this.#merge((directory) => directory.all());
  }

  async #merge(
    read: (directory: EngagementTermsDirectory) => Promise<readonly EngagementTerms[]>,
  ): Promise<readonly EngagementTerms[]> {
    const seen = new Set<string>();
    const result: EngagementTerms[] = [];
    for (const directory of this.#directories) {
      for (const terms of await read(directory)) {
        if (seen.has(terms.engagementId)) continue;
        seen.add(terms.engagementId);
        result.push(terms);
      }
    }
    return result;
  }
}

/**
 * A tenant's engagement terms kept for `ttlMs`, for the usage aggregator only: a burst of
 * events of one tenant (a batch holds up to ten, several batches run at once) then costs one
 * lookup instead of one per usage fact. An engagement created or changed is therefore seen by
 * metering at most `ttlMs` later (a tenant with none is read afresh every time); finance reads
 * (usage, close, statements) never use this.
 */
export class RecentEngagementTerms implements EngagementTermsDirectory {
  readonly #inner: EngagementTermsDirectory;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #byTenant = new Map<
    string,
    { readonly until: number; readonly terms: Promise<readonly EngagementTerms[]> }
  >();

  constructor(options: { inner: EngagementTermsDirectory; ttlMs: number; now: () => number }) {
    this.#inner = options.inner;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now;
  }

  forTenant(tenantId: string): Promise<readonly EngagementTerms[]> {
    const now = this.#now();
    const kept = this.#byTenant.get(tenantId);
    if (kept !== undefined && kept.until > now) return kept.terms;
    // Expired entries are dropped as they are met, so the map holds only recently active tenants.
    for (const [id, entry] of this.#byTenant) if (entry.until <= now) this.#byTenant.delete(id);
    const terms = this.#inner.forTenant(tenantId);
    this.#byTenant.set(tenantId, { until: now + this.#ttlMs, terms });
    // Neither a failed lookup nor "no engagement" is kept: the aggregator drops uncovered usage
    // for good, so that answer must always come from a fresh read.
    terms.then(
      (found) => {
        if (found.length === 0) this.#byTenant.delete(tenantId);
      },
      () => this.#byTenant.delete(tenantId),
    );
    return terms;
  }

  forProvider(providerId: string) {
    return this.#inner.forProvider(providerId);
  }

  all() {
    return this.#inner.all();
  }
}
