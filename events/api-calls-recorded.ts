/**
 * `ApiCallsRecorded`: how many API calls one caller (tenant user or API key) made in a short
 * window. Emitted by the API edge's usage reporter (in AWS: from the access-log subscription;
 * locally: injected by tests); one event per caller per window, its `eventId` stable for the
 * window so a re-emitted report is counted once.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const apiCallsRecordedDetailSchema = eventEnvelopeSchema.extend({
  usage: z.object({
    /** The API key id, or the user id for token callers. */
    callerId: z.string().min(1),
    credential: z.enum(['token', 'api_key']),
    calls: z.number().int().positive(),
    windowStart: z.iso.datetime(),
    windowEnd: z.iso.datetime(),
  }),
});

export type ApiCallsRecordedDetail = z.infer<typeof apiCallsRecordedDetailSchema>;

export const ApiCallsRecorded = defineEvent(
  'ApiCallsRecorded',
  apiCallsRecordedDetailSchema,
  'API calls of one caller in one window (billing meter api.calls).',
);
