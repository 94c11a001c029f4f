/**
 * A tenant's ordered routing rules: the first rule whose every condition holds sends the ticket
 * to a provider's team. Evaluation is pure and explains itself: for each rule, which condition
 * failed, so `GET /v1/tickets/{id}/routing` and the dry run can say why a ticket went where.
 */
export interface RoutingConditions {
  readonly services?: readonly string[] | undefined;
  readonly categories?: readonly string[] | undefined;
  readonly types?: readonly string[] | undefined;
  /** Primary language subtags (`fr` matches `fr-BE`). */
  readonly languages?: readonly string[] | undefined;
  readonly priorities?: readonly string[] | undefined;
  readonly sites?: readonly string[] | undefined;
  /** `inside` / `outside` business hours at the time of routing, per `calendarId`. */
  readonly businessHours?: 'inside' | 'outside' | undefined;
  /**
   * The tenant's business calendar (an SLA calendar it manages, `PUT /v1/sla/calendars/{id}`)
   * that says what business hours are; absent: the always-open `24x7` calendar.
   */
  readonly calendarId?: string | undefined;
}

/** The calendar a rule without `calendarId` is evaluated against: open all the time. */
export const ALWAYS_OPEN_CALENDAR = '24x7';

/** The calendars the rules' business-hours conditions name (what the router must look up). */
export const calendarsNamedBy = (rules: readonly RoutingRule[]): readonly string[] => [
  ...new Set(
    rules
      .filter((rule) => rule.when.businessHours !== undefined)
      .map((rule) => rule.when.calendarId ?? ALWAYS_OPEN_CALENDAR),
  ),
];

export interface RoutingRule {
  readonly ruleId: string;
  readonly description?: string | undefined;
  readonly when: RoutingConditions;
  readonly target: { readonly providerId: string; readonly teamId: string };
}

export interface RoutingFacts {
  readonly service: string | null;
  readonly category: string | null;
  readonly type: string;
  readonly language: string;
  readonly priority: string;
  readonly site: string | null;
  /** Calendar id → open at the routing instant; a calendar missing here is unknown to the tenant. */
  readonly openCalendars: Readonly<Record<string, boolean>>;
}

export interface RuleVerdict {
  readonly ruleId: string;
  readonly matched: boolean;
  /** The conditions that failed, e.g. `category: network not in [hardware]`. */
  readonly failed: readonly string[];
}

export interface RoutingDecision {
  readonly target: { readonly providerId: string; readonly teamId: string } | null;
  readonly matchedRuleId: string | null;
  /** Every rule up to and including the match, in order. */
  readonly verdicts: readonly RuleVerdict[];
}

const primaryLanguage = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

const check = (
  name: string,
  allowed: readonly string[] | undefined,
  actual: string | null,
  normalise: (value: string) => string = (value) => value.toLowerCase(),
): string | undefined => {
  if (allowed === undefined || allowed.length === 0) return undefined;
  const hit = actual !== null && allowed.map(normalise).includes(normalise(actual));
  return hit ? undefined : `${name}: ${actual ?? '(none)'} not in [${allowed.join(', ')}]`;
};

const checkBusinessHours = (when: RoutingConditions, facts: RoutingFacts): string | undefined => {
  if (when.businessHours === undefined) return undefined;
  const calendarId = when.calendarId ?? ALWAYS_OPEN_CALENDAR;
  const open = calendarId === ALWAYS_OPEN_CALENDAR ? true : facts.openCalendars[calendarId];
  if (open === undefined) return `businessHours: calendar ${calendarId} unknown`;
  return (when.businessHours === 'inside') === open
    ? undefined
    : `businessHours: ${open ? 'inside' : 'outside'} ${calendarId}, rule wants ${when.businessHours}`;
};

export const evaluateRule = (rule: RoutingRule, facts: RoutingFacts): RuleVerdict => {
  const { when } = rule;
  const failed = [
    check('service', when.services, facts.service),
    check('category', when.categories, facts.category),
    check('type', when.types, facts.type),
    check('language', when.languages, facts.language, primaryLanguage),
    check('priority', when.priorities, facts.priority),
    check('site', when.sites, facts.site),
    checkBusinessHours(when, facts),
  ].filter((reason): reason is string => reason !== undefined);
  return { ruleId: rule.ruleId, matched: failed.length === 0, failed };
};

export const evaluateRoutingRules = (rules: readonly RoutingRule[], facts: RoutingFacts): RoutingDecision => {
  const verdicts: RuleVerdict[] = [];
  for (const rule of rules) {
    const verdict = evaluateRule(rule, facts);
    verdicts.push(verdict);
    if (verdict.matched) return { target: rule.target, matchedRuleId: rule.ruleId, verdicts };
  }
  return { target: null, matchedRuleId: null, verdicts };
};
