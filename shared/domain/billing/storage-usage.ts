/**
 * Attachment storage in GB-month: byte-time within the period divided by the period's length.
 * GB is decimal (10^9 bytes); a month is the UTC calendar month, of its own length (28 to 31
 * days). An object stored at instant t with B bytes contributes, in t's month,
 * B × (monthEnd − t) / monthLength (a usage fact at the upload), and B × 1 month in every later
 * month (the "carried" storage, computed when the month is rated from the inventory of objects
 * stored before it began). Quantities keep 9 decimals of GB-month (a byte-month), half-even.
 * Attachments are never deleted today; a deletion would end the object's byte-time.
 */
import type { AttachmentStoredDetail } from '../../../events/attachment-stored.ts';
import { BillingDecimal as Dec } from './money.ts';
import { periodEnd, periodOf, periodStart, type UsageObservation } from './usage-fact.ts';

export const BYTES_PER_GB = 1_000_000_000;
export const GB_MONTH_DECIMALS = 9;

/** GB-months of `bytes` held from `from` to the end of `from`'s month. */
export const gbMonthsUntilPeriodEnd = (bytes: number, from: string): string => {
  const period = periodOf(from);
  const start = Date.parse(periodStart(period));
  const end = Date.parse(periodEnd(period));
  return new Dec(bytes)
    .times(end - Date.parse(from))
    .dividedBy(end - start)
    .dividedBy(BYTES_PER_GB)
    .toDecimalPlaces(GB_MONTH_DECIMALS, Dec.ROUND_HALF_EVEN)
    .toFixed();
};

/** GB-months of `bytes` held for a whole month. */
export const gbMonthsForWholeMonth = (bytes: number): string =>
  new Dec(bytes).dividedBy(BYTES_PER_GB).toDecimalPlaces(GB_MONTH_DECIMALS, Dec.ROUND_HALF_EVEN).toFixed();

/** The upload month's share of a stored attachment; later months are carried (see above). */
export const usageFromAttachmentStored = (detail: AttachmentStoredDetail): UsageObservation[] => [
  {
    factId: `${detail.eventId}.storage.gb_month`,
    tenantId: detail.tenantId,
    meter: 'storage.gb_month',
    dimension: 'uploaded',
    quantity: gbMonthsUntilPeriodEnd(detail.bytes, detail.storedAt),
    occurredAt: detail.storedAt,
  },
];

/** The objects a tenant stores, for the carried storage of each month. */
export interface StorageInventory {
  /** Records an object's bytes from the instant it was stored; recording it again changes nothing. */
  add(tenantId: string, objectId: string, bytes: number, storedAt: string): Promise<void>;
  /** Total bytes of the tenant's objects stored strictly before `instant`. */
  bytesStoredBefore(tenantId: string, instant: string): Promise<number>;
}

export class InMemoryStorageInventory implements StorageInventory {
  readonly #objects = new Map<string, { readonly bytes: number; readonly storedAt: string }>();

  async add(tenantId: string, objectId: string, bytes: number, storedAt: string): Promise<void> {
    const key = `${tenantId}#${objectId}`;
    if (!this.#objects.has(key)) this.#objects.set(key, { bytes, storedAt });
  }

  async bytesStoredBefore(tenantId: string, instant: string): Promise<number> {
    let total = 0;
    for (const [key, object] of this.#objects) {
      if (key.startsWith(`${tenantId}#`) && Date.parse(object.storedAt) < Date.parse(instant))
        total += object.bytes;
    }
    return total;
  }
}
