/** The pure parts of the benchmarks: capacity accounting, item sizing, module discovery. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverBenchmarkModules, runFunctionOf } from '../../../bench/support/benchmark-modules.ts';
import {
  addToTally,
  capacityUnitsIn,
  emptyTally,
  withConsumedCapacityRequested,
} from '../../../bench/support/capacity-measuring-proxy.ts';
import {
  indexCopiesOf,
  itemSize,
  minimumReadUnits,
  minimumWriteUnits,
} from '../../../bench/support/item-size.ts';

describe('capacity accounting', () => {
  it('asks for TOTAL capacity unless the caller already asked for it', () => {
    const asked = JSON.parse(withConsumedCapacityRequested(Buffer.from('{"TableName":"t"}')).toString());
    expect(asked).toEqual({ TableName: 't', ReturnConsumedCapacity: 'TOTAL' });
    const indexes = Buffer.from('{"TableName":"t","ReturnConsumedCapacity":"INDEXES"}');
    expect(withConsumedCapacityRequested(indexes)).toBe(indexes);
  });

  it('sums single and batch ConsumedCapacity answers', () => {
    expect(capacityUnitsIn({ ConsumedCapacity: { TableName: 't', CapacityUnits: 3 } })).toBe(3);
    expect(capacityUnitsIn({ ConsumedCapacity: [{ CapacityUnits: 2 }, { CapacityUnits: 0.5 }] })).toBe(2.5);
    expect(capacityUnitsIn({ Item: {} })).toBe(0);
  });

  it('counts reads and writes apart, per operation and per caller', () => {
    let tally = emptyTally();
    tally = addToTally(tally, { operation: 'GetItem', caller: 'function', units: 0.5 });
    tally = addToTally(tally, { operation: 'TransactWriteItems', caller: 'scoped', units: 8 });
    tally = addToTally(tally, { operation: 'GetItem', caller: 'scoped', units: 1 });
    expect(tally.readUnits).toBe(1.5);
    expect(tally.writeUnits).toBe(8);
    expect(tally.byOperation.GetItem).toEqual({ requests: 2, units: 1.5 });
    expect(tally.byCaller.function).toEqual({ requests: 1, units: 0.5 });
    expect(tally.requests).toBe(3);
  });
});

describe('item sizing', () => {
  it('sizes attributes by name and value as DynamoDB bills them', () => {
    expect(itemSize({ PK: { S: 'abc' } })).toBe(5);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemSize({ flag: { BOOL: true }, m: { M: { a: { S: 'xy' } } } })).toBe(
      4 + 1 + 1 + (3 + 1 + 1 + 2),
    );
  });

  it('charges 1 WRU per KB per copy and 1 RRU per 4 KB (half when eventually consistent)', () => {
    expect(minimumWriteUnits(692, 2)).toBe(3);
    expect(minimumWriteUnits(1025, 0)).toBe(2);
    expect(minimumReadUnits(4097, true)).toBe(2);
    expect(minimumReadUnits(100, false)).toBe(0.5);
  });

  it('counts an index copy only when the item carries its keys', () => {
    const indexes = [
      { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
      { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    ];
    expect(indexCopiesOf({ GSI1PK: { S: 'a' }, GSI1SK: { S: 'b' }, GSI2PK: { S: 'c' } }, indexes)).toBe(1);
  });
});

describe('benchmark module discovery', () => {
  it('finds *.bench.ts files, known ones first, and their run function by convention', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-discovery-'));
    try {
      for (const file of [
        'sla.bench.ts',
        'capacity.bench.ts',
        'billing.bench.ts',
        'helper.ts',
        'cold-start.bench.ts',
      ]) {
        await writeFile(join(directory, file), '');
      }
      expect(await discoverBenchmarkModules(directory)).toEqual([
        'cold-start.bench.ts',
        'capacity.bench.ts',
        'billing.bench.ts',
        'sla.bench.ts',
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const legacy = async () => ({ id: 'sla' });
    expect(runFunctionOf({ runSlaBenchmark: legacy, helper: () => 1 })).toBeTypeOf('function');
    expect(runFunctionOf({ run: legacy })).toBeTypeOf('function');
    expect(runFunctionOf({ somethingElse: legacy })).toBeUndefined();
  });
});
