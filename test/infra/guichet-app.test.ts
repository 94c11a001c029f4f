/**
 * The CDK app interprets the manifest: one function per entry, one method per route, one rule
 * per event rule, a queue and dead-letter queue per manifest queue, and the table, bus and pipe
 * the outbox relies on. Templates are synthesised once for the whole file, without bundling.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OUTBOX_FILTER_PATTERN } from '../../infra/constructs/outbox-pipe.ts';
import {
  AUTHORIZER_CACHE_TTL_SECONDS,
  eventRules,
  type FunctionSpec,
  functions,
  queues,
  routes,
  schedules,
} from '../../infra/manifest.ts';
import type { DeployedRoute } from '../../infra/stacks/deployment-manifest.ts';
import {
  DEFAULT_REGION,
  DEFAULT_STAGE,
  readDeploymentSettings,
  resourceNames,
} from '../../infra/stacks/deployment-settings.ts';
import { httpGroupOf, MAX_RESOURCES_PER_STACK, resourceCountOf } from '../../infra/stacks/stack-layout.ts';
import { TIERS, tierLimits } from '../../infra/tier-limits.ts';
import { OUTBOX_ENTITY_TYPE } from '../../shared/adapters/dynamodb/keys.ts';
import {
  TABLE_PARTITION_KEY,
  TABLE_SORT_KEY,
  TTL_ATTRIBUTE,
  tableIndexes,
} from '../../shared/adapters/dynamodb/table-definition.ts';
import { SHARED_USAGE_PLANS } from '../../shared/domain/tenancy/usage-identity.ts';
import { type GuichetSynthesis, logicalIdOf, synthGuichet, TEST_SETTINGS } from './guichet-synth.ts';
import {
  apiResourcePaths,
  type OutputsByStack,
  outputsByStack,
  referencedLogicalIds,
  referencedResources,
  resourcesOf,
  type TemplateResource,
} from './template-queries.ts';

const names = resourceNames(TEST_SETTINGS.stage);
const functionSpecs: ReadonlyArray<readonly [string, FunctionSpec]> = Object.entries(functions);
const deployedRoutes: readonly DeployedRoute[] = routes;

let synthesis: GuichetSynthesis;
let stateful: Template;
let outputs: OutputsByStack;

beforeAll(() => {
  synthesis = synthGuichet();
  if (synthesis.synthError !== undefined) throw synthesis.synthError;
  stateful = synthesis.stateful();
  outputs = outputsByStack(
    new Map(synthesis.stacks.all.map((stack) => [stack.stackName, synthesis.templateOf(stack).toJSON()])),
  );
}, 60_000);

const templateJson = (stack: Stack): unknown => synthesis.templateOf(stack).toJSON();
/** Every resource of a type, in whichever stack of the app, with the stack it belongs to. */
const appResourcesOf = (type: string): Array<TemplateResource & { readonly stack: Stack }> =>
  synthesis.stacks.all.flatMap((stack) =>
    resourcesOf(templateJson(stack), type).map((resource) => ({ ...resource, stack })),
  );

const environmentSchema = z.object({
  Properties: z.object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) }),
});
const variablesOf = (resource: unknown): Record<string, unknown> =>
  environmentSchema.parse(resource).Properties.Environment.Variables;

const pipeFilterSchema = z.object({
  SourceParameters: z.object({
    FilterCriteria: z.object({ Filters: z.tuple([z.object({ Pattern: z.string() })]) }),
  }),
});
const filterPatternOf = (properties: unknown): unknown =>
  JSON.parse(pipeFilterSchema.parse(properties).SourceParameters.FilterCriteria.Filters[0].Pattern);

const functionNamed = (name: string) => {
  const fn = synthesis.stacks.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  return fn;
};
/** `<stack>/<logicalId>` of a manifest function's Lambda function. */
const functionRef = (name: string): string => {
  const fn = functionNamed(name);
  return `${Stack.of(fn).stackName}/${logicalIdOf(Stack.of(fn), fn.function)}`;
};
const functionResource = (name: string): unknown => {
  const fn = functionNamed(name);
  return z.object({ Resources: z.record(z.string(), z.unknown()) }).parse(templateJson(Stack.of(fn)))
    .Resources[logicalIdOf(Stack.of(fn), fn.function)];
};
const refsOf = (value: unknown, stack: Stack): Set<string> =>
  referencedResources(value, stack.stackName, outputs);

describe('stateful stack', () => {
  it('keeps one on-demand table with the declared keys, indexes, stream, PITR and TTL, retained', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: TABLE_PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: TABLE_SORT_KEY, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: Match.stringLikeRegexp('^NEW_(AND_OLD_)?IMAGES?$') },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: tableIndexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      },
    });
  });

  it('has a custom event bus with an archive for replay', () => {
    stateful.hasResourceProperties('AWS::Events::EventBus', { Name: names.eventBus });
    stateful.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: names.eventArchive,
      RetentionDays: 30,
    });
  });

  it.each(queues)('gives queue $name a dead-letter queue after $maxReceiveCount receives', (spec) => {
    const managed = synthesis.stacks.stateful.queues.get(spec.name);
    if (managed === undefined) throw new Error(`No queue ${spec.name}`);
    const dlqId = logicalIdOf(synthesis.stacks.stateful, managed.deadLetterQueue);
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: spec.maxReceiveCount,
      },
    });
    // TLS only, and only the rules that target this queue may send to it.
    const queueId = logicalIdOf(synthesis.stacks.stateful, managed.queue);
    const [policy] = resourcesOf(stateful.toJSON(), 'AWS::SQS::QueuePolicy').filter((candidate) =>
      referencedLogicalIds(candidate.Properties?.Queues).has(queueId),
    );
    const statements = JSON.stringify(policy?.Properties?.PolicyDocument);
    expect(statements).toContain('"aws:SecureTransport":"false"');
    for (const rule of eventRules) {
      const targetsQueue = rule.targets.some(
        (target) => target.kind === 'queue' && target.name === spec.name,
      );
      expect(statements.includes(`:rule/${names.eventBus}/${names.busRule(rule.name)}"`)).toBe(targetsQueue);
    }
  });

  it('keeps attachments and exports in a versioned, encrypted, private, logged bucket', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({})] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
  });

  it('generates the cursor signing secret', () => {
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  it('retains every resource when the stack is deleted', () => {
    const notRetained = resourcesOf(stateful.toJSON()).filter(
      (resource) => resource.DeletionPolicy !== 'Retain',
    );
    expect(notRetained.map((resource) => resource.logicalId)).toEqual([]);
  });
});

describe('functions', () => {
  it('defines exactly one Lambda function per manifest entry', () => {
    expect(appResourcesOf('AWS::Lambda::Function')).toHaveLength(functionSpecs.length);
    expect([...synthesis.stacks.functions.keys()].sort()).toEqual(functionSpecs.map(([name]) => name).sort());
  });

  it('puts the authoriser with the API, route functions in their HTTP group, the rest in workers', () => {
    const { stacks } = synthesis;
    expect(Stack.of(functionNamed('authorizer'))).toBe(stacks.api);
    for (const [name] of functionSpecs) {
      if (name === 'authorizer') continue;
      const firstRoute = deployedRoutes.find((route) => route.function === name);
      const expected =
        firstRoute === undefined ? stacks.workers : stacks.http.get(httpGroupOf(firstRoute.path));
      expect(Stack.of(functionNamed(name)), name).toBe(expected);
    }
  });

  it.each(functionSpecs)('%s runs on Node.js 22, arm64, traced, sized by the manifest', (name, spec) => {
    const resource = functionResource(name);
    expect(resource).toMatchObject({
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        Description: spec.description,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      },
    });
  });

  it.each(functionSpecs)('%s receives the cloud runtime configuration and no local endpoint', (name) => {
    const variables = variablesOf(functionResource(name));
    expect(Object.keys(variables).sort()).toEqual(
      [
        'GUICHET_BUCKET_NAME',
        'GUICHET_CURSOR_SECRET_ARN',
        'GUICHET_DATA_ACCESS_ROLE_ARN',
        'GUICHET_EVENT_BUS_NAME',
        'GUICHET_STAGE',
        'GUICHET_TABLE_NAME',
        'NODE_OPTIONS',
        'POWERTOOLS_SERVICE_NAME',
        // Onboarding finds the tier plans by their fixed names (usage-plan-key-provisioning.ts).
        ...(name === 'onboardTenant' ? ['GUICHET_USAGE_PLAN_NAMES'] : []),
        // The authoriser reads the shared usage keys by id (shared-usage-keys.ts).
        ...(name === 'authorizer' ? ['GUICHET_SHARED_USAGE_KEY_IDS'] : []),
      ].sort(),
    );
    expect(variables.GUICHET_STAGE).toBe(TEST_SETTINGS.stage);
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('guichet');
  });

  it.each(queues)(
    'consumes queue $name with $consumer, $maxConcurrency batches at most, reporting partial batch failures',
    (spec) => {
      const managed = synthesis.stacks.stateful.queues.get(spec.name);
      if (managed === undefined) throw new Error(`No queue ${spec.name}`);
      const mappings = appResourcesOf('AWS::Lambda::EventSourceMapping').filter((mapping) =>
        refsOf(mapping.Properties?.FunctionName, mapping.stack).has(functionRef(spec.consumer)),
      );
      expect(mappings[0]?.stack).toBe(Stack.of(functionNamed(spec.consumer)));
      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.Properties).toMatchObject({
        BatchSize: spec.batchSize,
        ScalingConfig: { MaximumConcurrency: spec.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    },
  );
});

describe('REST API', () => {
  const apiTemplate = (): unknown => templateJson(synthesis.stacks.api);
  const apiResourcePathByRef = (): Map<string, string> =>
    new Map(
      [...apiResourcePaths(apiTemplate())].map(([logicalId, path]) => [
        `${synthesis.stacks.api.stackName}/${logicalId}`,
        path,
      ]),
    );
  const methods = () => {
    const paths = apiResourcePathByRef();
    return appResourcesOf('AWS::ApiGateway::Method').map((method) => {
      const properties = method.Properties ?? {};
      const [resourceRef] = [...refsOf(properties.ResourceId, method.stack)];
      return {
        route: `${String(properties.HttpMethod)} ${resourceRef === undefined ? '/' : paths.get(resourceRef)}`,
        integrationTargets: refsOf(properties.Integration, method.stack),
        properties,
        stack: method.stack,
        logicalId: method.logicalId,
      };
    });
  };

  it('has exactly one method per manifest route, proxied to the route function, in its stack', () => {
    const found = methods();
    expect(found.map((method) => method.route).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of routes) {
      const method = found.find((candidate) => candidate.route === `${route.method} ${route.path}`);
      expect(method?.integrationTargets.has(functionRef(route.function))).toBe(true);
      expect(method?.stack).toBe(Stack.of(functionNamed(route.function)));
      expect(method?.properties).toMatchObject({
        OperationName: route.operation,
        Integration: { Type: 'AWS_PROXY' },
        ...(route.auth === 'token'
          ? { AuthorizationType: 'CUSTOM', ApiKeyRequired: true, AuthorizerId: expect.anything() }
          : { AuthorizationType: 'NONE' }),
      });
    }
  });

  it('lets API Gateway invoke each function through its own routes only, one permission per method', () => {
    const permissions = appResourcesOf('AWS::Lambda::Permission').filter(
      (permission) => permission.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    // One per route, plus the authoriser's.
    expect(permissions).toHaveLength(routes.length + 1);
    for (const route of routes) {
      const arnPath = route.path.replace(/\{[^}]*\}/g, '*');
      const matching = permissions.filter(
        (permission) =>
          refsOf(permission.Properties?.FunctionName, permission.stack).has(functionRef(route.function)) &&
          JSON.stringify(permission.Properties?.SourceArn).endsWith(
            `/${TEST_SETTINGS.stage}/${route.method}${arnPath}"]]}`,
          ),
      );
      expect(matching, `${route.method} ${route.path}`).toHaveLength(1);
    }
  });

  it('runs one request authoriser, the manifest authoriser, cached for the declared TTL', () => {
    const authorizers = appResourcesOf('AWS::ApiGateway::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizer] = authorizers;
    expect(authorizer?.stack).toBe(synthesis.stacks.api);
    expect(authorizer?.Properties).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
    });
    expect(
      refsOf(authorizer?.Properties?.AuthorizerUri, synthesis.stacks.api).has(functionRef('authorizer')),
    ).toBe(true);
    // Every token route uses that one authoriser.
    const authorizerRef = `${synthesis.stacks.api.stackName}/${authorizer?.logicalId}`;
    for (const method of methods().filter((candidate) => candidate.properties.AuthorizationType === 'CUSTOM'))
      expect(refsOf(method.properties.AuthorizerId, method.stack)).toEqual(new Set([authorizerRef]));
  });

  it('takes API keys from the authoriser and throttles each tier by its usage plan', () => {
    const api = synthesis.templateOf(synthesis.stacks.api);
    api.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
    expect(appResourcesOf('AWS::ApiGateway::RestApi')).toHaveLength(1);
    const stage = synthesis.templateOf(synthesis.stacks.apiStage);
    // Tenancy (#3): and one plan per shared kind (providers, platform; test/infra/shared-usage-keys.test.ts).
    expect(appResourcesOf('AWS::ApiGateway::UsagePlan')).toHaveLength(
      TIERS.length + SHARED_USAGE_PLANS.length,
    );
    for (const tier of TIERS) {
      stage.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        UsagePlanName: names.usagePlan(tier),
        Throttle: { RateLimit: tierLimits[tier].rateLimitPerSecond, BurstLimit: tierLimits[tier].burstLimit },
      });
      stage.hasOutput(`UsagePlanId${tier}`, Match.anyValue());
    }
  });

  it('logs access, traces requests and names the stage after the deployment stage', () => {
    const stage = synthesis.templateOf(synthesis.stacks.apiStage);
    stage.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: TEST_SETTINGS.stage,
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    stage.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it('deploys after every HTTP stack, so the deployment snapshots every method', () => {
    const { apiStage, http } = synthesis.stacks;
    for (const stack of http.values()) expect(apiStage.dependencies).toContain(stack);
    expect(appResourcesOf('AWS::ApiGateway::Deployment').map((deployment) => deployment.stack)).toEqual([
      apiStage,
    ]);
  });
});

describe('event routing', () => {
  it('creates one rule per manifest rule and schedule', () => {
    expect(appResourcesOf('AWS::Events::Rule')).toHaveLength(eventRules.length + schedules.length);
    synthesis
      .templateOf(synthesis.stacks.events)
      .resourceCountIs('AWS::Events::Rule', eventRules.length + schedules.length);
  });

  it.each(eventRules)('passes the pattern of $name through unchanged, with every target', (rule) => {
    synthesis.templateOf(synthesis.stacks.events).hasResourceProperties('AWS::Events::Rule', {
      Name: names.busRule(rule.name),
      EventPattern: Match.objectEquals({ ...rule.pattern }),
      Targets: rule.targets.map(() =>
        Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() }),
      ),
    });
  });
});

describe('outbox pipe', () => {
  it('relays only inserted outbox items from the table stream to the bus', () => {
    const [pipe, ...others] = appResourcesOf('AWS::Pipes::Pipe');
    expect(others).toEqual([]);
    expect(pipe?.stack).toBe(synthesis.stacks.events);
    expect(pipe?.Properties).toMatchObject({
      Name: names.outboxPipe,
      SourceParameters: {
        DynamoDBStreamParameters: { DeadLetterConfig: { Arn: expect.anything() } },
        FilterCriteria: { Filters: [{ Pattern: expect.any(String) }] },
      },
      TargetParameters: {
        EventBridgeEventBusParameters: {
          DetailType: '$.dynamodb.NewImage.detailType.S',
          Source: '$.dynamodb.NewImage.source.S',
        },
        InputTemplate: '<$.dynamodb.NewImage.detail.S>',
      },
    });
    const filter = filterPatternOf(pipe?.Properties);
    expect(filter).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entityType: { S: [OUTBOX_ENTITY_TYPE] } } },
    });
    expect(filter).toEqual(OUTBOX_FILTER_PATTERN);
  });
});

describe('alarms', () => {
  it('alarms on every dead-letter queue and on every function’s errors', () => {
    const deadLetterQueues = queues.length + 2; // per manifest queue, plus rule targets and the pipe
    const alarms = resourcesOf(synthesis.monitoring().toJSON(), 'AWS::CloudWatch::Alarm');
    expect(appResourcesOf('AWS::CloudWatch::Alarm')).toHaveLength(alarms.length);
    expect(
      alarms.filter((alarm) => alarm.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible'),
    ).toHaveLength(deadLetterQueues);
    expect(alarms.filter((alarm) => alarm.Properties?.MetricName === 'Errors')).toHaveLength(
      functionSpecs.length,
    );
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });
});

describe('stack size', () => {
  it(`keeps every stack at most ${MAX_RESOURCES_PER_STACK} resources (CloudFormation refuses 500)`, () => {
    for (const stack of synthesis.stacks.all) {
      const count = resourcesOf(templateJson(stack)).length;
      expect(count, stack.stackName).toBeLessThanOrEqual(MAX_RESOURCES_PER_STACK);
      expect(count, stack.stackName).toBe(resourceCountOf(stack));
    }
  });
});

describe('deployment settings', () => {
  it('default to the stage and region of cdk.json', () => {
    const settings = readDeploymentSettings(
      new App({ context: { stage: DEFAULT_STAGE, region: DEFAULT_REGION } }),
    );
    expect(settings).toMatchObject({ stage: 'dev', region: 'eu-west-1' });
    expect(readDeploymentSettings(new App())).toMatchObject({ stage: DEFAULT_STAGE, region: DEFAULT_REGION });
  });

  it('take one stage per region from the context', () => {
    const app = new App({ context: { stage: 'prod-eu', region: 'eu-central-1' } });
    expect(readDeploymentSettings(app)).toMatchObject({ stage: 'prod-eu', region: 'eu-central-1' });
  });

  it.each([{ stage: 'Prod' }, { stage: 'prod_eu' }, { region: 'europe' }, { stage: 'a'.repeat(21) }])(
    'refuse malformed context %o',
    (context) => {
      expect(() => readDeploymentSettings(new App({ context }))).toThrow(/Invalid/);
    },
  );

  it('refuse a rule name EventBridge would reject', () => {
    expect(() => resourceNames('dev').busRule('x'.repeat(60))).toThrow(/longer than 64/);
  });
});
