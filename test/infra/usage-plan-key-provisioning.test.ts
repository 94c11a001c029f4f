/**
 * The onboarding function may create API keys and add them to the three tier usage plans —
 * nothing else in API Gateway — and receives the plans' ids.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsagePlanKeyProvisioning } from '../../infra/constructs/usage-plan-key-provisioning.ts';
import { TIERS, type Tier } from '../../infra/tier-limits.ts';

const policySchema = z.object({
  Properties: z.object({ PolicyDocument: z.object({ Statement: z.array(z.unknown()) }) }),
});

describe('UsagePlanKeyProvisioning', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET');
    const plans = new Map<Tier, apigateway.UsagePlan>(
      TIERS.map((tier) => [tier, api.addUsagePlan(`Plan-${tier}`, { name: `plan-${tier}` })]),
    );
    const role = new iam.Role(stack, 'OnboardRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const fn = new lambda.Function(stack, 'Onboard', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
      role,
    });
    new UsagePlanKeyProvisioning(stack, 'Keys', { fn: { function: fn, role }, usagePlans: plans });
    template = Template.fromStack(stack);
  });

  const planRef = (tier: Tier) => ({ Ref: Match.stringLikeRegexp(`Plan${tier}`) });

  it("grants apigateway:POST on /apikeys and on each tier plan's keys, and nothing else", () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (policy) => policySchema.parse(policy).Properties.PolicyDocument.Statement,
    );
    const apiGatewayStatements = statements.filter((statement) =>
      JSON.stringify(statement).includes('apigateway'),
    );
    expect(apiGatewayStatements).toHaveLength(1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'ProvisionTenantUsagePlanKeys',
            Effect: 'Allow',
            Action: 'apigateway:POST',
            Resource: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:eu-west-1::/apikeys']] },
              ...TIERS.map((tier) => ({
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':apigateway:eu-west-1::/usageplans/',
                    planRef(tier),
                    '/keys',
                  ],
                ],
              })),
            ],
          },
        ]),
      },
    });
    expect(JSON.stringify(apiGatewayStatements)).not.toMatch(
      /apigateway:\*|apigateway:(GET|PUT|PATCH|DELETE)|::\/\*/,
    );
  });

  it("gives the function every tier plan's id", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          GUICHET_USAGE_PLAN_IDS: {
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"free":"'), planRef('free')])],
          },
        },
      },
    });
  });
});
