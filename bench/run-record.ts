/** The shape of `bench/results/latest.json`: one whole `npm run bench`. */
import type { NormalisedBenchmarkResult } from './benchmark-result.ts';
import type { CostModel } from './cost-model.ts';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGb: number;
  readonly nodeVersion: string;
  readonly os: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
}

export interface BenchmarkRun {
  readonly timestamp: string;
  readonly durationSeconds: number;
  readonly machine: MachineDescription;
  readonly git: { readonly commit: string; readonly branch: string; readonly dirty: boolean };
  /** Benchmark modules found under bench/ (file names), in the order they ran. */
  readonly modules: readonly string[];
  readonly results: readonly NormalisedBenchmarkResult[];
  readonly costModel: CostModel;
}
