/**
 * The service catalogue: what a tenant's requesters can order (a laptop, an account, a badge).
 * A service request may reference one item; its first resolution is a billable fulfilment
 * (`catalogue.fulfilments`). Items are never deleted, only retired (`active: false`), so a
 * ticket's reference always resolves.
 */
import { NotFound, ValidationFailed } from '../errors.ts';

export interface CatalogueItem {
  readonly tenantId: string;
  readonly itemId: string;
  readonly name: string;
  readonly description: string;
  /** The service the item belongs to (routing and reporting use the ticket's service). */
  readonly service: string | null;
  /** Which SKU of the price book the fulfilment is meant to be billed under (finance's hint). */
  readonly skuHint: string | null;
  /** Retired items stay readable but cannot be ordered. */
  readonly active: boolean;
  readonly updatedAt: string;
}

export interface CatalogueItemInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly service?: string | null | undefined;
  readonly skuHint?: string | null | undefined;
  readonly active?: boolean | undefined;
}

export const defineCatalogueItem = (
  tenantId: string,
  itemId: string,
  input: CatalogueItemInput,
  now: Date,
): CatalogueItem => {
  const name = input.name.trim();
  if (name === '') {
    throw new ValidationFailed('A catalogue item needs a name', [
      { location: 'body.name', message: 'must not be blank' },
    ]);
  }
  return {
    tenantId,
    itemId,
    name,
    description: input.description ?? '',
    service: input.service ?? null,
    skuHint: input.skuHint ?? null,
    active: input.active ?? true,
    updatedAt: now.toISOString(),
  };
};

/** The item a new service request orders: it must exist in the tenant's catalogue and be active. */
export const orderableItem = (item: CatalogueItem | undefined, itemId: string): CatalogueItem => {
  if (item === undefined) {
    throw new ValidationFailed(`Catalogue item ${itemId} does not exist`, [
      { location: 'body.catalogueItemId', message: 'must be an item of the service catalogue' },
    ]);
  }
  if (!item.active) {
    throw new ValidationFailed(`Catalogue item ${itemId} is retired`, [
      { location: 'body.catalogueItemId', message: 'must be an active item of the service catalogue' },
    ]);
  }
  return item;
};

/** Where catalogue items live (tenant-scoped). */
export interface CatalogueRepository {
  put(item: CatalogueItem): Promise<void>;
  get(tenantId: string, itemId: string): Promise<CatalogueItem | undefined>;
  list(tenantId: string): Promise<readonly CatalogueItem[]>;
}

/** Use cases of the catalogue: admins define items, everyone in the tenant reads the orderable ones. */
export class CatalogueService {
  readonly #repository: CatalogueRepository;
  readonly #now: () => Date;

  constructor(deps: { repository: CatalogueRepository; clock: { now(): Date } }) {
    this.#repository = deps.repository;
    this.#now = () => deps.clock.now();
  }

  async put(tenantId: string, itemId: string, input: CatalogueItemInput): Promise<CatalogueItem> {
    const item = defineCatalogueItem(tenantId, itemId, input, this.#now());
    await this.#repository.put(item);
    return item;
  }

  /** Requesters see the active items; admins (`includeRetired`) see all of them. */
  async list(tenantId: string, includeRetired: boolean): Promise<readonly CatalogueItem[]> {
    const items = await this.#repository.list(tenantId);
    return includeRetired ? items : items.filter((item) => item.active);
  }

  async get(tenantId: string, itemId: string): Promise<CatalogueItem> {
    const item = await this.#repository.get(tenantId, itemId);
    if (item === undefined) throw new NotFound(`Catalogue item ${itemId} not found`);
    return item;
  }
}
