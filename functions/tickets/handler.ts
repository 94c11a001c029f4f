/** The tickets context's function: every operation of `operations.ts`, routed in-function. */
import { httpContextHandler } from '../../shared/http/operation-declaration.ts';
import { createTicketsDeps } from './deps.ts';
import { ticketsContext } from './operations.ts';

export const handler = httpContextHandler(ticketsContext, () => createTicketsDeps());
