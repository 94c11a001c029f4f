/**
 * Replays the first incidents of the real ServiceNow log through the public API of the test
 * stack and checks that nothing is lost and every ticket ends where the log's incident ended.
 * The log is not part of the repository: it is read from ../shared/data/ (or
 * GUICHET_REPLAY_DATA), and the test is skipped, saying so, where it is absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIncidentLog } from '../../scripts/replay/incident-log-parser.ts';
import { replayIncidents } from '../../scripts/replay/incident-replayer.ts';
import { localStack } from '../support/local-stack.ts';

const dataFile =
  process.env.GUICHET_REPLAY_DATA ??
  resolve(import.meta.dirname, '../../../shared/data/servicenow-incident-event-log.csv.gz');
const exists = existsSync(dataFile);
const INCIDENTS = 100;

if (!exists) {
  console.warn(`Replay test skipped: no incident log at ${dataFile} (set GUICHET_REPLAY_DATA to its path).`);
}

describe('replay of the ServiceNow incident log', () => {
  it.skipIf(!exists)(
    `replays the first ${INCIDENTS} incidents with no lost event and no discrepancy`,
    async () => {
      const log = await readIncidentLog(dataFile, INCIDENTS);
      expect(log.incidents).toHaveLength(INCIDENTS);
      const report = await replayIncidents(log.incidents, { apiUrl: localStack().apiUrl, concurrency: 8 });
      expect(report.lostEvents).toEqual([]);
      expect(report.discrepancies).toEqual([]);
      expect(report.incidentsReplayed).toBe(INCIDENTS);
      expect(report.events).toBe(log.rows);
      expect(report.stateChanges).toBeGreaterThan(INCIDENTS);
    },
    240_000,
  );
});
