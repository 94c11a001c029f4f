/**
 * The onboarding function may list the usage plans, create API keys and add them to the three
 * tier plans — nothing else in API Gateway — knows the plans by name, and wiring it to an API
 * that integrates the same function creates no dependency cycle.
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
import { logicalIdOf, synthGuichet } from './guichet-synth.ts';

const resourcesSchema = z.record(
  z.string(),
  z.object({
    Type: z.string(),
    Properties: z.unknown().optional(),
    DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
  }),
);

/** Logical ids a resource depends on: Ref, Fn::GetAtt and DependsOn. */
const dependenciesOf = (resource: z.infer<typeof resourcesSchema>[string]): Set<string> => {
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') found.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string')
          found.add(inner[0]);
        else visit(inner);
      }
    }
  };
  visit(resource.Properties);
  return found;
};

const findCycle = (resources: z.infer<typeof resourcesSchema>): string[] | undefined => {
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path, id];
    state.set(id, 'visiting');
    const resource = resources[id];
    for (const next of resource === undefined ? [] : dependenciesOf(resource)) {
      if (resources[next] === undefined) continue;
      const cycle = walk(next, [...path, id]);
      if (cycle !== undefined) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(resources)) {
    const cycle = walk(id, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
};

describe('UsagePlanKeyProvisioning', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'OnboardRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const fn = new lambda.Function(stack, 'Onboard', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
      role,
    });
    // As in the app: the function is the integration of a method of the API whose stage the plans use.
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('POST', new apigateway.LambdaIntegration(fn));
    const plans = new Map<Tier, apigateway.UsagePlan>(
      TIERS.map((tier) => [
        tier,
        api.addUsagePlan(`Plan-${tier}`, {
          name: `plan-${tier}`,
          apiStages: [{ stage: api.deploymentStage }],
        }),
      ]),
    );
    new UsagePlanKeyProvisioning(stack, 'Keys', {
      fn: { function: fn, role },
      usagePlans: plans,
      usagePlanName: (tier) => `guichet-test-${tier}`,
    });
    template = Template.fromStack(stack);
  });

  const planRef = (tier: Tier) => ({ Ref: Match.stringLikeRegexp(`Plan${tier}`) });
  const arnOf = (first: string, ...rest: unknown[]) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:apigateway:eu-west-1::${first}`, ...rest]],
  });

  it("grants GET on /usageplans and POST on /apikeys and on each tier plan's keys, and nothing else", () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        z
          .object({ Properties: z.object({ PolicyDocument: z.object({ Statement: z.array(z.unknown()) }) }) })
          .parse(policy).Properties.PolicyDocument.Statement,
    );
    const apiGatewayStatements = statements.filter((statement) =>
      JSON.stringify(statement).includes('apigateway:'),
    );
    expect(apiGatewayStatements).toHaveLength(2);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Sid: 'FindTierUsagePlans',
            Effect: 'Allow',
            Action: 'apigateway:GET',
            Resource: arnOf('/usageplans'),
          },
          {
            Sid: 'ProvisionTenantUsagePlanKeys',
            Effect: 'Allow',
            Action: 'apigateway:POST',
            Resource: [
              arnOf('/apikeys'),
              ...TIERS.map((tier) => arnOf('/usageplans/', planRef(tier), '/keys')),
            ],
          },
        ],
      },
    });
    expect(JSON.stringify(apiGatewayStatements)).not.toMatch(
      /apigateway:\*|apigateway:(PUT|PATCH|DELETE)|::\/\*/,
    );
  });

  it('gives the function the tier plans by name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          GUICHET_USAGE_PLAN_NAMES: JSON.stringify({
            free: 'guichet-test-free',
            standard: 'guichet-test-standard',
            premium: 'guichet-test-premium',
          }),
        },
      },
    });
  });

  it('creates no dependency cycle with the API that integrates the function', () => {
    expect(findCycle(resourcesSchema.parse(template.toJSON().Resources))).toBeUndefined();
  });
});

describe('in the Guichet app', () => {
  it('lets the deployed onboarding function add keys to exactly the three tier plans of its stage', () => {
    const synthesis = synthGuichet();
    const { apiStage, functions } = synthesis.stacks;
    const onboarding = functions.get('onboardTenant');
    if (onboarding === undefined) throw new Error('onboardTenant is not deployed');
    const template = synthesis.templateOf(apiStage).toJSON();
    const policies = Object.values(resourcesSchema.parse(template.Resources)).filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(resource.Properties).includes('apigateway:POST'),
    );
    expect(policies).toHaveLength(1);
    const text = JSON.stringify(policies[0]?.Properties);
    for (const tier of TIERS) {
      const planId = logicalIdOf(apiStage, apiStage.apiStage.usagePlans.get(tier) ?? apiStage);
      expect(text).toContain(planId);
    }
    expect(text).not.toContain('apigateway:DELETE');
    expect(text).not.toContain('apigateway:*');
    expect(synthesis.synthError).toBeUndefined();
  });
});
