/**
 * The contract between `bench/run.ts` and every benchmark module.
 *
 * Convention: every `bench/*.bench.ts` module is a benchmark. It exports `run` (or, for modules
 * written before this convention, any exported function named `run…Benchmark`) returning a
 * `Promise<BenchmarkResult>`. The runner finds the modules by their file name, so a new
 * benchmark plugs in without editing the runner. `run` receives a `BenchmarkContext` and may
 * ignore it.
 */
import { z } from 'zod';

/** One measured number, compared with its floor when it has one. */
export const figureSchema = z.object({
  /** Stable, human-readable name, e.g. `createTicket c=8 p99`. */
  name: z.string().min(1),
  unit: z.string(),
  /** `null` when the measurement failed or is not yet available (then `note` says why). */
  value: z.number().nullable(),
  /** The same figure for the floor (the least any implementation could do), measured in the same run. */
  floor: z.number().nullable().optional(),
  /** `value / floor`; the runner computes it when a benchmark leaves it out. */
  ratio: z.number().nullable().optional(),
  /** `true` for times, sizes, capacity; `false` for throughput. Decides how a ratio reads. */
  lowerIsBetter: z.boolean().default(true),
  note: z.string().optional(),
});

export type Figure = z.input<typeof figureSchema>;
export type NormalisedFigure = z.output<typeof figureSchema>;

export const benchmarkResultSchema = z.object({
  /** Short id, e.g. `cold-start`; also the key in `bench/results/latest.json`. */
  id: z.string().min(1),
  title: z.string().min(1),
  /** One line on what a figure means and what its floor is. */
  method: z.string().optional(),
  figures: z.array(figureSchema),
  /** Anything worth reading next to the numbers: skipped steps, caveats. */
  notes: z.array(z.string()).default([]),
  /** Structured detail other parts of the runner (the cost model) read. */
  data: z.record(z.string(), z.unknown()).optional(),
});

export type BenchmarkResult = z.input<typeof benchmarkResultSchema>;
export type NormalisedBenchmarkResult = z.output<typeof benchmarkResultSchema>;

/** What the runner hands every benchmark. */
export interface BenchmarkContext {
  /** Repository root (absolute). */
  readonly rootDir: string;
  /** The local stack started for the benchmarks, started on first use and shared by all of them. */
  readonly localStack: () => Promise<BenchLocalStack>;
  /** Progress output (stderr); results go in the returned value. */
  readonly log: (message: string) => void;
  /** Aborted when the module runs out of its time budget: long loops stop at the next step. */
  readonly signal?: AbortSignal;
}

/** The running bench stack: the local stack plus the bench's own measuring endpoints. */
export interface BenchLocalStack {
  readonly apiUrl: string;
  /** Demo organisations and their tokens, as `npm start` writes them to its state file. */
  readonly state: unknown;
  /** The floor server: the single equivalent DynamoDB call per API operation. */
  readonly floorUrl: string;
  /** Control endpoints of the capacity-measuring proxy (`/capacity`, `/capacity/reset`). */
  readonly controlUrl: string;
  /** DynamoDB Local itself, behind no guard and no measuring proxy (any key is admin there). */
  readonly dynamoDbLocalEndpoint: string;
  readonly tableName: string;
}

/** `value / floor`, or `null` when either is missing or the floor is zero. */
export const ratioOf = (value: number | null, floor: number | null | undefined): number | null =>
  value === null || floor === null || floor === undefined || floor === 0 ? null : value / floor;
