/**
 * Serves one page of a list operation: decodes the caller's cursor into a storage position,
 * fetches the page, and signs the next position into the next cursor. Every list endpoint
 * pages the same way through this.
 */
import type { Page, PageRequest } from '../domain/shared/ports.ts';
import type { CursorCodec, CursorScope } from './cursor-codec.ts';
import type { HttpResponse } from './http-operation.ts';

export const pagedResponse = async <T, R>(options: {
  readonly cursors: CursorCodec;
  readonly scope: CursorScope;
  readonly query: { readonly limit: number; readonly cursor?: string | undefined };
  readonly fetchPage: (page: PageRequest) => Promise<Page<T>>;
  readonly toResource: (item: T) => R;
}): Promise<HttpResponse> => {
  const { cursors, scope, query } = options;
  const page = await options.fetchPage({
    limit: query.limit,
    after: query.cursor === undefined ? undefined : cursors.decode(scope, query.cursor),
  });
  return {
    status: 200,
    body: {
      items: page.items.map(options.toResource),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
};
