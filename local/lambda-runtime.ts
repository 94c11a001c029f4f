/**
 * Runs the manifest's functions in this process, as Lambda would: the module is imported once
 * (cold start), then its `handler` is called with the event and a Lambda-shaped context. The
 * environment is set before the first import, because functions parse it at cold start.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type FunctionName, functions, type TableAccess } from '../infra/manifest.ts';
import { runWithDataAccessRole } from '../shared/adapters/aws/invocation-data-access-role.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalLambdaRuntime {
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Imports every function once, so the first request does not pay the cold start. */
  warmUp(): Promise<void>;
}

const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functions, name);

export const assertFunctionName = (name: string): FunctionName => {
  if (!isFunctionName(name)) throw new Error(`No function '${name}' in the manifest`);
  return name;
};

const specOf = (name: FunctionName) => {
  const spec = functions[name];
  if (spec === undefined) throw new Error(`No function '${name}' in the manifest`);
  return spec;
};

const lambdaContext = (name: FunctionName, timeoutSeconds: number, memoryMb: number): Context => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `guichet-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:guichet-local-${name}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/guichet-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

export const createLocalLambdaRuntime = (options: {
  readonly rootDir: string;
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The data-access role a function of this manifest `table` access may assume, as its own
   * environment would name it in AWS (one process here: named per invocation instead).
   */
  readonly dataAccessRoleFor?: (access: TableAccess) => string;
}): LocalLambdaRuntime => {
  Object.assign(process.env, options.environment);
  const handlers = new Map<FunctionName, Promise<Handler>>();

  const load = (name: FunctionName): Promise<Handler> => {
    let handler = handlers.get(name);
    if (handler === undefined) {
      const { entry } = specOf(name);
      const url = pathToFileURL(resolve(options.rootDir, entry)).href;
      handler = import(url).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} exports no handler`);
        return module.handler as Handler;
      });
      handlers.set(name, handler);
    }
    return handler;
  };

  return {
    async invoke(name, event) {
      const spec = specOf(name);
      const handler = await load(name);
      const context = lambdaContext(name, spec.timeoutSeconds, spec.memoryMb);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${spec.timeoutSeconds} seconds (${name})`)),
          spec.timeoutSeconds * 1000,
        );
      });
      try {
        const run = async () => handler(event, context);
        const role = options.dataAccessRoleFor?.(spec.table);
        return await Promise.race([role === undefined ? run() : runWithDataAccessRole(role, run), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async warmUp() {
      await Promise.all(Object.keys(functions).map((name) => load(assertFunctionName(name))));
    },
  };
};
