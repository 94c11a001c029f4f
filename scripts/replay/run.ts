/**
 * `npm run replay -- <file> [--limit N] [--concurrency C] [--api <url> --state <local.json>]`:
 * replays the ServiceNow incident log through the public API of a local stack (started here on
 * free ports unless --api names a running one), prints progress and the final figures, and
 * writes them to bench/results/replay.json.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startLocalStackProcess } from '../../local/local-stack-process.ts';
import { readIncidentLog } from './incident-log-parser.ts';
import { type ReplayReport, replayIncidents } from './incident-replayer.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    limit: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    api: { type: 'string' },
    state: { type: 'string' },
    out: { type: 'string', default: 'bench/results/replay.json' },
  },
});

const positiveInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer`);
  return parsed;
};

const file = positionals[0];
if (file === undefined) {
  console.error(
    'usage: npm run replay -- <incident-log.csv.gz> [--limit N] [--concurrency C] [--api URL --state FILE]',
  );
  process.exit(2);
}
const limit = positiveInt('limit', values.limit);
const concurrency = positiveInt('concurrency', values.concurrency) ?? 8;

const apiUrlOf = async (): Promise<{ apiUrl: string; stop: () => Promise<void> }> => {
  if (values.api !== undefined) return { apiUrl: values.api, stop: async () => {} };
  if (values.state !== undefined) {
    const state = z.object({ apiUrl: z.string() }).parse(JSON.parse(await readFile(values.state, 'utf8')));
    return { apiUrl: state.apiUrl, stop: async () => {} };
  }
  console.log('Starting the local stack on free ports…');
  return startLocalStackProcess();
};

const print = (report: ReplayReport) => {
  console.log('');
  console.log(`Incidents replayed : ${report.incidentsReplayed} / ${report.incidents}`);
  console.log(`Events replayed    : ${report.events} (${report.stateChanges} state changes)`);
  console.log(`API requests       : ${report.apiRequests} in ${(report.durationMs / 1000).toFixed(1)} s`);
  console.log(`Requests/s         : ${report.requestsPerSecond}`);
  console.log(`Inserted steps     : ${report.insertedSteps}`);
  console.log(
    `Retries            : ${report.conflictRetries} after 412, ${report.transientRetries} transient`,
  );
  console.log(`Reassignments      : ${report.reassignmentsCounted} (counted, not replayed)`);
  console.log(`Follow-up tickets  : ${report.followUpTickets} (incidents reopened after closure)`);
  console.log(`Rows without state : ${report.rowsWithoutState} (the log's own -100)`);
  console.log(
    `Tenants/requesters : ${report.tenants} / ${report.requesters}; team labels ${report.teamLabels}`,
  );
  console.log(`Log timeline       : ${report.logTimeline.from ?? '?'} → ${report.logTimeline.to ?? '?'}`);
  console.log(`Lost events        : ${report.lostEventCount}`);
  for (const lost of report.lostEvents) console.log(`  LOST ${lost.incident} ${lost.logState}: ${lost.why}`);
  console.log(`Discrepancies      : ${report.discrepancyCount}`);
  for (const d of report.discrepancies) {
    console.log(
      `  DISCREPANCY ${d.incident} (${d.tenantId}, ticket ${d.ticketId ?? '-'}): log ${d.logState}, Guichet ${d.guichetStatus ?? 'unreadable'}`,
    );
  }
};

const main = async () => {
  const readStarted = Date.now();
  const log = await readIncidentLog(file, limit);
  console.log(
    `Read ${log.incidents.length} incidents (${log.rows} rows, ${log.skippedLines} malformed lines) in ${Date.now() - readStarted} ms`,
  );
  const stack = await apiUrlOf();
  try {
    console.log(`Replaying against ${stack.apiUrl} with concurrency ${concurrency}`);
    const report = await replayIncidents(log.incidents, {
      apiUrl: stack.apiUrl,
      concurrency,
      onProgress: (p) =>
        console.log(
          `  ${p.incidentsDone}/${p.incidentsTotal} incidents, ${p.events} events, ${p.requests} requests, ${(
            p.requests / Math.max(p.elapsedMs / 1000, 0.001)
          ).toFixed(1)} req/s`,
        ),
    });
    print(report);
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify({ file, limit: limit ?? null, concurrency, at: new Date().toISOString(), ...report }, null, 2)}\n`,
    );
    console.log(`Summary written to ${out}`);
    process.exitCode = report.lostEventCount === 0 && report.discrepancyCount === 0 ? 0 : 1;
  } finally {
    await stack.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
