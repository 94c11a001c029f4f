/**
 * The domain's named errors. Each knows the HTTP status it maps to and a stable problem type,
 * so one middleware turns any of them into an RFC 9457 problem; anything else is a 500.
 */
export interface ProblemField {
  /** Where the problem is: `body.subject`, `query.limit`, `header.Idempotency-Key`. */
  readonly location: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Last segment of the problem type URI, stable forever once published. */
  abstract readonly problemType: string;
  abstract readonly title: string;
  readonly fields: readonly ProblemField[];

  constructor(message: string, fields: readonly ProblemField[] = []) {
    super(message);
    this.name = new.target.name;
    this.fields = fields;
  }
}

export class ValidationFailed extends DomainError {
  readonly status = 400;
  readonly problemType = 'validation-failed';
  readonly title = 'The request is not valid';
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly problemType = 'unauthenticated';
  readonly title = 'Authentication is required';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly problemType = 'forbidden';
  readonly title = 'This operation is not allowed';
}

/** Also what a foreign tenant's object answers: ids must not be probeable. */
export class NotFound extends DomainError {
  readonly status = 404;
  readonly problemType = 'not-found';
  readonly title = 'Not found';
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly problemType = 'conflict';
  readonly title = 'The request conflicts with the current state';
}

export class IdempotencyKeyReused extends DomainError {
  readonly status = 422;
  readonly problemType = 'idempotency-key-reused';
  readonly title = 'This Idempotency-Key was used with a different request';
}

export class PreconditionFailed extends DomainError {
  readonly status = 412;
  readonly problemType = 'precondition-failed';
  readonly title = 'The resource changed since you read it';
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly problemType = 'payload-too-large';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly problemType = 'unsupported-media-type';
  readonly title = 'The request body must be application/json';
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly problemType = 'too-many-requests';
  readonly title = 'Too many requests';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Narrows a caught value to an Error, wrapping anything else (a thrown string, say). */
export const assertIsError = (value: unknown): Error =>
  value instanceof Error ? value : new Error(`Non-error thrown: ${String(value)}`);
