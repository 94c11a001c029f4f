/** Finds the benchmark modules under `bench/` and their entry function (the convention of `bench/benchmark-result.ts`). */
import { readdir } from 'node:fs/promises';
import type { BenchmarkContext } from '../benchmark-result.ts';

/** These run first, in this order (the cost model reads them); any other module follows by name. */
const PREFERRED_ORDER = ['cold-start.bench.ts', 'api-latency.bench.ts', 'capacity.bench.ts'];

export const discoverBenchmarkModules = async (directory: string): Promise<string[]> => {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.bench.ts'));
  const preferred = PREFERRED_ORDER.filter((file) => files.includes(file));
  const others = files.filter((file) => !PREFERRED_ORDER.includes(file)).sort();
  return [...preferred, ...others];
};

type RunFunction = (context: BenchmarkContext) => Promise<unknown>;

/** `run`, or else the one export named `run…Benchmark` (modules written before the convention). */
export const runFunctionOf = (module: Record<string, unknown>): RunFunction | undefined => {
  const candidate =
    typeof module.run === 'function'
      ? module.run
      : Object.entries(module).find(
          ([name, value]) => /^run\w*Benchmark$/.test(name) && typeof value === 'function',
        )?.[1];
  if (typeof candidate !== 'function') return undefined;
  return (context) => Promise.resolve(candidate(context));
};
