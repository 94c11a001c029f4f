/**
 * Which stack each manifest function lives in, derived from what triggers it, so that manifest
 * entries never declare a stack and CloudFormation's 500-resources-per-stack limit is never
 * reached as functions are added:
 *
 * - the manifest's authoriser lives with the REST API shell (`Api`);
 * - a function that serves routes lives in the HTTP stack of its first route's path prefix
 *   (`Http-<group>`), with its methods and their invoke permissions;
 * - every other function (queue consumers, rule targets, schedules) lives in `Workers`.
 *
 * Placement must be STABLE: moving a function's methods to another stack makes CloudFormation
 * create them in the new stack while the old one still holds them, which API Gateway refuses.
 * A route prefix absent from `HTTP_GROUPS` therefore gets a stack of its own, named after its
 * context segment, rather than being packed into an existing stack (see docs/infra.md).
 */
import { CfnResource, type Stack } from 'aws-cdk-lib';
import type { DeploymentManifest } from './deployment-manifest.ts';

/**
 * CloudFormation refuses a stack of more than 500 resources; synthesis refuses more than this,
 * which leaves room for a release's worth of additions between two layout decisions.
 */
export const MAX_RESOURCES_PER_STACK = 400;

/**
 * Route path prefix → HTTP stack group, for the contexts that share a stack. The longest
 * matching prefix wins (a prefix matches whole segments only). Append rows; changing the group
 * of a prefix that is deployed moves its methods (docs/infra.md, "Moving routes").
 */
export const HTTP_GROUPS: ReadonlyArray<readonly [prefix: string, group: string]> = [
  ['/v1/tickets', 'tickets'],
  ['/v1/triage', 'routing'],
  ['/v1/routing', 'routing'],
  ['/v1/tickets/{ticketId}/routing', 'routing'],
  ['/v1/tickets/{ticketId}/assignment', 'routing'],
  ['/v1/platform', 'tenancy'],
  ['/v1/tenant', 'tenancy'],
  ['/v1/audit', 'tenancy'],
  ['/v1/api-keys', 'tenancy'],
  ['/v1/me', 'tenancy'],
  ['/v1/provider', 'providers'],
  ['/v1/sla', 'service-levels'],
  ['/v1/reports', 'service-levels'],
  ['/v1/tickets/{ticketId}/sla', 'service-levels'],
  ['/v1/billing', 'billing'],
  // The service catalogue (feature/meters) prices what billing meters.
  ['/v1/catalogue', 'billing'],
  ['/openapi.json', 'docs'],
  ['/docs', 'docs'],
];

export const WORKERS_GROUP = 'workers';

const VERSION_SEGMENT = /^v\d+$/;

const matchesPrefix = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(`${prefix}/`);

/**
 * The HTTP group of a route path: the longest `HTTP_GROUPS` prefix, else the path's context
 * segment (`/v1/<context>/…`, or the first segment of an unversioned path), as a stack-safe name.
 */
export const httpGroupOf = (path: string): string => {
  const matched = [...HTTP_GROUPS]
    .filter(([prefix]) => matchesPrefix(path, prefix))
    .sort(([a], [b]) => b.length - a.length)[0];
  if (matched !== undefined) return matched[1];
  const segments = path.split('/').filter((segment) => segment !== '');
  const context = VERSION_SEGMENT.test(segments[0] ?? '') ? segments[1] : segments[0];
  const name = (context ?? 'root')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return name === '' ? 'root' : name;
};

export type FunctionPlacement =
  | { readonly kind: 'authorizer' }
  | { readonly kind: 'http'; readonly group: string }
  | { readonly kind: 'worker'; readonly group: string };

/** Where every manifest function goes; throws on a route or trigger naming an unknown function. */
export const placeFunctions = (manifest: DeploymentManifest): ReadonlyMap<string, FunctionPlacement> => {
  const known = (name: string, what: string): string => {
    if (!Object.hasOwn(manifest.functions, name))
      throw new Error(`${what} refers to unknown function "${name}"`);
    return name;
  };
  known(manifest.authorizer, 'The authoriser');
  const placements = new Map<string, FunctionPlacement>();
  placements.set(manifest.authorizer, { kind: 'authorizer' });
  for (const route of manifest.routes) {
    const name = known(route.function, `Route ${route.method} ${route.path}`);
    if (placements.has(name)) continue; // a function's first route decides
    placements.set(name, { kind: 'http', group: httpGroupOf(route.path) });
  }
  for (const queue of manifest.queues) known(queue.consumer, `Queue "${queue.name}"`);
  for (const schedule of manifest.schedules) known(schedule.function, `Schedule "${schedule.name}"`);
  for (const rule of manifest.eventRules) {
    for (const target of rule.targets)
      if (target.kind === 'function') known(target.name, `Rule "${rule.name}"`);
  }
  for (const name of Object.keys(manifest.functions)) {
    if (!placements.has(name)) placements.set(name, { kind: 'worker', group: WORKERS_GROUP });
  }
  return placements;
};

/** The CloudFormation resources a stack will synthesise (its own, not those of other stacks). */
export const resourceCountOf = (stack: Stack): number =>
  stack.node
    .findAll()
    .filter((construct) => CfnResource.isCfnResource(construct) && construct.stack === stack).length;

/**
 * Fails synthesis, naming the stack, when it would hold more than `MAX_RESOURCES_PER_STACK`
 * resources: far better than a deployment that CloudFormation rejects halfway through a release.
 */
export const limitResourceCount = (stack: Stack): void => {
  stack.node.addValidation({
    validate: () => {
      const count = resourceCountOf(stack);
      return count <= MAX_RESOURCES_PER_STACK
        ? []
        : [
            `${stack.stackName} would hold ${count} resources (at most ${MAX_RESOURCES_PER_STACK}): give part of its routes a group of their own in HTTP_GROUPS (infra/stacks/stack-layout.ts), see docs/infra.md`,
          ];
    },
  });
};
