/**
 * Billing meters (#6): in AWS the api.calls meter is produced from the REST API's access log —
 * a subscription filter on that log group delivers to `recordApiUsage`, which CloudWatch Logs
 * may invoke, and the log lines carry the caller's tenant, id and credential.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type GuichetSynthesis, logicalIdOf, synthGuichet } from './guichet-synth.ts';
import { referencedLogicalIds, resourcesOf } from './template-queries.ts';

let synthesis: GuichetSynthesis;

beforeAll(() => {
  synthesis = synthGuichet();
}, 120_000);

describe('api.calls producer in AWS', () => {
  it('subscribes recordApiUsage to the API access log, for authenticated callers only', () => {
    const template = synthesis.stateless().toJSON();
    const { stateless } = synthesis.stacks;
    const consumer = stateless.functions.get('recordApiUsage');
    if (consumer === undefined) throw new Error('recordApiUsage is not deployed');
    const consumerId = logicalIdOf(stateless, consumer.function);
    const accessLogsId = logicalIdOf(stateless, stateless.restApi.accessLogs);

    const filters = resourcesOf(template, 'AWS::Logs::SubscriptionFilter');
    expect(filters).toHaveLength(1);
    const properties = z
      .object({ LogGroupName: z.unknown(), DestinationArn: z.unknown(), FilterPattern: z.string() })
      .parse(filters[0]?.Properties);
    expect(referencedLogicalIds(properties.LogGroupName)).toEqual(new Set([accessLogsId]));
    expect(referencedLogicalIds(properties.DestinationArn)).toEqual(new Set([consumerId]));
    expect(properties.FilterPattern).toContain('$.credential = "api_key"');
    expect(properties.FilterPattern).toContain('$.credential = "token"');

    const invokePermissions = resourcesOf(template, 'AWS::Lambda::Permission').filter((permission) => {
      const props = z
        .object({ Principal: z.unknown(), FunctionName: z.unknown() })
        .parse(permission.Properties);
      return (
        props.Principal === 'logs.amazonaws.com' && referencedLogicalIds(props.FunctionName).has(consumerId)
      );
    });
    expect(invokePermissions).toHaveLength(1);
  });

  it('writes the caller into every access-log line', () => {
    const stages = resourcesOf(synthesis.stateless().toJSON(), 'AWS::ApiGateway::Stage');
    const format = z
      .object({ AccessLogSetting: z.object({ Format: z.string() }) })
      .parse(stages[0]?.Properties).AccessLogSetting.Format;
    expect(JSON.parse(format)).toMatchObject({
      requestId: '$context.requestId',
      requestTimeEpoch: '$context.requestTimeEpoch',
      tenantId: '$context.authorizer.tenantId',
      userId: '$context.authorizer.userId',
      credential: '$context.authorizer.credential',
    });
  });
});
