/**
 * Local stack only: which data-access role the current invocation's function may assume.
 *
 * In AWS every function has its own environment, whose `GUICHET_DATA_ACCESS_ROLE_ARN` names the
 * read-only or the read-write data-access role after the function's manifest `table` access.
 * The local runtime runs every function in one process with one environment, so it names the
 * role per invocation instead (`runWithDataAccessRole`), and the data clients pick it up here.
 * Outside such a run (AWS, unit tests) there is none and the configured role applies.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const invocationRole = new AsyncLocalStorage<string>();

export const runWithDataAccessRole = <T>(roleArn: string, work: () => Promise<T>): Promise<T> =>
  invocationRole.run(roleArn, work);

export const dataAccessRoleOfInvocation = (): string | undefined => invocationRole.getStore();
