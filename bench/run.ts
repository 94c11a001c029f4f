/**
 * `npm run bench`: runs every benchmark module under `bench/` (each `*.bench.ts`, see
 * `bench/benchmark-result.ts` for the convention), writes `bench/results/latest.json`, and
 * regenerates the results table of `docs/performance.md` and the whole of `docs/cost-model.md`.
 *
 * A benchmark never fails the run on a number: a failing module is reported in the results with
 * its error, and the run goes on. `BENCH_ONLY=cold-start,capacity` runs a subset and writes
 * `bench/results/partial.json` only (the committed results and documents stay whole).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type BenchmarkContext,
  benchmarkResultSchema,
  type NormalisedBenchmarkResult,
  ratioOf,
} from './benchmark-result.ts';
import { buildCostModel } from './cost-model.ts';
import { renderCostModel, renderResultsSection, withResultsSection } from './render-docs.ts';
import type { BenchmarkRun, MachineDescription } from './run-record.ts';
import { type RunningBenchStack, startBenchStackProcess } from './support/bench-stack-process.ts';
import { discoverBenchmarkModules, runFunctionOf } from './support/benchmark-modules.ts';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(rootDir, 'bench');
const MODULE_TIMEOUT_MS = Number(process.env.BENCH_MODULE_TIMEOUT_MS ?? 300_000) || 300_000;
const BUDGET_SECONDS = 600;

/** A module may ask for a longer budget than the default (`export const budgetSeconds = …`). */
const budgetOf = (module: Record<string, unknown>): number | undefined =>
  typeof module.budgetSeconds === 'number' && process.env.BENCH_MODULE_TIMEOUT_MS === undefined
    ? module.budgetSeconds * 1000
    : undefined;

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const git = (...args: string[]): string => {
  try {
    return execFileSync('git', args, { cwd: rootDir, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const idOf = (file: string) => file.replace(/\.bench\.ts$/, '');

const failedResult = (file: string, message: string): NormalisedBenchmarkResult => ({
  id: idOf(file),
  title: `${idOf(file)} (failed)`,
  figures: [],
  notes: [`The benchmark did not complete: ${message.slice(0, 1000)}`],
});

/** Validates a module's answer and fills in the ratios it left out. */
const normalise = (file: string, value: unknown): NormalisedBenchmarkResult => {
  const parsed = benchmarkResultSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ...failedResult(
        file,
        `its result does not match BenchmarkResult (${parsed.error.message.slice(0, 300)})`,
      ),
      data: { raw: value },
    };
  }
  return {
    ...parsed.data,
    figures: parsed.data.figures.map((figure) => ({
      ...figure,
      ratio: figure.ratio ?? ratioOf(figure.value, figure.floor),
    })),
  };
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

const describeMachine = (loadAverageAtStart: number[]): MachineDescription => ({
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  cpuCount: cpus().length,
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  nodeVersion: process.version,
  os: `${type()} ${release()}`,
  loadAverageAtStart: loadAverageAtStart.map((value) => Math.round(value * 100) / 100),
  loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
});

const writeAtomically = async (path: string, content: string) => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
};

const main = async () => {
  const started = Date.now();
  const loadAtStart = loadavg();
  const only = process.env.BENCH_ONLY?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const modules = (await discoverBenchmarkModules(benchDir)).filter(
    (file) => only === undefined || only.includes(idOf(file)),
  );
  log(`benchmarks: ${modules.join(', ')}`);

  let stack: Promise<RunningBenchStack> | undefined;
  const context: BenchmarkContext = {
    rootDir,
    log,
    localStack: () => {
      if (stack === undefined) {
        log('starting the bench stack (local stack + measuring proxy + floor server)');
        stack = startBenchStackProcess(rootDir);
      }
      return stack;
    },
  };

  const results: NormalisedBenchmarkResult[] = [];
  try {
    for (const file of modules) {
      const moduleStarted = Date.now();
      log(`${file}: running`);
      try {
        const module: Record<string, unknown> = await import(pathToFileURL(join(benchDir, file)).href);
        const run = runFunctionOf(module);
        const budgetMs = budgetOf(module) ?? MODULE_TIMEOUT_MS;
        if (run === undefined) {
          results.push(failedResult(file, 'it exports neither `run` nor a `run…Benchmark` function'));
          continue;
        }
        const budget = new AbortController();
        try {
          const result = await withTimeout(run({ ...context, signal: budget.signal }), budgetMs, file);
          results.push(normalise(file, result));
        } finally {
          // A module that outlived its budget stops its loops instead of loading the next module's run.
          budget.abort();
        }
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${file}: failed: ${message}`);
        results.push(failedResult(file, message));
      }
      log(`${file}: done in ${Math.round((Date.now() - moduleStarted) / 1000)} s`);
    }
  } finally {
    if (stack !== undefined) {
      log('stopping the bench stack');
      await (await stack.catch(() => undefined))?.stop();
    }
  }

  const costModel = buildCostModel(results);
  const durationSeconds = (Date.now() - started) / 1000;
  const record: BenchmarkRun = {
    timestamp: new Date().toISOString(),
    durationSeconds: Math.round(durationSeconds),
    machine: describeMachine(loadAtStart),
    git: {
      commit: git('rev-parse', 'HEAD'),
      branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
      dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    },
    modules,
    results,
    costModel,
  };
  const json = `${JSON.stringify(record, null, 2)}\n`;
  if (only !== undefined) {
    await writeAtomically(join(benchDir, 'results/partial.json'), json);
    log('subset run: wrote bench/results/partial.json only');
  } else {
    await writeAtomically(join(benchDir, 'results/latest.json'), json);
    const performancePath = join(rootDir, 'docs/performance.md');
    const performance = await readFile(performancePath, 'utf8').catch(() => '# Performance\n');
    await writeAtomically(performancePath, withResultsSection(performance, renderResultsSection(record)));
    const costModelPath = join(rootDir, 'docs/cost-model.md');
    await writeAtomically(costModelPath, renderCostModel(record, costModel));
    log('wrote bench/results/latest.json, docs/performance.md, docs/cost-model.md');
  }
  if (durationSeconds > BUDGET_SECONDS)
    log(`warning: the run took ${Math.round(durationSeconds)} s, over the ${BUDGET_SECONDS} s budget`);
  log(`done in ${Math.round(durationSeconds)} s`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
