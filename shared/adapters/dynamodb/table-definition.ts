/**
 * The shape of Guichet's single pooled table: key attributes and global secondary indexes.
 * The CDK app and the local stack's table bootstrap both read it.
 *
 * Every partition key a tenant can touch (table and GSIs) starts `TENANT#<id>#`, so that
 * IAM's `dynamodb:LeadingKeys` can confine tenant-scoped credentials to that prefix.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly purpose: string;
}

export const TABLE_PARTITION_KEY = 'PK';
export const TABLE_SORT_KEY = 'SK';
export const TTL_ATTRIBUTE = 'expiresAt';

export const tableIndexes = [
  {
    name: 'GSI1',
    partitionKey: 'GSI1PK',
    sortKey: 'GSI1SK',
    purpose: "A requester's own tickets, newest first (TENANT#t#REQUESTER#u)",
  },
  {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    purpose: "A tenant's ticket queue, write-sharded (TENANT#t#QUEUE#shard)",
  },
  {
    name: 'GSI3',
    partitionKey: 'GSI3PK',
    sortKey: 'GSI3SK',
    purpose: "A provider's cross-tenant queue by SLA due, write-sharded",
  },
  // SLA engine (issue #5)
  {
    name: 'GSI4',
    partitionKey: 'GSI4PK',
    sortKey: 'GSI4SK',
    purpose: 'Pending SLA milestones by due instant, sparse and write-sharded (PLATFORM#SLA_DUE#shard)',
  },
] as const satisfies readonly IndexDefinition[];

export type IndexName = (typeof tableIndexes)[number]['name'];
