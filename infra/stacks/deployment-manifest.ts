/**
 * The manifest as the CDK app consumes it: the same entries as `infra/manifest.ts`, with
 * function names widened to strings so that a test can synthesise the app from a larger,
 * synthetic manifest (growth checks) without the literal name types of the real one.
 */
import type { RuleSpec } from '../../events/rules.ts';
import {
  AUTHORIZER_CACHE_TTL_SECONDS,
  eventRules,
  type FunctionSpec,
  functions,
  type QueueSpec,
  queues,
  type RouteSpec,
  routes,
  type ScheduleSpec,
  schedules,
} from '../manifest.ts';

type WithFunctionName<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]: string };

export type DeployedRoute = WithFunctionName<RouteSpec, 'function'>;
export type DeployedQueue = WithFunctionName<QueueSpec, 'consumer'>;
export type DeployedSchedule = WithFunctionName<ScheduleSpec, 'function'>;

export interface DeploymentManifest {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly routes: readonly DeployedRoute[];
  readonly queues: readonly DeployedQueue[];
  readonly schedules: readonly DeployedSchedule[];
  readonly eventRules: readonly RuleSpec[];
  /** The function API Gateway runs as the request authoriser of `token` routes. */
  readonly authorizer: string;
  readonly authorizerCacheTtlSeconds: number;
}

/** Guichet's manifest, as `cdk synth` deploys it. */
export const guichetManifest: DeploymentManifest = {
  functions,
  routes,
  queues,
  schedules,
  eventRules,
  authorizer: 'authorizer',
  authorizerCacheTtlSeconds: AUTHORIZER_CACHE_TTL_SECONDS,
};
