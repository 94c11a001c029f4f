/**
 * Starts `bench/support/bench-stack.ts` in a child process and waits for its readiness line,
 * as `test/support/global-setup.ts` does for the test stack.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { BenchLocalStack } from '../benchmark-result.ts';

const READY_PREFIX = 'GUICHET_BENCH_READY ';
const START_TIMEOUT_MS = 120_000;

const readySchema = z.object({
  apiUrl: z.string(),
  stateFile: z.string(),
  floorUrl: z.string(),
  controlUrl: z.string(),
  dynamoDbLocalEndpoint: z.string(),
  tableName: z.string(),
});

export interface RunningBenchStack extends BenchLocalStack {
  stop(): Promise<void>;
}

export const startBenchStackProcess = async (rootDir: string): Promise<RunningBenchStack> => {
  const stateDir = await mkdtemp(join(tmpdir(), 'guichet-bench-'));
  const stateFile = join(stateDir, 'local.json');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/support/bench-stack.ts', '--state-file', stateFile],
    {
      cwd: rootDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const ready = await new Promise<z.infer<typeof readySchema>>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench stack did not start in ${START_TIMEOUT_MS} ms:\n${stderr.join('')}`)),
      START_TIMEOUT_MS,
    );
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX));
      if (line !== undefined) {
        clearTimeout(timer);
        resolveReady(readySchema.parse(JSON.parse(line.slice(READY_PREFIX.length))));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench stack exited with ${code} before it was ready:\n${stderr.join('')}`));
    });
  });
  const state: unknown = JSON.parse(await readFile(stateFile, 'utf8'));
  return {
    apiUrl: ready.apiUrl,
    floorUrl: ready.floorUrl,
    controlUrl: ready.controlUrl,
    dynamoDbLocalEndpoint: ready.dynamoDbLocalEndpoint,
    tableName: ready.tableName,
    state,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolveLater) => setTimeout(resolveLater, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
};
