/**
 * P1 — cold start. Bundles every function of the manifest exactly as the CDK app does
 * (`infra/constructs/guichet-function.ts`: esbuild, ESM, minified, node22, source map, the
 * `createRequire` banner, the AWS SDK external as the feature flag in `cdk.json` decides), then
 * times a fresh Node process importing the bundle and running its initialisation (the module's
 * top-level code), median of ≥ 15 runs. Floor: a bundle that only imports
 * `@aws-sdk/client-dynamodb` and constructs a client, built and timed the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { z } from 'zod';
import { ESM_REQUIRE_BANNER } from '../infra/constructs/guichet-function.ts';
import { functions } from '../infra/manifest.ts';
import type { BenchmarkContext, BenchmarkResult, Figure } from './benchmark-result.ts';
import { median, quantile, round } from './support/statistics.ts';

const MINIMUM_RUNS = 15;
/** ≥ 15 fresh processes for each of 60–80 bundles: more than the runner's default 300 s on a busy 2-core machine. */
export const budgetSeconds = 480;
/** Kept free at the end of the budget for the report itself. */
const BUDGET_MARGIN_SECONDS = 20;
const FLOOR_NAME = 'floor (DynamoDB client only)';

const FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => ({ statusCode: 200, body: String(typeof client.send) });
`;

/** Imports the bundle, checks it exports a handler, and reports how long that took. */
const MEASURE_SOURCE = `const start = performance.now();
const module = await import(process.argv[2]);
const initMs = performance.now() - start;
if (typeof module.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write(JSON.stringify({ initMs, readyMs: performance.now() }));
process.exit(0);
`;

/** Dummy configuration so every function's top-level code succeeds; nothing is contacted at init. */
const INIT_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'BENCHCOLDSTART',
  AWS_SECRET_ACCESS_KEY: 'bench',
  GUICHET_STAGE: 'bench',
  GUICHET_TABLE_NAME: 'guichet-bench',
  GUICHET_EVENT_BUS_NAME: 'guichet-bench',
  GUICHET_BUCKET_NAME: 'guichet-bench-objects',
  GUICHET_DATA_ACCESS_ROLE_ARN: 'arn:aws:iam::000000000000:role/guichet-bench-data-access',
  // Locally the cursor key is literal; in AWS `loadCursorKey` reads Secrets Manager at init (not timed here).
  GUICHET_CURSOR_KEY: 'bench-cursor-key-bench-cursor-key-0123456789',
  // The authoriser and onboarding read their usage-plan configuration at init, as the stacks set it.
  GUICHET_SHARED_USAGE_KEY_IDS: JSON.stringify({ provider: 'benchprovider', platform: 'benchplatform' }),
  GUICHET_USAGE_PLAN_NAMES: JSON.stringify({
    free: 'bench-free',
    standard: 'bench-standard',
    premium: 'bench-premium',
  }),
  POWERTOOLS_SERVICE_NAME: 'guichet',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  // As the CDK app sets it: the bundle ships its source map.
  NODE_OPTIONS: '--enable-source-maps',
};

const cdkContextSchema = z.object({ context: z.record(z.string(), z.unknown()).default({}) });

/** The externals `NodejsFunction` uses for a Node 18+ runtime, as the feature flag decides. */
const sdkExternals = async (rootDir: string): Promise<string[]> => {
  const cdkJson = cdkContextSchema.parse(JSON.parse(await readFile(join(rootDir, 'cdk.json'), 'utf8')));
  return cdkJson.context['@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages'] === true
    ? ['@aws-sdk/*', '@smithy/*']
    : ['@aws-sdk/*'];
};

const measureOnce = (bundlePath: string, measurePath: string): Promise<{ initMs: number; readyMs: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [measurePath, bundlePath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', ...INIT_ENVIRONMENT },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`init of ${bundlePath} failed (exit ${code}): ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve(z.object({ initMs: z.number(), readyMs: z.number() }).parse(JSON.parse(stdout)));
    });
  });

interface Bundle {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly memoryMb: number | null;
  /** Bytes in the bundle per package (own code under `(own code)`), largest first. */
  readonly composition: readonly (readonly [string, number])[];
}

const PACKAGE_OF_INPUT = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** Which packages the bundle's bytes come from, from esbuild's metafile. */
const compositionOf = (inputs: Readonly<Record<string, { bytesInOutput: number }>>) => {
  const bytesByPackage = new Map<string, number>();
  for (const [file, input] of Object.entries(inputs)) {
    const owner = PACKAGE_OF_INPUT.exec(file)?.[1] ?? '(own code)';
    bytesByPackage.set(owner, (bytesByPackage.get(owner) ?? 0) + input.bytesInOutput);
  }
  return [...bytesByPackage].sort((a, b) => b[1] - a[1]);
};

export const run = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const startedAt = Date.now();
  const runs = Math.max(
    MINIMUM_RUNS,
    Number(process.env.BENCH_COLD_START_RUNS ?? MINIMUM_RUNS) || MINIMUM_RUNS,
  );
  // One fresh process per core at a time: the machine's cores run measurements side by side,
  // so a run over ~60–150 bundles fits the runner's module budget.
  const concurrency = Math.max(
    1,
    Number(process.env.BENCH_COLD_START_CONCURRENCY ?? availableParallelism()) || 1,
  );
  const workDir = await mkdtemp(join(tmpdir(), 'guichet-cold-start-'));
  // Externals resolve from here, as they resolve from the runtime's own modules in Lambda.
  await symlink(join(context.rootDir, 'node_modules'), join(workDir, 'node_modules'), 'dir');
  const measurePath = join(workDir, 'measure.mjs');
  await writeFile(measurePath, MEASURE_SOURCE);
  const external = await sdkExternals(context.rootDir);
  const notes: string[] = [
    `AWS SDK external (${external.join(', ')}), as in the CDK app: it loads from node_modules here, from the runtime in Lambda; bundle sizes exclude it and the source map.`,
    `Node ${process.version}, NODE_OPTIONS=--enable-source-maps as deployed; ${runs} runs per bundle in interleaved rounds (every bundle once per round, floor included), ${concurrency} processes at a time on ${availableParallelism()} cores: the floor is measured under the same concurrency, so ratios hold while absolute times include that contention.`,
    'In AWS the cursor key comes from Secrets Manager during init (one network call); here it is a literal, so that call is not timed.',
  ];

  /**
   * All bundles in ONE esbuild build (one entry point each, no code splitting, so every output
   * is a standalone bundle as `NodejsFunction` makes it): esbuild builds them in parallel.
   */
  const bundleAll = async (
    entries: readonly { name: string; entry: string; memoryMb: number | null }[],
  ): Promise<Bundle[]> => {
    const built = await build({
      metafile: true,
      entryPoints: entries.map(({ name, entry }) => ({ in: entry, out: `${name}/index` })),
      outdir: workDir,
      outExtension: { '.js': '.mjs' },
      absWorkingDir: context.rootDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      mainFields: ['module', 'main'],
      banner: { js: ESM_REQUIRE_BANNER },
      external,
      logLevel: 'warning',
    });
    const outputs = Object.entries(built.metafile.outputs);
    return Promise.all(
      entries.map(async ({ name, memoryMb }) => {
        const path = join(workDir, name, 'index.mjs');
        const output = outputs.find(([file]) => file.endsWith(`/${name}/index.mjs`))?.[1];
        return {
          name,
          path,
          bytes: (await stat(path)).size,
          memoryMb,
          composition: compositionOf(output?.inputs ?? {}),
        };
      }),
    );
  };

  try {
    const floorEntry = join(workDir, 'floor-handler.ts');
    await writeFile(floorEntry, FLOOR_SOURCE);
    const [floor, ...bundles] = await bundleAll([
      { name: 'floor', entry: floorEntry, memoryMb: null },
      ...Object.entries(functions).map(([name, spec]) => ({
        name,
        entry: join(context.rootDir, spec.entry),
        memoryMb: spec.memoryMb,
      })),
    ]);
    if (floor === undefined) throw new Error('the floor bundle was not built');
    context.log(
      `cold start: bundled ${bundles.length} functions + floor; ${runs} runs each, ${concurrency} at a time`,
    );

    const samples = new Map<string, { init: number[]; ready: number[]; error?: string }>();
    for (const bundle of [floor, ...bundles]) samples.set(bundle.name, { init: [], ready: [] });
    // The bundles and their maps are read once first, so the file system cache is warm, as a
    // Lambda image is warm on disk (a whole untimed round of processes cost a sixteenth of the
    // module for the same effect; the SDK's files warm in the first rounds, and medians absorb it).
    await Promise.all(
      [floor, ...bundles].flatMap((bundle) => [readFile(bundle.path), readFile(`${bundle.path}.map`)]),
    );
    // Rounds run one after the other, each round's bundles `concurrency` at a time, so the floor
    // shares every round's conditions with the functions it is compared with.
    // Rounds stop early rather than lose everything to the runner's budget on a busy machine:
    // what was measured is reported, with the number of rounds that fitted.
    const deadline = startedAt + (budgetSeconds - BUDGET_MARGIN_SECONDS) * 1000;
    let completedRounds = 0;
    for (
      let round_ = 0;
      round_ < runs && context.signal?.aborted !== true && Date.now() < deadline;
      round_++
    ) {
      const queue = [floor, ...bundles].filter((bundle) => samples.get(bundle.name)?.error === undefined);
      const worker = async () => {
        for (
          let bundle = queue.shift();
          bundle !== undefined && context.signal?.aborted !== true;
          bundle = queue.shift()
        ) {
          const sample = samples.get(bundle.name);
          if (sample === undefined) continue;
          try {
            const measured = await measureOnce(bundle.path, measurePath);
            sample.init.push(measured.initMs);
            sample.ready.push(measured.readyMs);
          } catch (error) {
            sample.error = error instanceof Error ? error.message : String(error);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      completedRounds = round_ + 1;
    }
    if (completedRounds < runs) {
      notes.push(
        `Only ${completedRounds} of ${runs} timed rounds fitted the ${budgetSeconds} s budget on this machine (load average ${loadavg()
          .map((value) => value.toFixed(1))
          .join(' / ')} at the end): medians of fewer runs than the method asks for.`,
      );
    }

    const floorSample = samples.get('floor');
    const floorInit = median(floorSample?.init ?? []);
    const floorReady = median(floorSample?.ready ?? []);
    const figures: Figure[] = [
      { name: `${FLOOR_NAME} bundle`, unit: 'bytes', value: floor.bytes },
      { name: `${FLOOR_NAME} init median`, unit: 'ms', value: round(floorInit) },
    ];
    const perFunction: Record<string, unknown> = {};
    for (const bundle of bundles) {
      const sample = samples.get(bundle.name);
      const init = median(sample?.init ?? []);
      const ready = median(sample?.ready ?? []);
      const error = sample?.error;
      figures.push(
        { name: `${bundle.name} bundle`, unit: 'bytes', value: bundle.bytes, floor: floor.bytes },
        {
          name: `${bundle.name} init median`,
          unit: 'ms',
          value: round(init),
          floor: round(floorInit),
          ...(error === undefined ? {} : { note: `failed: ${error.slice(0, 300)}` }),
        },
      );
      perFunction[bundle.name] = {
        bundleBytes: bundle.bytes,
        memoryMb: bundle.memoryMb,
        largestContributors: Object.fromEntries(bundle.composition.slice(0, 5)),
        initMedianMs: round(init),
        initP90Ms: round(quantile(sample?.init ?? [], 0.9)),
        processReadyMedianMs: round(ready),
        runs: sample?.init.length ?? 0,
        ...(error === undefined ? {} : { error }),
      };
    }
    const largest = new Map<string, number[]>();
    for (const bundle of bundles) {
      const [top] = bundle.composition;
      if (top !== undefined) largest.set(top[0], [...(largest.get(top[0]) ?? []), top[1] / bundle.bytes]);
    }
    for (const [owner, shares] of largest) {
      notes.push(
        `Largest contributor of ${shares.length} of ${bundles.length} bundles: ${owner} (${Math.round(Math.min(...shares) * 100)}–${Math.round(Math.max(...shares) * 100)} % of the bytes); per-bundle composition in data.functions.*.largestContributors.`,
      );
    }
    notes.push(
      `Process start to handler ready (node bootstrap included), median: floor ${round(floorReady)} ms; see data.functions.*.processReadyMedianMs per function.`,
    );
    return {
      id: 'cold-start',
      title: 'P1 — Cold start: bundle size and module initialisation',
      method:
        'Fresh Node process per run; time from `import()` of the bundle to its top-level code done (config parsed, clients built), median of the runs. Floor: a bundle importing only @aws-sdk/client-dynamodb and constructing a client.',
      figures,
      notes,
      data: {
        floor: {
          bundleBytes: floor.bytes,
          initMedianMs: round(floorInit),
          processReadyMedianMs: round(floorReady),
          runs: floorSample?.init.length ?? 0,
        },
        functions: perFunction,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};
