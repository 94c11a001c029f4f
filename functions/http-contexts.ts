/**
 * The bounded contexts that serve HTTP, each one Lambda function, and what is derived from
 * their operation declarations: the permission table and the contracts the OpenAPI document is
 * generated from (the manifest derives the routes and functions from the same list).
 */
import type { OperationContract } from '../shared/api/operation-contract.ts';
import { operationContracts as legacyContracts } from '../shared/api/operations.ts';
import {
  permissionTable as legacyPermissions,
  type PermissionTable,
} from '../shared/domain/tenancy/permissions.ts';
import { ticketsContext } from './tickets/operations.ts';

export const httpContexts = [ticketsContext] as const;

const declaredOperations = httpContexts.flatMap((context) => context.operations);

/** Which roles may call which operation: read by API key issuance and the authorisation matrix. */
export const permissionTable: PermissionTable = {
  ...legacyPermissions,
  ...Object.fromEntries(
    declaredOperations.flatMap((operation) =>
      operation.auth === 'public' ? [] : [[operation.id, operation.roles] as const],
    ),
  ),
};

/** Every authenticated operation's contract by operation id. */
export const operationContracts: Readonly<Record<string, OperationContract>> = {
  ...legacyContracts,
  ...Object.fromEntries(
    declaredOperations.flatMap((operation) =>
      operation.auth === 'public' ? [] : [[operation.id, operation.contract] as const],
    ),
  ),
};
