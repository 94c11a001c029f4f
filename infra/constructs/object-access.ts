import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { GuichetFunction } from './guichet-function.ts';

const OBJECT_ACTIONS = {
  read: ['s3:GetObject'],
  'read-write': ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
} as const;

export const bindObjects = (fn: GuichetFunction, bucket: s3.Bucket, access: 'read' | 'read-write'): void => {
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ObjectBucket',
      actions: [...OBJECT_ACTIONS[access]],
      resources: [bucket.arnForObjects('*')],
    }),
  );
};
