/**
 * Guichet's CDK app for one stage, and the AWS Solutions checks of cdk-nag over all its stacks
 * (every finding must be fixed or acknowledged with a reason where it occurs; synthesis fails
 * otherwise). The stacks, in deploy order (docs/infra.md):
 *
 *   Stateful → DataAccess → Api → Http-<group>… and Workers → ApiStage, Events → Monitoring
 *
 * Functions are spread over the API, HTTP and workers stacks by `stack-layout.ts`, so that no
 * stack reaches CloudFormation's 500-resource limit however many functions the manifest lists.
 */
import { type App, type Stack, Tags, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { GuichetFunction } from '../constructs/guichet-function.ts';
import type { FunctionSpec } from '../manifest.ts';
import { ApiStack } from './api-stack.ts';
import { ApiStageStack } from './api-stage-stack.ts';
import { DataAccessStack } from './data-access-stack.ts';
import { type DeploymentManifest, guichetManifest } from './deployment-manifest.ts';
import { type DeploymentSettings, readDeploymentSettings } from './deployment-settings.ts';
import { EventsStack } from './events-stack.ts';
import { type FunctionBindings, FunctionStack } from './function-stack.ts';
import { HttpStack } from './http-stack.ts';
import { MonitoringStack } from './monitoring-stack.ts';
import { stackExtensions } from './stack-extensions.ts';
import { placeFunctions } from './stack-layout.ts';
import { StatefulStack } from './stateful-stack.ts';

export interface GuichetStacks {
  readonly settings: DeploymentSettings;
  readonly manifest: DeploymentManifest;
  readonly stateful: StatefulStack;
  readonly dataAccess: DataAccessStack;
  readonly api: ApiStack;
  /** HTTP stacks by route group. */
  readonly http: ReadonlyMap<string, HttpStack>;
  /** Absent when every function serves routes. */
  readonly workers: FunctionStack | undefined;
  readonly apiStage: ApiStageStack;
  readonly events: EventsStack;
  readonly monitoring: MonitoringStack;
  /** Every manifest function by name, whichever stack holds it. */
  readonly functions: ReadonlyMap<string, GuichetFunction>;
  /** Every stack of the stage, in deploy order. */
  readonly all: readonly Stack[];
}

export interface GuichetAppOptions {
  /** The manifest to deploy; tests pass a larger synthetic one to check the layout scales. */
  readonly manifest?: DeploymentManifest;
}

export const defineGuichetApp = (
  app: App,
  settings: DeploymentSettings = readDeploymentSettings(app),
  options: GuichetAppOptions = {},
): GuichetStacks => {
  const manifest = options.manifest ?? guichetManifest;
  const env = {
    region: settings.region,
    ...(settings.account === undefined ? {} : { account: settings.account }),
  };
  const production = settings.stage.startsWith('prod');
  const prefix = `Guichet-${settings.stage}`;
  const specOf = (name: string): FunctionSpec => {
    const spec = manifest.functions[name];
    if (spec === undefined) throw new Error(`The manifest refers to unknown function "${name}"`);
    return spec;
  };
  const placements = placeFunctions(manifest);

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    settings,
    manifest,
    env,
    description: `Guichet ${settings.stage}: table, event bus, queues, buckets, secrets (retained)`,
    terminationProtection: production,
  });
  const dataAccess = new DataAccessStack(app, `${prefix}-DataAccess`, {
    stage: settings.stage,
    table: stateful.table,
    accesses: Object.values(manifest.functions).map((spec) => spec.table),
    env,
    description: `Guichet ${settings.stage}: tenant data-access roles (LeadingKeys-scoped)`,
  });
  const bindings: FunctionBindings = { settings, stateful, dataAccess: dataAccess.dataAccess };

  const api = new ApiStack(app, `${prefix}-Api`, {
    bindings,
    manifest,
    env,
    description: `Guichet ${settings.stage}: REST API shell (resources, validator) and the authoriser`,
  });

  const httpGroups = new Map<string, string[]>();
  const workerNames: string[] = [];
  for (const [name, placement] of placements) {
    if (placement.kind === 'http')
      httpGroups.set(placement.group, [...(httpGroups.get(placement.group) ?? []), name]);
    if (placement.kind === 'worker') workerNames.push(name);
  }
  const http = new Map<string, HttpStack>();
  for (const [group, names] of httpGroups) {
    const members = new Set(names);
    http.set(
      group,
      new HttpStack(app, `${prefix}-Http-${group}`, {
        bindings,
        shell: api.shell,
        functionSpecs: names.map((name) => [name, specOf(name)] as const),
        routes: manifest.routes.filter((route) => members.has(route.function)),
        env,
        description: `Guichet ${settings.stage}: ${group} routes and their functions`,
      }),
    );
  }
  const workers =
    workerNames.length === 0
      ? undefined
      : new FunctionStack(app, `${prefix}-Workers`, {
          bindings,
          functionSpecs: workerNames.map((name) => [name, specOf(name)] as const),
          env,
          description: `Guichet ${settings.stage}: queue consumers, rule targets and scheduled functions`,
        });

  const functions = new Map<string, GuichetFunction>();
  for (const stack of [api, ...http.values(), ...(workers === undefined ? [] : [workers])])
    for (const [name, fn] of stack.functions) functions.set(name, fn);
  const functionNamed = (name: string): GuichetFunction => {
    const fn = functions.get(name);
    if (fn === undefined) throw new Error(`The manifest refers to unknown function "${name}"`);
    return fn;
  };

  // Event source mappings live with their consumer, in the consumer's stack.
  for (const spec of manifest.queues) {
    const managed = stateful.queues.get(spec.name);
    if (managed === undefined) throw new Error(`Queue "${spec.name}" is missing from the stateful stack`);
    const consumer = functionNamed(spec.consumer);
    if (spec.visibilityTimeoutSeconds < consumer.spec.timeoutSeconds) {
      throw new Error(
        `Queue "${spec.name}": visibility timeout ${spec.visibilityTimeoutSeconds}s is shorter than ${spec.consumer}'s timeout`,
      );
    }
    consumer.function.addEventSource(
      new SqsEventSource(managed.queue, {
        batchSize: spec.batchSize,
        maxConcurrency: spec.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }

  const apiStage = new ApiStageStack(app, `${prefix}-ApiStage`, {
    stage: settings.stage,
    shell: api.shell,
    methods: [...http.values()].flatMap((stack) => stack.routeMethods.methods),
    // A new deployment whenever a route, its function's place or the authoriser changes.
    fingerprint: {
      routes: manifest.routes.map((route) => ({
        ...route,
        functionPath: functionNamed(route.function).function.node.path,
      })),
      authorizerCacheTtlSeconds: manifest.authorizerCacheTtlSeconds,
    },
    env,
    description: `Guichet ${settings.stage}: API deployment, stage, usage plans and WAF`,
  });
  const events = new EventsStack(app, `${prefix}-Events`, {
    settings,
    manifest,
    stateful,
    functionNamed,
    env,
    description: `Guichet ${settings.stage}: event rules, schedules and the outbox pipe`,
  });
  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    stateful,
    functions,
    env,
    description: `Guichet ${settings.stage}: alarms on dead letters and function errors`,
  });

  const stacks: GuichetStacks = {
    settings,
    manifest,
    stateful,
    dataAccess,
    api,
    http,
    workers,
    apiStage,
    events,
    monitoring,
    functions,
    all: [
      stateful,
      dataAccess,
      api,
      ...http.values(),
      ...(workers === undefined ? [] : [workers]),
      apiStage,
      events,
      monitoring,
    ],
  };
  for (const extend of stackExtensions) extend(stacks);

  Tags.of(app).add('project', 'guichet');
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
};
