/**
 * Reads the ServiceNow incident event log (UCI "Incident management process enriched event
 * log"): one CSV row per update of an incident, 36 columns, `?` for missing, dates
 * `D/M/YYYY HH:MM`. The file has no quoted fields, so a split on commas is exact. Rows are
 * streamed (gzip + readline) and grouped per incident, in the log's own order.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const LOG_COLUMN_COUNT = 36;

export interface LogEvent {
  readonly number: string;
  readonly state: string;
  readonly reassignmentCount: number;
  readonly reopenCount: number;
  readonly sysModCount: number;
  readonly caller: string | null;
  readonly openedAt: string | null;
  /** When this update happened in the log's own timeline (ISO, the log's local time read as UTC). */
  readonly updatedAt: string | null;
  readonly contactType: string | null;
  readonly location: string | null;
  readonly category: string | null;
  readonly impact: string | null;
  readonly urgency: string | null;
  readonly priority: string | null;
  readonly assignmentGroup: string | null;
}

export interface LogIncident {
  readonly number: string;
  /** Its rows, ordered by update time (then by `sys_mod_count`). */
  readonly events: readonly LogEvent[];
}

/** `D/M/YYYY HH:MM` → ISO 8601; null for `?` or anything that is not such a date. */
export const parseLogDate = (value: string): string | null => {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;
  const [, day, month, year, hour, minute] = match.map(Number);
  if (day === undefined || month === undefined || year === undefined) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString();
};

const missing = (value: string | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' || trimmed === '?' ? null : trimmed;
};

const count = (value: string | undefined): number => {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) ? parsed : 0;
};

export interface ParsedHeader {
  readonly index: (column: string) => number;
}

/** Column positions from the header line, so the parser does not depend on their order. */
export const parseHeader = (line: string): ParsedHeader => {
  const columns = line.split(',').map((column) => column.trim());
  for (const required of ['number', 'incident_state', 'sys_mod_count', 'location', 'caller_id']) {
    if (!columns.includes(required)) throw new Error(`not the incident event log: no ${required} column`);
  }
  return {
    index: (column) => columns.indexOf(column),
  };
};

/** One data line → an event; null for a line that does not have the header's column count. */
export const parseLogLine = (header: ParsedHeader, line: string): LogEvent | null => {
  const fields = line.split(',');
  if (fields.length !== LOG_COLUMN_COUNT) return null;
  const field = (column: string): string | undefined => fields[header.index(column)];
  const number = missing(field('number'));
  const state = missing(field('incident_state'));
  if (number === null || state === null) return null;
  return {
    number,
    state,
    reassignmentCount: count(field('reassignment_count')),
    reopenCount: count(field('reopen_count')),
    sysModCount: count(field('sys_mod_count')),
    caller: missing(field('caller_id')),
    openedAt: parseLogDate(field('opened_at') ?? ''),
    updatedAt: parseLogDate(field('sys_updated_at') ?? ''),
    contactType: missing(field('contact_type')),
    location: missing(field('location')),
    category: missing(field('category')),
    impact: missing(field('impact')),
    urgency: missing(field('urgency')),
    priority: missing(field('priority')),
    assignmentGroup: missing(field('assignment_group')),
  };
};

/**
 * The log's order: by update time, then `sys_mod_count` (updates of the same minute). Update
 * time first because `sys_mod_count` is sometimes repeated (INC0000164 has a `New` row at 3,
 * days before its `Active` row at 3). Stable: ties keep the file's order.
 */
const byLogOrder = (a: LogEvent, b: LogEvent): number =>
  (a.updatedAt ?? '').localeCompare(b.updatedAt ?? '') || a.sysModCount - b.sysModCount;

export interface ReadLogResult {
  readonly incidents: readonly LogIncident[];
  readonly rows: number;
  readonly skippedLines: number;
}

/**
 * Groups lines into incidents, first-seen order. With `limit`, stops reading once `limit`
 * incidents are complete (the log keeps an incident's rows together).
 */
export const groupLogLines = async (
  lines: AsyncIterable<string> | Iterable<string>,
  limit?: number,
): Promise<ReadLogResult> => {
  let header: ParsedHeader | undefined;
  const byNumber = new Map<string, LogEvent[]>();
  let rows = 0;
  let skippedLines = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (header === undefined) {
      header = parseHeader(line);
      continue;
    }
    const event = parseLogLine(header, line);
    if (event === null) {
      skippedLines += 1;
      continue;
    }
    let events = byNumber.get(event.number);
    if (events === undefined) {
      if (limit !== undefined && byNumber.size >= limit) break;
      events = [];
      byNumber.set(event.number, events);
    }
    events.push(event);
    rows += 1;
  }
  const incidents = [...byNumber].map(([number, events]) => ({ number, events: events.sort(byLogOrder) }));
  return { incidents, rows, skippedLines };
};

/** Streams a `.csv.gz` (or plain `.csv`) file and groups it into incidents. */
export const readIncidentLog = async (file: string, limit?: number): Promise<ReadLogResult> => {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    return await groupLogLines(lines, limit);
  } finally {
    lines.close();
    raw.destroy();
  }
};
