/** What the benchmarks ask of the bench stack over HTTP: API calls, demo tokens, tallies, bus state. */
import { z } from 'zod';
import type { BenchLocalStack } from '../benchmark-result.ts';

const tokensSchema = z.record(z.string(), z.string());

export const stackStateSchema = z.object({
  apiUrl: z.string(),
  tenants: z.array(z.object({ id: z.string(), tokens: tokensSchema })),
  providers: z.array(z.object({ id: z.string(), tokens: tokensSchema })).default([]),
});

export type StackState = z.infer<typeof stackStateSchema>;

export const stackStateOf = (stack: BenchLocalStack): StackState => stackStateSchema.parse(stack.state);

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly elapsedMs: number;
  readonly etag: string | undefined;
}

export const apiCall = async (
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, elapsedMs, etag: response.headers.get('etag') ?? undefined };
};

const usageSchema = z.object({ requests: z.number(), units: z.number() });

export const tallySchema = z.object({
  requests: z.number(),
  readUnits: z.number(),
  writeUnits: z.number(),
  byOperation: z.record(z.string(), usageSchema),
  byCaller: z.object({ admin: usageSchema, function: usageSchema, scoped: usageSchema }),
});

export type Tally = z.infer<typeof tallySchema>;

export const readTally = async (stack: BenchLocalStack): Promise<Tally> =>
  tallySchema.parse(await (await fetch(`${stack.controlUrl}/capacity`)).json());

export const resetTally = async (stack: BenchLocalStack): Promise<void> => {
  await fetch(`${stack.controlUrl}/capacity/reset`, { method: 'POST' });
};

const busStateSchema = z.object({
  bus: z.object({ accepted: z.number(), delivered: z.number(), deadLetters: z.number() }),
  relay: z.object({ published: z.number(), failedAttempts: z.number() }),
  events: z.array(z.object({ id: z.string(), detailType: z.string() })),
});

export type BusState = z.infer<typeof busStateSchema>;

export const readBusState = async (stack: BenchLocalStack): Promise<BusState> =>
  busStateSchema.parse(await (await fetch(`${stack.apiUrl}/_local/state`)).json());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `probe` returns the same value (or the same `compare(value)`) for `quietMs`, at
 * most `timeoutMs`; returns the last value.
 */
export const waitUntilStable = async <T>(
  probe: () => Promise<T>,
  options: { quietMs: number; timeoutMs: number; pollMs?: number; compare?: (value: T) => unknown },
): Promise<{ value: T; stable: boolean }> => {
  const deadline = Date.now() + options.timeoutMs;
  const keyOf = (value: T): string =>
    JSON.stringify(options.compare === undefined ? value : options.compare(value));
  let lastValue = await probe();
  let last = keyOf(lastValue);
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(options.pollMs ?? 200);
    const value = await probe();
    const serialised = keyOf(value);
    if (serialised !== last) {
      last = serialised;
      lastValue = value;
      since = Date.now();
    } else if (Date.now() - since >= options.quietMs) {
      return { value: lastValue, stable: true };
    }
  }
  return { value: lastValue, stable: false };
};

/** The event pipeline (outbox relay → bus → deliveries) has gone quiet. */
export const waitForQuietPipeline = (stack: BenchLocalStack, timeoutMs = 60_000) =>
  waitUntilStable(
    async () => {
      const [state, tally] = await Promise.all([readBusState(stack), readTally(stack)]);
      return [
        state.relay.published,
        state.bus.accepted,
        state.bus.delivered,
        tally.readUnits,
        tally.writeUnits,
      ];
    },
    { quietMs: 2_000, timeoutMs },
  );
