/**
 * DynamoDB item size as DynamoDB bills it (the published sizing rules), and the capacity units
 * the cheapest possible access to such an item costs: the "theoretical minimum" of P3.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Numbers: about one byte per two significant digits, plus one. */
const numberBytes = (text: string): number => {
  const digits = text
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.min(21, Math.ceil(Math.max(1, digits.length) / 2) + 1);
};

export const attributeValueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, entry) => sum + utf8Bytes(entry), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, entry) => sum + numberBytes(entry), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, entry) => sum + entry.length, 0);
  if (value.L !== undefined)
    return 3 + value.L.reduce((sum, entry) => sum + 1 + attributeValueSize(entry), 0);
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, entry]) => sum + 1 + utf8Bytes(name) + attributeValueSize(entry),
        0,
      )
    );
  }
  return 0;
};

export const itemSize = (item: Readonly<Record<string, AttributeValue>>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + attributeValueSize(value), 0);

/** Write units of one plain (non-transactional) PutItem: 1 per KB, on the table and on every index that holds the item. */
export const minimumWriteUnits = (sizeBytes: number, indexCopies: number): number =>
  Math.ceil(Math.max(1, sizeBytes) / 1024) * (1 + indexCopies);

/** Read units of reading `sizeBytes` in one request: 1 per 4 KB strongly consistent, half that eventually consistent. */
export const minimumReadUnits = (sizeBytes: number, consistent: boolean): number =>
  Math.ceil(Math.max(1, sizeBytes) / 4096) * (consistent ? 1 : 0.5);

/** The global secondary indexes an item appears in: those whose key attributes it carries. */
export const indexCopiesOf = (
  item: Readonly<Record<string, AttributeValue>>,
  indexes: readonly { readonly partitionKey: string; readonly sortKey?: string }[],
): number =>
  indexes.filter(
    (index) =>
      item[index.partitionKey] !== undefined &&
      (index.sortKey === undefined || item[index.sortKey] !== undefined),
  ).length;
