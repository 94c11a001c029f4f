/**
 * Outbox items: a domain event stored in the same transaction as the change that caused it.
 * The table's stream carries the insert to the bus (EventBridge Pipes in AWS, the stream
 * relay locally), so an event exists if and only if its cause was committed.
 */
import { EVENT_SOURCE } from '../../../events/envelope.ts';
import type { OutgoingEvent } from '../../domain/shared/ports.ts';
import { OUTBOX_ENTITY_TYPE, outboxKeys } from './keys.ts';

/** Outbox items only need to live long enough for the stream (24 h retention) to carry them. */
const OUTBOX_TTL_SECONDS = 2 * 24 * 60 * 60;

export const toOutboxItem = (event: OutgoingEvent, occurredAt: string) => ({
  ...outboxKeys(event.tenantId, event.eventId),
  entityType: OUTBOX_ENTITY_TYPE,
  source: EVENT_SOURCE,
  detailType: event.detailType,
  detail: JSON.stringify(event.detail),
  expiresAt: Math.floor(Date.parse(occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
});
