/**
 * The local bus's EventBridge content filter: decides whether an event matches a rule's pattern.
 *
 * No maintained JavaScript implementation of EventBridge matching exists, so this one follows the
 * semantics of AWS's event-pattern documentation for the operators `events/event-pattern.ts`
 * allows. EventBridge flattens an event into leaf values; so does this matcher:
 * - every field named in the pattern must match (AND), any matcher in a field's list may (OR);
 * - an array in the event matches when any of its elements matches;
 * - an object in the event is not a leaf: only a nested pattern reaches into it, and leaf matchers
 *   (including `exists`) treat it as absent, as AWS does for intermediate nodes;
 * - a missing field matches nothing but `{ exists: false }` (not even `[null]` or `anything-but`).
 */
import type { EventPattern, PatternMatcher } from '../../events/event-pattern.ts';

type Leaf = string | number | boolean | null;

type NumericOperator = '=' | '<' | '<=' | '>' | '>=';

const NUMERIC_OPERATORS: ReadonlySet<string> = new Set<NumericOperator>(['=', '<', '<=', '>', '>=']);

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeaf = (value: unknown): value is Leaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const isMatcherList = (value: readonly PatternMatcher[] | EventPattern): value is readonly PatternMatcher[] =>
  Array.isArray(value);

const isNumericOperator = (value: unknown): value is NumericOperator =>
  typeof value === 'string' && NUMERIC_OPERATORS.has(value);

/** The leaf values at a field: one for a scalar, the scalar elements of an array, none otherwise. */
const leavesOf = (value: unknown): readonly Leaf[] => {
  if (isLeaf(value)) return [value];
  if (Array.isArray(value)) return value.flatMap((element: unknown) => leavesOf(element));
  return [];
};

const compare = (operator: NumericOperator, actual: number, bound: number): boolean => {
  switch (operator) {
    case '=':
      return actual === bound;
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
  }
};

/** Reads `[op, n, op, n…]`; a malformed list is a rule-authoring bug, so it throws rather than never matching. */
const parseNumericConditions = (
  conditions: readonly (string | number)[],
): readonly { readonly operator: NumericOperator; readonly bound: number }[] => {
  if (conditions.length === 0 || conditions.length % 2 !== 0) {
    throw new Error(`numeric matcher needs operator/value pairs, got ${JSON.stringify(conditions)}`);
  }
  const parsed: { operator: NumericOperator; bound: number }[] = [];
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = conditions[index + 1];
    if (!isNumericOperator(operator) || typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new Error(`numeric matcher has an invalid pair at ${index}: ${JSON.stringify(conditions)}`);
    }
    parsed.push({ operator, bound });
  }
  return parsed;
};

const matchesLeaf = (matcher: PatternMatcher, leaf: Leaf): boolean => {
  if (!isRecord(matcher)) return matcher === leaf;
  if ('prefix' in matcher) return typeof leaf === 'string' && leaf.startsWith(matcher.prefix);
  if ('suffix' in matcher) return typeof leaf === 'string' && leaf.endsWith(matcher.suffix);
  if ('numeric' in matcher) {
    return (
      typeof leaf === 'number' &&
      parseNumericConditions(matcher.numeric).every(({ operator, bound }) => compare(operator, leaf, bound))
    );
  }
  if ('anything-but' in matcher) {
    const excluded = matcher['anything-but'];
    if (Array.isArray(excluded)) return !excluded.some((value) => value === leaf);
    if (isRecord(excluded)) return typeof leaf === 'string' && !leaf.startsWith(excluded.prefix);
    return excluded !== leaf;
  }
  // `exists` is decided at the field level (it is about presence, not value).
  return false;
};

const matchesField = (matchers: readonly PatternMatcher[], fieldValue: unknown): boolean => {
  const leaves = leavesOf(fieldValue);
  return matchers.some((matcher) => {
    if (isRecord(matcher) && 'exists' in matcher) return matcher.exists === leaves.length > 0;
    return leaves.some((leaf) => matchesLeaf(matcher, leaf));
  });
};

const matchesObject = (pattern: EventPattern, value: unknown): boolean => {
  // An array of objects matches a nested pattern when one element matches all of it, which keeps
  // the fields of one element together as EventBridge does.
  if (Array.isArray(value)) return value.some((element: unknown) => matchesObject(pattern, element));
  const fields = isRecord(value) ? value : {};
  return Object.entries(pattern).every(([name, expected]) => {
    const actual = Object.hasOwn(fields, name) ? fields[name] : undefined;
    return isMatcherList(expected) ? matchesField(expected, actual) : matchesObject(expected, actual);
  });
};

/**
 * Whether `event` matches `pattern` under EventBridge's content-filtering rules.
 *
 * @throws Error when a `numeric` matcher is malformed (the same rule would be rejected by AWS).
 */
export const matchesEventPattern = (pattern: EventPattern, event: unknown): boolean =>
  matchesObject(pattern, event);

/**
 * Checks a pattern once, up front, for mistakes AWS would reject at `PutRule` (empty matcher
 * lists, malformed numeric ranges), so the local stack fails at start rather than at first event.
 *
 * @throws Error naming the offending field.
 */
export const assertValidEventPattern = (pattern: EventPattern, path = ''): void => {
  for (const [name, expected] of Object.entries(pattern)) {
    const fieldPath = path === '' ? name : `${path}.${name}`;
    if (!isMatcherList(expected)) {
      assertValidEventPattern(expected, fieldPath);
      continue;
    }
    if (expected.length === 0) throw new Error(`event pattern field ${fieldPath} has an empty matcher list`);
    for (const matcher of expected) {
      if (isRecord(matcher) && 'numeric' in matcher) {
        try {
          parseNumericConditions(matcher.numeric);
        } catch (error) {
          throw new Error(`event pattern field ${fieldPath}: ${String(error)}`);
        }
      }
    }
  }
};
