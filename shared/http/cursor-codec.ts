/**
 * Pagination cursors handed to clients: the storage position, signed (HMAC-SHA256) and bound
 * to the caller's tenant, user and operation, so a cursor can neither be forged nor replayed
 * by another tenant to walk its partitions.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ValidationFailed } from '../domain/errors.ts';

export interface CursorScope {
  readonly tenantId: string;
  readonly userId: string;
  readonly operation: string;
}

const payloadSchema = z.object({ p: z.string(), s: z.string() });

const scopeKey = (scope: CursorScope): string => `${scope.tenantId}|${scope.userId}|${scope.operation}`;

const invalidCursor = () =>
  new ValidationFailed('The cursor is not valid for this request', [
    { location: 'query.cursor', message: 'unknown, tampered or issued for another request' },
  ]);

export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: string) {
    this.#key = Buffer.from(key, 'utf8');
  }

  encode(scope: CursorScope, position: string): string {
    const payload = Buffer.from(JSON.stringify({ p: position, s: scopeKey(scope) }), 'utf8').toString(
      'base64url',
    );
    return `${payload}.${this.#sign(payload)}`;
  }

  /** The position inside a cursor this codec issued for the same scope; 400 problem otherwise. */
  decode(scope: CursorScope, cursor: string): string {
    const [payload, signature, ...rest] = cursor.split('.');
    if (payload === undefined || signature === undefined || rest.length > 0) throw invalidCursor();
    const expected = Buffer.from(this.#sign(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCursor();
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    const parsed = payloadSchema.safeParse(decoded);
    if (!parsed.success || parsed.data.s !== scopeKey(scope)) throw invalidCursor();
    return parsed.data.p;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}
