/**
 * Providers' and platform's usage identity in the deployed app: a plan per kind in the stage,
 * one key each in its plan, and an authoriser that may read exactly those two keys — so API
 * Gateway, which requires a key on every token route, admits every principal kind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sharedPlanLimits } from '../../infra/tier-limits.ts';
import { SHARED_USAGE_PLANS } from '../../shared/domain/tenancy/usage-identity.ts';
import { type GuichetSynthesis, logicalIdOf, synthGuichet } from './guichet-synth.ts';

const resourcesSchema = z.record(z.string(), z.object({ Type: z.string(), Properties: z.unknown() }));

const resourcesOfType = (resources: z.infer<typeof resourcesSchema>, type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

describe('shared usage keys of providers and platform', () => {
  let synthesis: GuichetSynthesis;
  let apiResources: z.infer<typeof resourcesSchema>;
  let stageResources: z.infer<typeof resourcesSchema>;

  beforeAll(() => {
    synthesis = synthGuichet();
    apiResources = resourcesSchema.parse(synthesis.templateOf(synthesis.stacks.api).toJSON().Resources);
    stageResources = resourcesSchema.parse(
      synthesis.templateOf(synthesis.stacks.apiStage).toJSON().Resources,
    );
  });

  it('declares a usage plan per shared kind in the stage, with its limits', () => {
    for (const plan of SHARED_USAGE_PLANS) {
      synthesis.templateOf(synthesis.stacks.apiStage).hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        UsagePlanName: `guichet-ci-${plan}`,
        Throttle: {
          RateLimit: sharedPlanLimits[plan].rateLimitPerSecond,
          BurstLimit: sharedPlanLimits[plan].burstLimit,
        },
      });
    }
  });

  it('declares one key per shared kind beside the authoriser, each a member of its own plan', () => {
    const keys = resourcesOfType(apiResources, 'AWS::ApiGateway::ApiKey');
    expect(keys.map(([, key]) => z.object({ Name: z.string() }).parse(key.Properties).Name).sort()).toEqual([
      'guichet-ci-platform-key',
      'guichet-ci-provider-key',
    ]);
    const memberships = resourcesOfType(stageResources, 'AWS::ApiGateway::UsagePlanKey').map(([, resource]) =>
      JSON.stringify(resource.Properties),
    );
    expect(memberships).toHaveLength(SHARED_USAGE_PLANS.length);
    for (const plan of SHARED_USAGE_PLANS) {
      const planId = logicalIdOf(
        synthesis.stacks.apiStage,
        synthesis.stacks.apiStage.apiStage.sharedUsagePlans.get(plan) ?? synthesis.stacks.apiStage,
      );
      const [keyLogicalId] = keys.find(
        ([, key]) => z.object({ Name: z.string() }).parse(key.Properties).Name === `guichet-ci-${plan}-key`,
      ) ?? [''];
      const membership = memberships.filter((text) => text.includes(planId));
      expect(membership).toHaveLength(1);
      // The key id crosses from the API stack: its export names the key's logical id.
      expect(membership[0]).toContain(keyLogicalId);
      expect(membership[0]).toContain('API_KEY');
    }
  });

  it('lets the authoriser read exactly the two shared keys, and tells it their ids', () => {
    const policies = resourcesOfType(apiResources, 'AWS::IAM::Policy')
      .map(([, resource]) => JSON.stringify(resource.Properties))
      .filter((text) => text.includes('apigateway:'));
    expect(policies).toHaveLength(1);
    const statements = z
      .object({
        PolicyDocument: z.object({
          Statement: z.array(
            z.object({
              Sid: z.string(),
              Action: z.string(),
              Effect: z.string(),
              Resource: z.array(z.unknown()),
            }),
          ),
        }),
      })
      .parse(JSON.parse(policies[0] ?? '{}')).PolicyDocument.Statement;
    expect(statements).toEqual([
      { Sid: 'ReadSharedUsageKeys', Action: 'apigateway:GET', Effect: 'Allow', Resource: expect.any(Array) },
    ]);
    const resources = JSON.stringify(statements[0]?.Resource);
    expect(resources.match(/\/apikeys\//g)).toHaveLength(2);
    expect(resources).not.toContain('*');
    for (const [logicalId] of resourcesOfType(apiResources, 'AWS::ApiGateway::ApiKey')) {
      expect(resources).toContain(logicalId);
    }

    const authorizerId = logicalIdOf(synthesis.stacks.api, synthesis.stacks.api.authorizerFunction.function);
    expect(JSON.stringify(apiResources[authorizerId]?.Properties)).toContain('GUICHET_SHARED_USAGE_KEY_IDS');
  });

  it('synthesises cdk-nag clean', () => {
    expect(synthesis.findings).toEqual([]);
    expect(synthesis.synthError).toBeUndefined();
  });
});
