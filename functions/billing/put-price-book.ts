/** PUT /v1/billing/price-books/{ref} — finance stores the price book engagements refer to. */
import { putPriceBookOperation } from '../../shared/api/billing-price-books.ts';
import { parsePriceBook } from '../../shared/domain/billing/price-book.ts';
import { Forbidden } from '../../shared/domain/errors.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { priceBooks } from './deps.ts';

export const handler = httpOperation('putBillingPriceBook', putPriceBookOperation, async (request) => {
  const { principal } = request;
  // Provider finance manages its own books only; platform finance any provider's.
  if (
    principal.kind === 'tenant' ||
    (principal.kind === 'provider' && principal.providerId !== request.body.providerId)
  ) {
    throw new Forbidden('Finance may only manage the price books of its own provider');
  }
  const stored = {
    ref: request.path.ref,
    providerId: request.body.providerId,
    priceBook: parsePriceBook(request.body.priceBook),
  };
  await priceBooks.put(stored);
  return { status: 200, body: stored };
});
