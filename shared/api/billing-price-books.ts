/** HTTP contract of price books by reference: what a tenancy engagement's `priceBookRef` names. */
import { z } from 'zod';
import { priceBookSchema } from '../domain/billing/price-book.ts';
import { defineContract } from './operation-contract.ts';
import { standardProblems } from './problem.ts';

const refSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -');

export const putPriceBookBodySchema = z
  .object({
    providerId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .describe('The provider that bills with this book; provider finance may only name its own'),
    priceBook: priceBookSchema,
  })
  .strict()
  .meta({ id: 'PutPriceBookRequest' });

export const storedPriceBookSchema = z
  .object({ ref: z.string(), providerId: z.string(), priceBook: priceBookSchema })
  .meta({ id: 'StoredPriceBook' });

export const putPriceBookOperation = defineContract({
  summary: 'Store a price book under a reference',
  description:
    'Creates or replaces the price book that engagements naming this priceBookRef (and this provider) bill with. Platform finance for any provider; provider finance for its own. Applies to usage counted from now on (within 30 s); closed statements never change.',
  tags: ['Billing'],
  path: z.object({ ref: refSchema }).strict(),
  body: putPriceBookBodySchema,
  responses: { 200: { description: 'Stored', schema: storedPriceBookSchema }, ...standardProblems },
});
