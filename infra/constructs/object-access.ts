/**
 * Grants a function the object bucket (attachments, billing exports), by the bucket's fixed name
 * rather than a cross-stack reference, so the one wildcard it needs (`<bucket>/*`: object keys
 * are per tenant and per export) can be acknowledged by an exact, stable finding id.
 */
import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { GuichetFunction } from './guichet-function.ts';

const OBJECT_ACTIONS = {
  read: ['s3:GetObject'],
  'read-write': ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
} as const;

export const bindObjects = (
  fn: GuichetFunction,
  bucketNameFor: (account: string, region: string) => string,
  access: 'read' | 'read-write',
): void => {
  const stack = Stack.of(fn);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ObjectBucket',
      actions: [...OBJECT_ACTIONS[access]],
      resources: [`arn:${Aws.PARTITION}:s3:::${bucketNameFor(stack.account, stack.region)}/*`],
    }),
  );
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucketNameFor('<AWS::AccountId>', stack.region)}/*]`,
    reason:
      'Object keys are generated per tenant, ticket and export at run time, so the grant covers the objects of this one bucket; the bucket is private, encrypted and SSL-only, and functions without `bucket` in the manifest get no S3 access at all.',
  });
};
