/**
 * Starts the local stack in a child process on free ports, exactly as the test global setup
 * does (its own process group, ready when it prints GUICHET_READY, its URL in a state file),
 * and stops it with its whole group (DynamoDB Local's JVM included).
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
  readonly stop: () => Promise<void>;
}

export const startLocalStackProcess = async (): Promise<StartedStack> => {
  const stateDir = await mkdtemp(join(tmpdir(), 'guichet-replay-'));
  const stateFile = join(stateDir, 'local.json');
  const root = resolve(import.meta.dirname, '../..');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/start.ts', '--ephemeral-ports', '--quiet', '--state-file', stateFile],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
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
    const state = z.object({ apiUrl: z.string() }).parse(JSON.parse(await readFile(stateFile, 'utf8')));
    return { apiUrl: state.apiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
