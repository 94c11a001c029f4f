/**
 * cdk-nag's AwsSolutions checks run as a CDK validation plugin on every synthesis. The app must
 * synthesise with no finding left: each one is fixed, or acknowledged where it occurs with a
 * reason. The second case proves the check can fail: a non-compliant bucket added to the app is
 * reported (and fails the synthesis), so the acknowledgements are not blanket ones.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { synthGuichet } from './guichet-synth.ts';

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no unacknowledged finding on the app, as `cdk synth` builds it', () => {
    const synthesis = synthGuichet({ cloudFormationValidation: true });
    expect(synthesis.findings).toEqual([]);
    expect(synthesis.synthError).toBeUndefined();
    // CloudFormation validation runs per stack: about a minute for all of them on 2 shared cores.
  }, 180_000);

  it('report a non-compliant resource that nobody acknowledged', () => {
    const synthesis = synthGuichet({
      extend: ({ stateful }) => {
        new s3.Bucket(stateful, 'UnreviewedBucket', { removalPolicy: RemovalPolicy.RETAIN });
      },
    });
    const nagFindings = synthesis.findings.filter((finding) => finding.plugin === 'AwsSolutions');
    expect(nagFindings.map((finding) => `${finding.rule} ${finding.constructPath}`).sort()).toEqual([
      'AwsSolutions-S1 Guichet-ci-Stateful/UnreviewedBucket/Resource',
      'AwsSolutions-S10 Guichet-ci-Stateful/UnreviewedBucket/Resource',
    ]);
    expect(String(synthesis.synthError)).toMatch(/AwsSolutions-S1/);
  }, 60_000);
});
