/**
 * Turns any error into an RFC 9457 problem response. Domain errors expose their message;
 * anything else is logged and answered as a generic 500 that reveals nothing.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, type Problem } from '../api/problem.ts';
import { DomainError, TooManyRequests } from '../domain/errors.ts';

export const problemResponse = (
  error: unknown,
  context: { readonly correlationId: string; readonly instance: string },
): APIGatewayProxyResult => {
  const headers: Record<string, string> = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'x-correlation-id': context.correlationId,
  };
  if (error instanceof DomainError) {
    if (error instanceof TooManyRequests) headers['retry-after'] = String(error.retryAfterSeconds);
    const problem: Problem = {
      type: `${PROBLEM_TYPE_BASE}${error.problemType}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      instance: context.instance,
      correlationId: context.correlationId,
      ...(error.fields.length > 0 ? { errors: [...error.fields] } : {}),
    };
    return { statusCode: error.status, headers, body: JSON.stringify(problem) };
  }
  const problem: Problem = {
    type: `${PROBLEM_TYPE_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; quote the correlation id to support.',
    instance: context.instance,
    correlationId: context.correlationId,
  };
  return { statusCode: 500, headers, body: JSON.stringify(problem) };
};
