/**
 * Local-only control endpoints for billing tests and demos (under `/_local/`):
 * - `POST /_local/billing/engagements`: put an engagement's billing terms (a test tenant's);
 * - `POST /_local/events`: publish events on the local bus, as a producer would (duplicates
 *   included, when a test sends the same event twice);
 * - `POST /_local/faults/queue-acks`: the next N batches of a queue are processed but never
 *   acknowledged, as when a function crashes after its writes and before returning.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import type { DynamoDbEngagementTerms } from '../shared/adapters/dynamodb/dynamodb-engagement-terms.ts';

const engagementRequestSchema = z
  .object({
    engagementId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    tenantId: z.string(),
    tenantName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    validFrom: z.iso.datetime(),
    validTo: z.iso.datetime().nullable().default(null),
    precedence: z.number().int().default(1),
    priceBook: z.unknown(),
  })
  .strict();

const eventsRequestSchema = z
  .object({
    entries: z
      .array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) }))
      .max(1000),
  })
  .strict();

const ackFaultSchema = z.object({ queue: z.string(), count: z.number().int().min(1).max(100) }).strict();

/** Batches of a queue to process without acknowledging; the poller wrapper consults it. */
export class QueueAckFaults {
  readonly #pending = new Map<string, number>();
  /** How many batches were left unacknowledged on purpose, per queue. */
  readonly dropped = new Map<string, number>();

  arm(queue: string, count: number): void {
    this.#pending.set(queue, count);
  }

  /** True when this batch must not be acknowledged (consumes one armed fault). */
  take(queue: string): boolean {
    const left = this.#pending.get(queue) ?? 0;
    if (left <= 0) return false;
    this.#pending.set(queue, left - 1);
    this.dropped.set(queue, (this.dropped.get(queue) ?? 0) + 1);
    return true;
  }
}

export const createBillingControl = (deps: {
  readonly engagementTerms: DynamoDbEngagementTerms;
  readonly eventBridge: EventBridgeClient;
  readonly busName: string;
  readonly ackFaults: QueueAckFaults;
}) => {
  return async (
    method: string,
    path: string,
    json: () => unknown,
    reply: (status: number, payload: unknown) => boolean,
  ): Promise<boolean> => {
    if (method === 'POST' && path === '/_local/billing/engagements') {
      const parsed = engagementRequestSchema.safeParse(json());
      if (!parsed.success) return reply(400, { error: parsed.error.message });
      try {
        await deps.engagementTerms.put(parsed.data);
      } catch (error) {
        return reply(400, { error: error instanceof Error ? error.message : String(error) });
      }
      return reply(201, { engagementId: parsed.data.engagementId });
    }
    if (method === 'POST' && path === '/_local/events') {
      const parsed = eventsRequestSchema.safeParse(json());
      if (!parsed.success) return reply(400, { error: parsed.error.message });
      const entries = parsed.data.entries;
      for (let index = 0; index < entries.length; index += 10) {
        const result = await deps.eventBridge.send(
          new PutEventsCommand({
            Entries: entries.slice(index, index + 10).map((entry) => ({
              EventBusName: deps.busName,
              Source: 'guichet',
              DetailType: entry.detailType,
              Detail: JSON.stringify(entry.detail),
            })),
          }),
        );
        if ((result.FailedEntryCount ?? 0) > 0)
          return reply(502, { error: 'the bus refused entries', result });
      }
      return reply(200, { published: entries.length });
    }
    if (method === 'GET' && path === '/_local/faults/queue-acks') {
      return reply(200, { dropped: Object.fromEntries(deps.ackFaults.dropped) });
    }
    if (method === 'POST' && path === '/_local/faults/queue-acks') {
      const parsed = ackFaultSchema.safeParse(json());
      if (!parsed.success) return reply(400, { error: parsed.error.message });
      deps.ackFaults.arm(parsed.data.queue, parsed.data.count);
      return reply(200, { armed: parsed.data });
    }
    return false;
  };
};
