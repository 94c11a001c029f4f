/**
 * Price books by reference, as platform items (`PLATFORM#BILLING#PRICEBOOKS`, the function
 * role's base client), cached briefly per container like the engagement terms.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { parsePriceBook } from '../../domain/billing/price-book.ts';
import type { PriceBookStore, StoredPriceBook } from '../../domain/billing/tenancy-engagement-terms.ts';
import { billingPriceBookKeys, billingPriceBooksPartition } from './keys.ts';
import { readWholePartition } from './read-whole-partition.ts';

const CACHE_TTL_MS = 30_000;

const itemSchema = z.object({ ref: z.string(), providerId: z.string(), priceBook: z.unknown() });

export class DynamoDbPriceBooks implements PriceBookStore {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #now: () => number;
  #cache: { readonly at: number; readonly books: readonly StoredPriceBook[] } | undefined;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient; now?: () => number }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
    this.#now = options.now ?? (() => Date.now());
  }

  async put(book: StoredPriceBook): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...billingPriceBookKeys(book.ref), entityType: 'BILLING_PRICE_BOOK', ...book },
      }),
    );
    this.#cache = undefined;
  }

  async refresh(): Promise<readonly StoredPriceBook[]> {
    // Always a fresh read: an engagement whose book is missing bills nothing, and that usage is
    // dropped, so a book stored a moment ago must be seen (a copy up to 1 s old lost it).
    this.#cache = undefined;
    return this.all();
  }

  async all(): Promise<readonly StoredPriceBook[]> {
    if (this.#cache !== undefined && this.#now() - this.#cache.at < CACHE_TTL_MS) return this.#cache.books;
    const books: StoredPriceBook[] = (
      await readWholePartition(this.#client, this.#tableName, billingPriceBooksPartition)
    ).map((raw) => {
      const item = itemSchema.parse(raw);
      return { ref: item.ref, providerId: item.providerId, priceBook: parsePriceBook(item.priceBook) };
    });
    this.#cache = { at: this.#now(), books };
    return books;
  }
}
