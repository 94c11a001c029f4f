/**
 * Starts the local stack in a child process on free ports — its own Node, like a deployed
 * stage — for the test suite and the replay: ready when it prints GUICHET_READY, its state
 * (URL, demo tokens) in a temporary file; stopped with its whole process group, so DynamoDB
 * Local's JVM never outlives it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const READY_PREFIX = 'GUICHET_READY ';
const START_TIMEOUT_MS = 150_000;

export interface StartedStack {
  readonly apiUrl: string;
  /** The whole state file (`.guichet/local.json` shape): URLs and a token per demo role. */
  readonly state: unknown;
  readonly stop: () => Promise<void>;
}

export const startLocalStackProcess = async (
  options: { readonly echoStderr?: boolean } = {},
): Promise<StartedStack> => {
  const stateDir = await mkdtemp(join(tmpdir(), 'guichet-stack-'));
  const stateFile = join(stateDir, 'local.json');
  const root = resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/start.ts', '--ephemeral-ports', '--quiet', '--state-file', stateFile],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (options.echoStderr === true) process.stderr.write(chunk);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolveLater) => setTimeout(resolveLater, 5_000))]);
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone: the stack shut down cleanly.
      }
    }
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`local stack did not start in ${START_TIMEOUT_MS} ms:\n${stderr.join('')}`)),
        START_TIMEOUT_MS,
      );
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(READY_PREFIX)) {
          clearTimeout(timer);
          resolveReady();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`local stack exited with ${code} before it was ready:\n${stderr.join('')}`));
      });
    });
    const state: unknown = JSON.parse(await readFile(stateFile, 'utf8'));
    return { apiUrl: z.object({ apiUrl: z.string() }).parse(state).apiUrl, state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
