/**
 * The local stack's EventBridge: an HTTP endpoint that speaks enough of the EventBridge JSON 1.1
 * protocol (`AWSEvents.PutEvents`) for the real `@aws-sdk/client-eventbridge` to publish to it,
 * matches every accepted event against the rules of `events/rules.ts`, and delivers it to the
 * rules' targets after answering, with retries and an in-memory dead-letter list, as EventBridge
 * does with its retry policy and target DLQs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import type { RuleSpec, RuleTarget } from '../../events/rules.ts';
import { assertValidEventPattern, matchesEventPattern } from './event-pattern-matcher.ts';

/** Account id of every local ARN and event, the one the local emulators share. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Hands one event to one rule target; a rejection means "not delivered, try again". */
export type DeliverToTarget = (target: RuleTarget, event: EventBridgeEvent<string, unknown>) => Promise<void>;

/** An event whose delivery to one target was given up, kept for tests and for inspection. */
export interface DeadLetter {
  readonly ruleName: string;
  readonly target: RuleTarget;
  readonly event: EventBridgeEvent<string, unknown>;
  readonly attempts: number;
  readonly error: string;
  readonly at: string;
}

/** Where the bus reports what it cannot tell a caller (deliveries happen after the response). */
export type BusLogger = (message: string, details: Readonly<Record<string, unknown>>) => void;

/** How to start the local bus: which bus it is, which rules it routes, and how it delivers. */
export interface LocalEventBusOptions {
  /** Name of the custom bus; entries must name it (or its ARN) in `EventBusName`. */
  readonly busName: string;
  readonly rules: readonly RuleSpec[];
  readonly deliver: DeliverToTarget;
  /** TCP port; 0 picks a free one (read it back from `url`). */
  readonly port?: number;
  readonly host?: string;
  /** Used when a request carries no SigV4 credential scope to read the region from. */
  readonly defaultRegion?: string;
  /** Delivery attempts per target before dead-lettering (EventBridge's default policy retries for 24 h). */
  readonly maxDeliveryAttempts?: number;
  /** First retry delay; each later one doubles it. */
  readonly retryBaseDelayMs?: number;
  /** Accepted events kept for `events()`; the oldest are dropped first. */
  readonly archiveLimit?: number;
  readonly log?: BusLogger;
}

/** A running local bus. */
export interface LocalEventBus {
  /** Endpoint for `new EventBridgeClient({ endpoint: bus.url })`. */
  readonly url: string;
  readonly busName: string;
  readonly busArn: string;
  /** Target deliveries that succeeded so far. */
  readonly deliveredCount: number;
  /** Deliveries given up on (retries exhausted, or the bus stopped first). */
  readonly deadLetters: readonly DeadLetter[];
  /** Accepted events, oldest first, bounded by `archiveLimit`. */
  events(): readonly EventBridgeEvent<string, unknown>[];
  /** Resolves once no delivery is pending or waiting for a retry. */
  idle(): Promise<void>;
  /** Fault injection: the next `count` PutEvents calls answer HTTP 500 `InternalException`. */
  failPutEvents(count: number): void;
  /** Stops accepting requests, cancels pending retries (dead-lettering them) and waits for in-flight deliveries. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
const DEFAULT_RETRY_BASE_DELAY_MS = 50;
const DEFAULT_ARCHIVE_LIMIT = 10_000;
/** PutEvents accepts at most 256 KiB per entry and 10 entries; a little headroom for the JSON framing. */
const MAX_REQUEST_BYTES = 10 * 256 * 1024 + 64 * 1024;
const MAX_ENTRIES = 10;
const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';

const putEventsRequestSchema = z.object({
  Entries: z.array(z.unknown()),
  EndpointId: z.string().optional(),
});

// Every field is optional here so that a bad entry yields a per-entry error, as AWS does, instead
// of failing the whole request.
const entrySchema = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  // The SDK serialises timestamps as epoch seconds in JSON 1.1; hand-written clients send ISO strings.
  Time: z.union([z.number(), z.string()]).optional(),
  TraceHeader: z.string().optional(),
});

const detailObjectSchema = z.record(z.string(), z.unknown());

type EntryResult =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const sendJson = (response: ServerResponse, status: number, body: unknown, errorType?: string): void => {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  response.end(payload);
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES)
      throw new AwsError(413, 'RequestEntityTooLargeException', 'Request too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** The region of a SigV4 `Authorization` header's credential scope (`Credential=AKID/date/region/service/…`). */
const regionFromAuthorization = (authorization: string | undefined): string | undefined =>
  authorization === undefined ? undefined : /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1];

/** EventBridge writes `time` to the second, without milliseconds. */
const toEventTime = (time: number | string | undefined, now: Date): string | undefined => {
  const date = time === undefined ? now : new Date(typeof time === 'number' ? time * 1000 : time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
};

const errorMessageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

const defaultLog: BusLogger = (message, details) => {
  console.error(JSON.stringify({ level: 'ERROR', component: 'local-event-bus', message, ...details }));
};

/**
 * Starts the local bus and resolves once it listens.
 *
 * @throws Error when a rule's pattern is malformed (checked before listening).
 */
export const startLocalEventBus = async (options: LocalEventBusOptions): Promise<LocalEventBus> => {
  for (const rule of options.rules) assertValidEventPattern(rule.pattern, rule.name);
  const maxAttempts = options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
  const baseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const archiveLimit = options.archiveLimit ?? DEFAULT_ARCHIVE_LIMIT;
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const log = options.log ?? defaultLog;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxDeliveryAttempts must be ≥ 1');

  const archive: EventBridgeEvent<string, unknown>[] = [];
  const deadLetters: DeadLetter[] = [];
  const pending = new Set<Promise<void>>();
  const stopping = new AbortController();
  let deliveredCount = 0;
  let putEventsFailuresToInject = 0;

  const busArn = (region: string): string =>
    `arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:event-bus/${options.busName}`;
  const namesThisBus = (name: string, region: string): boolean =>
    name === options.busName || name === busArn(region);

  const deliverWithRetries = async (
    rule: RuleSpec,
    target: RuleTarget,
    event: EventBridgeEvent<string, unknown>,
  ): Promise<void> => {
    let attempts = 0;
    let lastError = 'local bus stopped before delivery was attempted';
    while (attempts < maxAttempts && !stopping.signal.aborted) {
      attempts += 1;
      try {
        await options.deliver(target, event);
        deliveredCount += 1;
        return;
      } catch (error) {
        lastError = errorMessageOf(error);
      }
      if (attempts < maxAttempts) {
        try {
          await sleep(baseDelayMs * 2 ** (attempts - 1), stopping.signal);
        } catch {
          lastError = `local bus stopped before delivery succeeded (last error: ${lastError})`;
        }
      }
    }
    const deadLetter: DeadLetter = {
      ruleName: rule.name,
      target,
      event,
      attempts,
      error: lastError,
      at: new Date().toISOString(),
    };
    deadLetters.push(deadLetter);
    log('event delivery failed; dead-lettered', {
      ruleName: rule.name,
      target,
      eventId: event.id,
      detailType: event['detail-type'],
      attempts,
      error: lastError,
    });
  };

  const dispatch = (event: EventBridgeEvent<string, unknown>): void => {
    for (const rule of options.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) {
        const delivery = deliverWithRetries(rule, target, event).finally(() => pending.delete(delivery));
        pending.add(delivery);
      }
    }
  };

  const acceptEntry = (
    rawEntry: unknown,
    region: string,
    now: Date,
  ): { readonly result: EntryResult; readonly event?: EventBridgeEvent<string, unknown> } => {
    const invalid = (message: string) => ({
      result: { ErrorCode: 'InvalidArgument', ErrorMessage: message },
    });
    const parsedEntry = entrySchema.safeParse(rawEntry);
    if (!parsedEntry.success) return invalid(`Parameter Entry is not valid: ${parsedEntry.error.message}`);
    const entry = parsedEntry.data;
    if (entry.Source === undefined || entry.Source === '') {
      return invalid('Parameter Source is not valid. Reason: Source is a required argument.');
    }
    if (entry.DetailType === undefined || entry.DetailType === '') {
      return invalid('Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    }
    if (entry.Detail === undefined) {
      return invalid('Parameter Detail is not valid. Reason: Detail is a required argument.');
    }
    const busName = entry.EventBusName ?? 'default';
    if (!namesThisBus(busName, region)) return invalid(`Event bus ${busName} does not exist.`);
    let detailJson: unknown;
    try {
      detailJson = JSON.parse(entry.Detail);
    } catch {
      detailJson = undefined;
    }
    const detail = detailObjectSchema.safeParse(detailJson);
    if (!detail.success)
      return { result: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
    const time = toEventTime(entry.Time, now);
    if (time === undefined) return invalid('Parameter Time is not valid.');
    const event: EventBridgeEvent<string, unknown> = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT_ID,
      time,
      region,
      resources: entry.Resources ?? [],
      detail: detail.data,
    };
    return { result: { EventId: event.id }, event };
  };

  const handlePutEvents = (
    body: string,
    region: string,
  ): { response: unknown; accepted: EventBridgeEvent<string, unknown>[] } => {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AwsError(400, 'SerializationException', 'Request body is not valid JSON');
    }
    const request = putEventsRequestSchema.safeParse(json);
    if (!request.success) throw new AwsError(400, 'ValidationException', request.error.message);
    if (request.data.EndpointId !== undefined) {
      throw new AwsError(400, 'ValidationException', 'Global endpoints are not supported by the local bus');
    }
    const entries = request.data.Entries;
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new AwsError(
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
    }
    const now = new Date();
    const outcomes = entries.map((entry) => acceptEntry(entry, region, now));
    const accepted = outcomes.flatMap((outcome) => (outcome.event === undefined ? [] : [outcome.event]));
    return {
      response: {
        FailedEntryCount: outcomes.length - accepted.length,
        Entries: outcomes.map((outcome) => outcome.result),
      },
      accepted,
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const body = await readBody(request);
      if (request.method !== 'POST')
        throw new AwsError(405, 'UnknownOperationException', 'Only POST is supported');
      const target = request.headers['x-amz-target'];
      if (target !== PUT_EVENTS_TARGET) {
        throw new AwsError(
          400,
          'UnknownOperationException',
          `Operation ${String(target)} is not supported locally`,
        );
      }
      if (putEventsFailuresToInject > 0) {
        putEventsFailuresToInject -= 1;
        throw new AwsError(500, 'InternalException', 'Injected failure (local bus fault injection)');
      }
      const region = regionFromAuthorization(request.headers.authorization) ?? defaultRegion;
      const { response: result, accepted } = handlePutEvents(body, region);
      for (const event of accepted) {
        archive.push(event);
        if (archive.length > archiveLimit) archive.splice(0, archive.length - archiveLimit);
      }
      // Deliveries start once the caller has its answer: PutEvents never waits for targets.
      response.once('finish', () => {
        for (const event of accepted) dispatch(event);
      });
      sendJson(response, 200, result);
    } catch (error) {
      const awsError =
        error instanceof AwsError ? error : new AwsError(500, 'InternalException', errorMessageOf(error));
      if (awsError.status >= 500 && !(error instanceof AwsError))
        log('PutEvents failed', { error: awsError.message });
      sendJson(
        response,
        awsError.status,
        { __type: awsError.type, message: awsError.message },
        awsError.type,
      );
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('local event bus has no TCP address');
  const { address: host, port } = address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return {
    url,
    busName: options.busName,
    busArn: busArn(defaultRegion),
    get deliveredCount() {
      return deliveredCount;
    },
    deadLetters,
    events: () => [...archive],
    idle,
    failPutEvents: (count) => {
      if (!Number.isInteger(count) || count < 0)
        throw new Error('failPutEvents needs a non-negative integer');
      putEventsFailuresToInject = count;
    },
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // SDK clients keep connections alive; without this `close` would wait for them to time out.
      server.closeAllConnections();
      stopping.abort(new Error('local event bus stopped'));
      await Promise.all([closed, idle()]);
    },
  };
};
