/**
 * Writes a closed period's exports to S3: `statement.csv`, `focus.csv` and `manifest.json`
 * (row counts, totals, SHA-256 of each file). Streamed: rows go to a temporary file while their
 * hash is computed, then the file is uploaded with its length, so memory does not grow with the
 * number of lines. Object keys are deterministic per scope and period, and so are the bytes.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  csvRecord,
  focusRows,
  statementCsvRows,
  totalsByCurrency,
} from '../../domain/billing/billing-export.ts';
import type { Statement } from '../../domain/billing/statement.ts';

export interface ExportFile {
  readonly name: string;
  readonly key: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ExportManifest {
  readonly scope: string;
  readonly period: string;
  readonly statements: number;
  readonly totals: Readonly<Record<string, string>>;
  readonly files: readonly ExportFile[];
}

/** Writes rows as CSV to a local file, hashing as it goes; returns rows (excluding header), bytes, digest. */
export const writeCsvFile = async (
  path: string,
  rows: Iterable<readonly string[]>,
): Promise<{ rows: number; bytes: number; sha256: string }> => {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  let count = -1;
  let bytes = 0;
  for (const row of rows) {
    const chunk = csvRecord(row);
    hash.update(chunk);
    bytes += Buffer.byteLength(chunk);
    count += 1;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows: Math.max(0, count), bytes, sha256: hash.digest('hex') };
};

export class S3BillingExports {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  static prefixOf(scope: string, period: string): string {
    return `billing/exports/${scope}/${period}/`;
  }

  /**
   * Writes the export of a scope's closed period. `statements` is called once per file so the
   * caller can stream them from storage rather than hold them.
   */
  async write(scope: string, period: string, statements: () => Iterable<Statement>): Promise<ExportManifest> {
    const prefix = S3BillingExports.prefixOf(scope, period);
    const directory = await mkdtemp(join(tmpdir(), 'guichet-export-'));
    try {
      const files: ExportFile[] = [];
      for (const [name, rows] of [
        ['statement.csv', statementCsvRows(statements())],
        ['focus.csv', focusRows(statements())],
      ] as const) {
        const path = join(directory, name);
        const written = await writeCsvFile(path, rows);
        await this.#s3.send(
          new PutObjectCommand({
            Bucket: this.#bucket,
            Key: `${prefix}${name}`,
            Body: createReadStream(path),
            ContentLength: (await stat(path)).size,
            ContentType: 'text/csv; charset=utf-8',
          }),
        );
        files.push({ name, key: `${prefix}${name}`, ...written });
      }
      let count = 0;
      for (const _statement of statements()) count += 1;
      const manifest: ExportManifest = {
        scope,
        period,
        statements: count,
        totals: totalsByCurrency(statements()),
        files,
      };
      await this.#s3.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: `${prefix}manifest.json`,
          Body: `${JSON.stringify(manifest, null, 2)}\n`,
          ContentType: 'application/json',
        }),
      );
      return manifest;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async exists(scope: string, period: string): Promise<boolean> {
    try {
      await this.#s3.send(
        new HeadObjectCommand({
          Bucket: this.#bucket,
          Key: `${S3BillingExports.prefixOf(scope, period)}manifest.json`,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error instanceof Error && error.name === 'NotFound')) return false;
      throw error;
    }
  }

  /** Presigned GET URLs of the export's files, valid `expiresInSeconds`. */
  async downloadLinks(scope: string, period: string, expiresInSeconds: number) {
    const prefix = S3BillingExports.prefixOf(scope, period);
    const links: Record<string, string> = {};
    for (const name of ['statement.csv', 'focus.csv', 'manifest.json']) {
      links[name] = await getSignedUrl(
        this.#s3,
        new GetObjectCommand({ Bucket: this.#bucket, Key: `${prefix}${name}` }),
        {
          expiresIn: expiresInSeconds,
        },
      );
    }
    return links;
  }
}
