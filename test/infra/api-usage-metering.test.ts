/**
 * Billing meters (#6): in AWS the api.calls meter is produced from the REST API's access log —
 * a subscription filter on that log group delivers to `recordApiUsage`, which CloudWatch Logs
 * may invoke, and the log lines carry the caller's tenant, id and credential.
 */
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type GuichetSynthesis, logicalIdOf, synthGuichet } from './guichet-synth.ts';
import { outputsByStack, referencedResources, resourcesOf } from './template-queries.ts';

let synthesis: GuichetSynthesis;

beforeAll(() => {
  synthesis = synthGuichet();
}, 120_000);

describe('api.calls producer in AWS', () => {
  it('subscribes recordApiUsage to the API access log, for authenticated callers only', () => {
    const { workers, apiStage, functions, all } = synthesis.stacks;
    if (workers === undefined) throw new Error('no workers stack');
    const consumer = functions.get('recordApiUsage');
    if (consumer === undefined) throw new Error('recordApiUsage is not deployed');
    const template = synthesis.templateOf(workers).toJSON();
    const outputs = outputsByStack(
      new Map(all.map((stack) => [stack.stackName, synthesis.templateOf(stack).toJSON()])),
    );
    const consumerStack = Stack.of(consumer);
    const consumerRef = `${consumerStack.stackName}/${logicalIdOf(consumerStack, consumer.function)}`;
    const accessLogsRef = `${apiStage.stackName}/${logicalIdOf(apiStage, apiStage.apiStage.accessLogs)}`;

    const filters = resourcesOf(template, 'AWS::Logs::SubscriptionFilter');
    expect(filters).toHaveLength(1);
    const properties = z
      .object({ LogGroupName: z.unknown(), DestinationArn: z.unknown(), FilterPattern: z.string() })
      .parse(filters[0]?.Properties);
    expect(referencedResources(properties.LogGroupName, workers.stackName, outputs)).toEqual(
      new Set([accessLogsRef]),
    );
    expect(referencedResources(properties.DestinationArn, workers.stackName, outputs)).toEqual(
      new Set([consumerRef]),
    );
    expect(properties.FilterPattern).toContain('$.credential = "api_key"');
    expect(properties.FilterPattern).toContain('$.credential = "token"');

    const invokePermissions = resourcesOf(template, 'AWS::Lambda::Permission').filter((permission) => {
      const props = z
        .object({ Principal: z.unknown(), FunctionName: z.unknown() })
        .parse(permission.Properties);
      return (
        props.Principal === 'logs.amazonaws.com' &&
        referencedResources(props.FunctionName, workers.stackName, outputs).has(consumerRef)
      );
    });
    expect(invokePermissions).toHaveLength(1);
  });

  it('writes the caller into every access-log line', () => {
    const stages = resourcesOf(
      synthesis.templateOf(synthesis.stacks.apiStage).toJSON(),
      'AWS::ApiGateway::Stage',
    );
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
