/**
 * The envelope every Guichet domain event carries, whatever its type.
 *
 * Consumers deduplicate on `tenantId#eventId` (delivery is at least once) and drop stale
 * events by comparing `aggregateVersion` with what they already hold.
 */
import { z } from 'zod';

export const EVENT_SOURCE = 'guichet';

export const eventEnvelopeSchema = z.object({
  eventId: z.string().min(1),
  tenantId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  version: z.literal(1),
  correlationId: z.string().min(1),
  aggregateId: z.string().min(1),
  aggregateVersion: z.number().int().nonnegative(),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** A domain event contract: its EventBridge detail-type and the schema of its detail. */
export interface EventContract<TName extends string, TDetail extends z.ZodType> {
  readonly detailType: TName;
  readonly source: typeof EVENT_SOURCE;
  readonly schema: TDetail;
  readonly description: string;
}

export const defineEvent = <TName extends string, TDetail extends z.ZodType>(
  detailType: TName,
  schema: TDetail,
  description: string,
): EventContract<TName, TDetail> => ({ detailType, source: EVENT_SOURCE, schema, description });
