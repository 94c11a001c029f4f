/** The RFC 9457 problem document every error answers with. */
import { z } from 'zod';

export const PROBLEM_TYPE_BASE = 'https://guichet.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemSchema = z
  .object({
    type: z.url().describe('Stable URI of the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().describe('The request path'),
    correlationId: z.string(),
    errors: z
      .array(
        z.object({ location: z.string().describe('e.g. body.subject, query.limit'), message: z.string() }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

export const standardProblems = {
  400: { description: 'The request is malformed or invalid', schema: problemSchema },
  401: { description: 'Missing or invalid credentials', schema: problemSchema },
  403: { description: 'Not allowed for this role or tenant state', schema: problemSchema },
  413: { description: 'Body larger than the limit', schema: problemSchema },
  415: { description: 'Body is not application/json', schema: problemSchema },
  429: {
    description: 'Rate limit of the tier exceeded',
    schema: problemSchema,
    headers: { 'Retry-After': 'seconds' },
  },
} as const;
