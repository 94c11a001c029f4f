/**
 * The tenant data-access roles, in a stack of their own that depends on the stateful stack only:
 * every function stack names these roles (the ARN a function assumes), and they name no
 * function (their trust policy admits roles by tag), so no function stack is needed first.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TenantDataAccess } from '../constructs/tenant-data-access.ts';
import type { TableAccess } from '../manifest.ts';
import { limitResourceCount } from './stack-layout.ts';

export interface DataAccessStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.Table;
  readonly accesses: Iterable<TableAccess>;
}

export class DataAccessStack extends Stack {
  readonly dataAccess: TenantDataAccess;

  constructor(scope: Construct, id: string, props: DataAccessStackProps) {
    super(scope, id, props);
    this.dataAccess = new TenantDataAccess(this, 'TenantDataAccess', {
      table: props.table,
      stage: props.stage,
      accesses: props.accesses,
    });
    limitResourceCount(this);
  }
}
