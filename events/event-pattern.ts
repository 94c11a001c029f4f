/**
 * The subset of the EventBridge event-pattern language Guichet's rules are written in.
 *
 * The same pattern objects go verbatim into the CDK rules and into the local bus's matcher,
 * so this type is the contract between the two interpreters.
 */
export type PatternMatcher =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly 'anything-but': string | number | readonly (string | number)[] | { readonly prefix: string } }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean };

export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern;
}
