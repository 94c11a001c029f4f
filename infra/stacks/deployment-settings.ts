/**
 * Which deployment the CDK app is building: one stage per region, so a tenant's data stays in
 * the region its stage lives in (`-c stage=prod-eu -c region=eu-west-1`).
 *
 * The names derived here (bus, rules, pipe) are deterministic because the stateful stack must
 * know them before the events stack exists: the queues' resource policies name the rules
 * that may send to them, and a real reference would make the two stacks depend on each other.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface DeploymentSettings {
  /** Stage name, e.g. `dev` or `prod-eu`; part of every physical name. */
  readonly stage: string;
  readonly region: string;
  /** Left unset to synthesise account-agnostic templates (the CLI fills it in at deploy time). */
  readonly account?: string;
}

export const DEFAULT_STAGE = 'dev';
export const DEFAULT_REGION = 'eu-west-1';

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

const contextString = (scope: IConstruct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
};

/** Reads `-c stage=…`, `-c region=…` (and optionally `-c account=…`), failing on anything malformed. */
export const readDeploymentSettings = (scope: IConstruct): DeploymentSettings => {
  const stage = contextString(scope, 'stage') ?? DEFAULT_STAGE;
  const region = contextString(scope, 'region') ?? DEFAULT_REGION;
  const account = contextString(scope, 'account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Invalid stage "${stage}": lower-case letters, digits and dashes, at most 20 characters`);
  }
  if (!REGION_PATTERN.test(region)) throw new Error(`Invalid region "${region}"`);
  if (account !== undefined && !ACCOUNT_PATTERN.test(account))
    throw new Error(`Invalid account "${account}"`);
  return account === undefined ? { stage, region } : { stage, region, account };
};

/** EventBridge caps rule names at 64 characters; failing at synth beats failing at deploy. */
const MAX_RULE_NAME_LENGTH = 64;

const checkedRuleName = (name: string): string => {
  if (name.length > MAX_RULE_NAME_LENGTH) {
    throw new Error(`Rule name "${name}" is longer than ${MAX_RULE_NAME_LENGTH} characters`);
  }
  return name;
};

/** Physical names shared by the stacks of a stage. */
export const resourceNames = (stage: string) => ({
  eventBus: `guichet-${stage}`,
  eventArchive: `guichet-${stage}-events`,
  outboxPipe: `guichet-${stage}-outbox`,
  /** A rule of `eventRules`, on the Guichet bus. */
  busRule: (ruleName: string): string => checkedRuleName(`guichet-${stage}-${ruleName}`),
  /** A rule of `schedules`; scheduled rules can only live on the default bus. */
  scheduleRule: (scheduleName: string): string =>
    checkedRuleName(`guichet-${stage}-schedule-${scheduleName}`),
  usagePlan: (tier: string): string => `guichet-${stage}-${tier}`,
  /**
   * The object bucket's name, fixed from stage, account and region so that the function stacks
   * can grant on it without a cross-stack token (whose rendering cdk-nag findings depend on).
   */
  objectBucket: (account: string, region: string): string => `guichet-${stage}-objects-${account}-${region}`,
});

export type ResourceNames = ReturnType<typeof resourceNames>;

/** ARN of a rule on a custom bus (`rule/<bus>/<rule>`) or, without a bus, on the default bus. */
export const ruleArn = (scope: IConstruct, ruleName: string, eventBusName?: string): string =>
  Stack.of(scope).formatArn({
    service: 'events',
    resource: 'rule',
    resourceName: eventBusName === undefined ? ruleName : `${eventBusName}/${ruleName}`,
  });
