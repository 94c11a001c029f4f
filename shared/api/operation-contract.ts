/**
 * An operation's HTTP contract as zod schemas: what it accepts (path, query, headers, body)
 * and what it answers. The same objects validate requests at run time and generate the
 * OpenAPI document, so the documentation cannot disagree with the code.
 */
import type { z } from 'zod';

export interface ResponseContract {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Response headers worth documenting (ETag, Location, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OperationContract<
  TPath extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  THeaders extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
> {
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly path?: TPath;
  readonly query?: TQuery;
  readonly headers?: THeaders;
  readonly body?: TBody;
  readonly responses: Readonly<Record<number, ResponseContract>>;
}

/** Keeps the literal schema types of a contract so handlers get typed inputs. */
export const defineContract = <
  TPath extends z.ZodType = z.ZodUndefined,
  TQuery extends z.ZodType = z.ZodUndefined,
  THeaders extends z.ZodType = z.ZodUndefined,
  TBody extends z.ZodType = z.ZodUndefined,
>(
  contract: OperationContract<TPath, TQuery, THeaders, TBody>,
) => contract;
