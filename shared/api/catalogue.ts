/** HTTP contracts of the service catalogue: admins define items, requesters read what they can order. */
import { z } from 'zod';
import type { CatalogueItem } from '../domain/catalogue/catalogue-item.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { defineContract } from './operation-contract.ts';
import { standardProblems } from './problem.ts';

export const catalogueItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    service: z.string().nullable(),
    skuHint: z.string().nullable().describe('The price-book SKU finance bills the fulfilment under'),
    active: z.boolean(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CatalogueItem' });

export const putCatalogueItemBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).optional(),
    service: z.string().trim().min(1).max(100).nullable().optional(),
    skuHint: z.string().trim().min(1).max(100).nullable().optional(),
    active: z.boolean().optional().describe('false retires the item: it can no longer be ordered'),
  })
  .strict()
  .meta({ id: 'PutCatalogueItemRequest' });

export const putCatalogueItemOperation = defineContract({
  summary: 'Define a catalogue item',
  description:
    'Creates or replaces an item of the tenant service catalogue. Items are retired, never deleted.',
  tags: ['Catalogue'],
  path: z.object({ itemId: z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -') }).strict(),
  body: putCatalogueItemBodySchema,
  responses: { 200: { description: 'The item as stored', schema: catalogueItemSchema }, ...standardProblems },
});

export const listCatalogueOperation = defineContract({
  summary: 'Read the service catalogue',
  description: 'What can be ordered with a service request (catalogueItemId). Admins also see retired items.',
  tags: ['Catalogue'],
  responses: {
    200: {
      description: 'The catalogue items',
      schema: z.object({ items: z.array(catalogueItemSchema) }).meta({ id: 'Catalogue' }),
    },
    ...standardProblems,
  },
});

export const toCatalogueItemResource = (item: CatalogueItem): z.infer<typeof catalogueItemSchema> => ({
  id: item.itemId,
  name: item.name,
  description: item.description,
  service: item.service,
  skuHint: item.skuHint,
  active: item.active,
  updatedAt: item.updatedAt,
});
