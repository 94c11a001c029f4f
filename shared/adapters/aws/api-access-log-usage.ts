/**
 * The AWS producer of the `api.calls` meter: API Gateway writes one JSON access-log line per
 * request (fields in `infra/constructs/guichet-rest-api.ts`), a CloudWatch Logs subscription
 * delivers them in gzipped batches, and this module turns a batch into usage: calls counted per
 * tenant × caller (API key or user) × UTC minute. Only authenticated requests count (the
 * authoriser put a tenant in the context); platform and provider callers are not a tenant's usage.
 *
 * Idempotency: a group's fact id is its tenant, caller, minute AND a digest of the request ids
 * in it, so a redelivered batch (Lambda retries of the same log events) yields the same facts
 * and the ledger counts them once. Requests of one minute split across two batches are two
 * facts with different request ids: both count, as they should.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { UsageObservation } from '../../domain/billing/usage-fact.ts';

/** API Gateway writes `-` for a context variable without a value. */
const present = z.string().refine((value) => value !== '-' && value.length > 0);

const accessLogLineSchema = z.object({
  requestId: present,
  requestTimeEpoch: z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int().positive()),
  tenantId: present,
  userId: present,
  credential: z.enum(['token', 'api_key']),
});

export type ApiAccess = z.infer<typeof accessLogLineSchema>;

const subscriptionPayloadSchema = z.object({
  messageType: z.string(),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

/** The authenticated tenant request of one access-log line, or undefined (not JSON, no tenant…). */
export const parseAccessLogLine = (message: string): ApiAccess | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = accessLogLineSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
};

/** The access-log messages of a CloudWatch Logs subscription delivery (`awslogs.data`). */
export const decodeSubscriptionData = (data: string): string[] => {
  const payload = subscriptionPayloadSchema.parse(
    JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')),
  );
  // CloudWatch Logs checks a new subscription with a control message: it carries no requests.
  if (payload.messageType !== 'DATA_MESSAGE') return [];
  return payload.logEvents.map((event) => event.message);
};

const MINUTE_MS = 60_000;

/** Calls per tenant × caller × minute, each group a usage fact whose id is stable across redeliveries. */
export const apiUsageOf = (accesses: readonly ApiAccess[]): UsageObservation[] => {
  const groups = new Map<string, { access: ApiAccess; minute: number; requestIds: Set<string> }>();
  for (const access of accesses) {
    const minute = Math.floor(access.requestTimeEpoch / MINUTE_MS) * MINUTE_MS;
    const key = `${access.tenantId}\u0000${access.credential}\u0000${access.userId}\u0000${minute}`;
    const group = groups.get(key) ?? { access, minute, requestIds: new Set<string>() };
    group.requestIds.add(access.requestId);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ access, minute, requestIds }) => {
    const digest = createHash('sha256')
      .update([...requestIds].sort().join('\n'))
      .digest('hex')
      .slice(0, 32);
    const windowStart = new Date(minute).toISOString();
    return {
      factId: `api.${access.credential}.${access.userId}.${windowStart}.${digest}`,
      tenantId: access.tenantId,
      meter: 'api.calls',
      dimension: `${access.credential}:${access.userId}`,
      quantity: String(requestIds.size),
      occurredAt: windowStart,
    };
  });
};
