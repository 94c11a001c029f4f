/**
 * Where functions go (`infra/stacks/stack-layout.ts`): derived from their triggers and route
 * prefixes, never declared by manifest entries; and the per-stack resource ceiling that fails
 * synthesis long before CloudFormation's own limit would fail a deployment.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { guichetManifest } from '../../infra/stacks/deployment-manifest.ts';
import {
  httpGroupOf,
  limitResourceCount,
  MAX_RESOURCES_PER_STACK,
  placeFunctions,
  WORKERS_GROUP,
} from '../../infra/stacks/stack-layout.ts';

describe('HTTP groups', () => {
  it('follow the declared prefixes, whole segments only', () => {
    expect(httpGroupOf('/v1/tickets')).toBe('tickets');
    expect(httpGroupOf('/v1/tickets/{ticketId}/comments')).toBe('tickets');
    expect(httpGroupOf('/v1/tickets/{ticketId}/sla/recompute')).toBe('service-levels');
    expect(httpGroupOf('/v1/billing/periods/{period}/close')).toBe('billing');
    expect(httpGroupOf('/openapi.json')).toBe('docs');
    expect(httpGroupOf('/v1/ticketsarchive/{id}')).toBe('ticketsarchive');
  });

  it('give an undeclared context a group of its own, named after it', () => {
    expect(httpGroupOf('/v1/knowledge/articles/{articleId}')).toBe('knowledge');
    expect(httpGroupOf('/v2/Assets_Inventory')).toBe('assets-inventory');
    expect(httpGroupOf('/health')).toBe('health');
  });
});

describe('function placement', () => {
  const placements = placeFunctions(guichetManifest);

  it('places every manifest function exactly once', () => {
    expect([...placements.keys()].sort()).toEqual(Object.keys(guichetManifest.functions).sort());
  });

  it('keeps the authoriser with the API, and sends unrouted functions to the workers', () => {
    expect(placements.get('authorizer')).toEqual({ kind: 'authorizer' });
    expect(placements.get('notifyRequester')).toEqual({ kind: 'worker', group: WORKERS_GROUP });
    expect(placements.get('sweepSlaMilestones')).toEqual({ kind: 'worker', group: WORKERS_GROUP });
  });

  it('puts a routed function in the group of its first route', () => {
    expect(placements.get('tickets')).toEqual({ kind: 'http', group: 'tickets' });
    expect(placements.get('apiDocs')).toEqual({ kind: 'http', group: 'docs' });
    const manifest = {
      ...guichetManifest,
      routes: [
        ...guichetManifest.routes,
        {
          method: 'GET',
          path: '/v1/knowledge',
          function: 'tickets',
          operation: 'x',
          auth: 'token',
        } as const,
      ],
    };
    expect(placeFunctions(manifest).get('tickets')).toEqual({ kind: 'http', group: 'tickets' });
  });

  it('refuses a trigger naming an unknown function', () => {
    const manifest = {
      ...guichetManifest,
      schedules: [{ name: 'nightly', function: 'nobody', rateMinutes: 60, localIntervalMs: 1000 }],
    };
    expect(() => placeFunctions(manifest)).toThrow(/Schedule "nightly" refers to unknown function "nobody"/);
  });
});

describe('resource ceiling', () => {
  /** The validation errors synthesis would report for a stack of `count` resources. */
  const errorsOfStackWith = (count: number): string[] => {
    const stack = new Stack(new App(), 'Crowded');
    for (let index = 0; index < count; index += 1)
      new CfnResource(stack, `Topic${index}`, { type: 'AWS::SNS::Topic' });
    limitResourceCount(stack);
    return stack.node.validate();
  };

  it(`fails synthesis above ${MAX_RESOURCES_PER_STACK} resources, naming the stack and the way out`, () => {
    const errors = errorsOfStackWith(MAX_RESOURCES_PER_STACK + 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`Crowded would hold ${MAX_RESOURCES_PER_STACK + 1} resources.*HTTP_GROUPS`),
    );
  });

  it('lets a stack at the ceiling through', () => {
    expect(errorsOfStackWith(MAX_RESOURCES_PER_STACK)).toEqual([]);
  });

  it('is enforced on every stack when the app synthesises', () => {
    const app = new App();
    const stack = new Stack(app, 'Crowded');
    for (let index = 0; index <= MAX_RESOURCES_PER_STACK; index += 1)
      new CfnResource(stack, `Topic${index}`, { type: 'AWS::SNS::Topic' });
    limitResourceCount(stack);
    expect(() => app.synth()).toThrow(/Crowded would hold/);
  });
});
