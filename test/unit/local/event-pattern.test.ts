/**
 * The local bus's pattern matcher against the examples of AWS's EventBridge event-pattern
 * documentation ("Amazon EventBridge event patterns", "Content filtering", "Arrays in event
 * patterns", "Matching events on event field values"): the local stack must route exactly as AWS.
 */
import { describe, expect, it } from 'vitest';
import type { EventPattern } from '../../../events/event-pattern.ts';
import { rules } from '../../../events/rules.ts';
import {
  assertValidEventPattern,
  matchesEventPattern,
} from '../../../local/event-bus/event-pattern-matcher.ts';

/** The EC2 instance state-change event of the "event patterns" page. */
const ec2StateChange = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const withDetail = (detail: Readonly<Record<string, unknown>>) => ({ ...ec2StateChange, detail });

/** The content-filtering page's event for numeric matching. */
const countsEvent = withDetail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 });

/** The auto scaling event of "matching on field values" (empty string and null). */
const autoScalingLaunch = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

interface Case {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: unknown;
  readonly matches: boolean;
}

const cases: readonly Case[] = [
  // Event patterns: all EC2 instance-termination events.
  {
    name: 'EC2 termination pattern matches the terminated event',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'EC2 termination pattern does not match a pending instance',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    event: withDetail({ 'instance-id': 'i-1234567890abcdef0', state: 'pending' }),
    matches: false,
  },
  {
    name: 'fields are ANDed: a right source with a wrong detail-type fails',
    pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'values are ORed: source aws.ec2 or aws.fargate',
    pattern: { source: ['aws.fargate', 'aws.ec2'] },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'a field the pattern names must exist in the event',
    pattern: { detail: { 'instance-type': ['t3.micro'] } },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'matching is case sensitive',
    pattern: { detail: { state: ['Terminated'] } },
    event: ec2StateChange,
    matches: false,
  },
  // Field values: empty strings and null are values like any other.
  {
    name: 'null matches a null field',
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    event: autoScalingLaunch,
    matches: true,
  },
  {
    name: 'an empty string matches an empty field',
    pattern: { source: ['aws.autoscaling'], detail: { eventVersion: [''] } },
    event: autoScalingLaunch,
    matches: true,
  },
  {
    name: 'null does not match a missing field',
    pattern: { detail: { responseElements: [null] } },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'a string does not match a number of the same digits',
    pattern: { detail: { 'c-count': ['5'] } },
    event: countsEvent,
    matches: false,
  },
  {
    name: 'a number written 3.018e2 in the pattern matches 301.8',
    pattern: { detail: { 'x-limit': [3.018e2] } },
    event: countsEvent,
    matches: true,
  },
  // Prefix and suffix.
  {
    name: 'prefix on time (2017-10-02)',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { ...ec2StateChange, time: '2017-10-02T18:43:48Z' },
    matches: true,
  },
  {
    name: 'prefix on time misses another day',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'prefix on detail.state',
    pattern: { source: ['aws.ec2'], detail: { state: [{ prefix: 'termin' }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'prefix on detail.state misses shutting-down',
    pattern: { detail: { state: [{ prefix: 'termin' }] } },
    event: withDetail({ state: 'shutting-down' }),
    matches: false,
  },
  {
    name: 'prefix never matches a number',
    pattern: { detail: { 'c-count': [{ prefix: '5' }] } },
    event: countsEvent,
    matches: false,
  },
  {
    name: 'suffix on FileName (.png)',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.png' },
    matches: true,
  },
  {
    name: 'suffix on FileName misses .jpg',
    pattern: { FileName: [{ suffix: '.png' }] },
    event: { FileName: 'image.jpg' },
    matches: false,
  },
  // Anything-but.
  {
    name: 'anything-but a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'anything-but a string excludes that string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: countsEvent,
    matches: true,
  },
  {
    name: 'anything-but a number excludes that number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: withDetail({ 'x-limit': 123 }),
    matches: false,
  },
  {
    name: 'anything-but a list of strings (stopped, overloaded) lets terminated through',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'anything-but a list of strings excludes each of them',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: withDetail({ state: 'overloaded' }),
    matches: false,
  },
  {
    name: 'anything-but a list of numbers (100, 200, 300) excludes 200',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: withDetail({ 'x-limit': 200 }),
    matches: false,
  },
  {
    name: 'anything-but a list of numbers lets 301.8 through',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: countsEvent,
    matches: true,
  },
  {
    name: 'anything-but a prefix (init) lets terminated through',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'anything-but a prefix (init) excludes initializing',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: withDetail({ state: 'initializing' }),
    matches: false,
  },
  {
    name: 'anything-but does not match a missing field',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: withDetail({}),
    matches: false,
  },
  // Numeric.
  {
    name: 'numeric ranges of the content-filtering page (c-count, d-count, x-limit)',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    event: countsEvent,
    matches: true,
  },
  {
    name: 'numeric range upper bound is exclusive of 6',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: withDetail({ 'c-count': 6 }),
    matches: false,
  },
  {
    name: 'numeric range lower bound is exclusive of 0',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: withDetail({ 'c-count': 0 }),
    matches: false,
  },
  {
    name: 'numeric >= includes its bound',
    pattern: { detail: { 'd-count': [{ numeric: ['>=', 3] }] } },
    event: countsEvent,
    matches: true,
  },
  {
    name: 'numeric never matches a numeric-looking string',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0] }] } },
    event: withDetail({ 'c-count': '5' }),
    matches: false,
  },
  // Exists.
  {
    name: 'exists true on detail.state',
    pattern: { detail: { state: [{ exists: true }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'exists false on detail.state fails when it is there',
    pattern: { detail: { state: [{ exists: false }] } },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'exists false matches a missing field (detail.c-count)',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'exists true fails on a missing field',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'exists only sees leaf nodes: an object field is not a leaf',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: withDetail({ 'c-count': { c1: 100 } }),
    matches: false,
  },
  {
    name: 'exists true holds for a null value (the field is there)',
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: autoScalingLaunch,
    matches: true,
  },
  // Arrays.
  {
    name: 'arrays page: a pattern ARN matching the second element of resources',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      ...ec2StateChange,
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    matches: true,
  },
  {
    name: 'arrays page: no intersection, no match',
    pattern: { resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] },
    event: ec2StateChange,
    matches: false,
  },
  {
    name: 'prefix applies to each element of an event array',
    pattern: { resources: [{ prefix: 'arn:aws:ec2:us-west-1:' }] },
    event: ec2StateChange,
    matches: true,
  },
  {
    name: 'an empty event array has no leaf, so exists false matches it',
    pattern: { resources: [{ exists: false }] },
    event: autoScalingLaunch,
    matches: true,
  },
  {
    name: 'a nested pattern matches an array of objects element by element',
    pattern: { detail: { items: { sku: ['A-1'], quantity: [{ numeric: ['>', 2] }] } } },
    event: withDetail({
      items: [
        { sku: 'A-1', quantity: 1 },
        { sku: 'B-2', quantity: 5 },
      ],
    }),
    matches: false,
  },
  {
    name: 'a nested pattern matches when one array element satisfies all of it',
    pattern: { detail: { items: { sku: ['B-2'], quantity: [{ numeric: ['>', 2] }] } } },
    event: withDetail({
      items: [
        { sku: 'A-1', quantity: 1 },
        { sku: 'B-2', quantity: 5 },
      ],
    }),
    matches: true,
  },
  {
    name: 'a nested pattern does not reach through a scalar',
    pattern: { detail: { state: { name: ['terminated'] } } },
    event: ec2StateChange,
    matches: false,
  },
];

describe('matchesEventPattern (AWS documentation examples)', () => {
  it.each(cases)('$name', ({ pattern, event, matches }) => {
    expect(matchesEventPattern(pattern, event)).toBe(matches);
  });

  it('rejects malformed numeric matchers instead of silently never matching', () => {
    expect(() => matchesEventPattern({ n: [{ numeric: ['>', 0, '<='] }] }, { n: 1 })).toThrow(/pairs/);
    expect(() => matchesEventPattern({ n: [{ numeric: ['~', 0] }] }, { n: 1 })).toThrow(/invalid pair/);
    expect(() => assertValidEventPattern({ detail: { n: [{ numeric: ['<', '5'] }] } })).toThrow(/detail\.n/);
    expect(() => assertValidEventPattern({ detail: { state: [] } })).toThrow(/empty matcher list/);
  });

  it('accepts every rule of the catalogue', () => {
    for (const rule of rules) expect(() => assertValidEventPattern(rule.pattern)).not.toThrow();
  });
});
