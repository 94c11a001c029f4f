/**
 * The stack layout scales with the manifest: the app is synthesised from a synthetic manifest
 * three times Guichet's own (every function but the authoriser copied twice, with its routes —
 * in the same route groups —, queues, schedules and rules), and must still synthesise (no
 * cross-stack cycle, no cdk-nag finding) with no stack above the resource ceiling. Bundling is
 * skipped, as in every infra test, so the copies cost no esbuild run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentManifest } from '../../infra/stacks/deployment-manifest.ts';
import { guichetManifest } from '../../infra/stacks/deployment-manifest.ts';
import { httpGroupOf, MAX_RESOURCES_PER_STACK } from '../../infra/stacks/stack-layout.ts';
import { type GuichetSynthesis, synthGuichet } from './guichet-synth.ts';
import { resourcesOf } from './template-queries.ts';

const COPIES = 2;

/** `/v1/tickets/{ticketId}` → `/v1/tickets/copy1/{ticketId}`: a new path in the same group. */
const copiedPath = (path: string, copy: number): string => {
  const segments = path.split('/').filter((segment) => segment !== '');
  const keep = /^v\d+$/.test(segments[0] ?? '') ? 2 : 1;
  return `/${[...segments.slice(0, keep), `copy${copy}`, ...segments.slice(keep)].join('/')}`;
};

const inflate = (manifest: DeploymentManifest, copies: number): DeploymentManifest => {
  const copyIndexes = Array.from({ length: copies }, (_, index) => index + 1);
  const fn = (name: string, copy: number): string =>
    name === manifest.authorizer ? name : `${name}Copy${copy}`;
  return {
    ...manifest,
    functions: Object.fromEntries([
      ...Object.entries(manifest.functions),
      ...copyIndexes.flatMap((copy) =>
        Object.entries(manifest.functions)
          .filter(([name]) => name !== manifest.authorizer)
          .map(([name, spec]) => [fn(name, copy), spec] as const),
      ),
    ]),
    routes: [
      ...manifest.routes,
      ...copyIndexes.flatMap((copy) =>
        manifest.routes.map((route) => ({
          ...route,
          path: copiedPath(route.path, copy),
          function: fn(route.function, copy),
          operation: `${route.operation}Copy${copy}`,
        })),
      ),
    ],
    queues: [
      ...manifest.queues,
      ...copyIndexes.flatMap((copy) =>
        manifest.queues.map((queue) => ({
          ...queue,
          name: `${queue.name}-copy${copy}`,
          consumer: fn(queue.consumer, copy),
        })),
      ),
    ],
    schedules: [
      ...manifest.schedules,
      ...copyIndexes.flatMap((copy) =>
        manifest.schedules.map((schedule) => ({
          ...schedule,
          name: `${schedule.name}-c${copy}`,
          function: fn(schedule.function, copy),
        })),
      ),
    ],
    eventRules: [
      ...manifest.eventRules,
      ...copyIndexes.flatMap((copy) =>
        manifest.eventRules.map((rule) => ({
          ...rule,
          name: `${rule.name}-c${copy}`,
          targets: rule.targets.map((target) =>
            target.kind === 'function'
              ? { kind: 'function' as const, name: fn(target.name, copy) }
              : { kind: 'queue' as const, name: `${target.name}-copy${copy}` },
          ),
        })),
      ),
    ],
  };
};

const grown = inflate(guichetManifest, COPIES);
let synthesis: GuichetSynthesis;

beforeAll(() => {
  synthesis = synthGuichet({ manifest: grown });
}, 120_000);

describe(`a manifest of ${Object.keys(grown.functions).length} functions`, () => {
  it('is at least 150 functions, all defined', () => {
    expect(Object.keys(grown.functions).length).toBeGreaterThanOrEqual(150);
    expect(synthesis.stacks.functions.size).toBe(Object.keys(grown.functions).length);
  });

  it('synthesises: no cross-stack reference cycle, no unacknowledged finding', () => {
    expect(synthesis.findings).toEqual([]);
    expect(synthesis.synthError).toBeUndefined();
  });

  it(`leaves no stack above ${MAX_RESOURCES_PER_STACK} resources`, () => {
    const counts = synthesis.stacks.all.map((stack) => ({
      stack: stack.stackName,
      resources: resourcesOf(synthesis.templateOf(stack).toJSON()).length,
    }));
    expect(counts.filter((count) => count.resources > MAX_RESOURCES_PER_STACK)).toEqual([]);
    // The copies really landed in the existing groups rather than in stacks of their own.
    const realGroups = new Set(guichetManifest.routes.map((route) => httpGroupOf(route.path)));
    expect([...synthesis.stacks.http.keys()].sort()).toEqual([...realGroups].sort());
  });
});
