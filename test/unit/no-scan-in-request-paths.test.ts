/**
 * P3 static check: no DynamoDB Scan anywhere a request (or an event) can reach. A Scan reads the
 * whole pooled table — every tenant's items — so its cost grows with the platform, not with the
 * caller. Background jobs read a PLATFORM#-partitioned index instead (see the architecture).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const REQUEST_PATH_DIRECTORIES = ['functions', 'shared'];

/** Scan in any SDK spelling: v3 commands and paginators, v2 DocumentClient, raw targets, PartiQL-free. */
const SCAN_PATTERN =
  /\b(ScanCommand|ParallelScanCommand|paginateScan|ScanCommandInput|ScanInput)\b|\.scan\s*\(|['"`]DynamoDB_20120810\.Scan['"`]|\bnew\s+Scan\b/;

/** Comments may name Scan (to forbid it); only code counts. */
const withoutComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** The lines (1-based) of `source` that use a Scan. */
const scanUses = (source: string): number[] =>
  withoutComments(source)
    .split('\n')
    .flatMap((line, index) => (SCAN_PATTERN.test(line) ? [index + 1] : []));

const typescriptFilesUnder = async (directory: string): Promise<string[]> => {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
};

describe('no Scan in request paths', () => {
  it('recognises a Scan in code, whatever the spelling, and ignores comments and ScanIndexForward', () => {
    const fixture = [
      "import { ScanCommand } from '@aws-sdk/lib-dynamodb';",
      '// a comment may say ScanCommand',
      '/* or paginateScan, in a block */',
      'const page = await client.send(new QueryCommand({ ScanIndexForward: false }));',
      "const all = await client.send(new ScanCommand({ TableName: 'guichet' }));",
      'for await (const page of paginateScan({ client }, { TableName: table })) {}',
      'documentClient.scan({ TableName: table });',
    ].join('\n');
    expect(scanUses(fixture)).toEqual([1, 5, 6, 7]);
    expect(
      scanUses('await client.send(new QueryCommand({ ScanIndexForward: false })); // ScanCommand'),
    ).toEqual([]);
  });

  it('finds no Scan under functions/ or shared/', async () => {
    const offenders: string[] = [];
    for (const directory of REQUEST_PATH_DIRECTORIES) {
      for (const file of await typescriptFilesUnder(join(ROOT, directory))) {
        const lines = scanUses(await readFile(file, 'utf8'));
        for (const line of lines) offenders.push(`${relative(ROOT, file)}:${line}`);
      }
    }
    expect(offenders, 'use a Query on a key or index instead of a Scan').toEqual([]);
  });
});
