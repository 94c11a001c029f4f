/**
 * Starts the real local stack once per test run, as `npm start` does but on free ports and in
 * a child process (its own Node, like a deployed stage), and hands its URL and demo tokens to
 * the tests through `inject('localStack')`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const READY_PREFIX = 'GUICHET_READY ';
const START_TIMEOUT_MS = 150_000;

let child: ChildProcess | undefined;
let stateDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  stateDir = await mkdtemp(join(tmpdir(), 'guichet-test-'));
  const stateFile = join(stateDir, 'local.json');
  const root = resolve(import.meta.dirname, '../..');
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/start.ts', '--ephemeral-ports', '--quiet', '--state-file', stateFile],
    // A short authoriser cache keeps revocation tests fast; production uses the manifest's TTL.
    // Its own process group, so teardown can take DynamoDB Local's JVM down with it whatever happens.
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    },
  );
  child = started;
  const stderr: string[] = [];
  started.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (process.env.GUICHET_TEST_STACK_LOG === '1') process.stderr.write(chunk);
  });

  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local stack did not start in ${START_TIMEOUT_MS} ms:\n${stderr.join('')}`)),
      START_TIMEOUT_MS,
    );
    let stdout = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(READY_PREFIX)) {
        clearTimeout(timer);
        resolveReady();
      }
    });
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code} before it was ready:\n${stderr.join('')}`));
    });
  });

  project.provide('localStack', JSON.parse(await readFile(stateFile, 'utf8')));

  return async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolveExit) => child?.once('exit', resolveExit));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolveLater) => setTimeout(resolveLater, 5_000))]);
    }
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone: the stack shut down cleanly.
      }
    }
    if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  };
}
