/**
 * The routing of a tenant that has set no rules of its own, derived from its engagements (no
 * per-tenant defaults in code): one rule per engagement in force, whose conditions are the
 * engagement's scope and whose target is the provider's first L1 team (by id; its first team
 * of the lowest tier when it has no L1). Precedence: the more specific scope first (services
 * and categories both named, then one of them, then a catch-all), then the older engagement,
 * then the engagement id — so an in-house ERP desk engaged for `erp` takes ERP tickets before
 * an outsourced desk engaged for everything does.
 */
import type { Engagement } from '../tenancy/engagement.ts';
import { type Team, teamTiers } from '../tenancy/organisations.ts';
import type { RoutingRule } from './routing-rules.ts';

/** Prefix of the derived rules' ids, so explanations say where a rule came from. */
export const ENGAGEMENT_RULE_PREFIX = 'engagement:';

const specificity = (engagement: Engagement): number =>
  (engagement.scope.services.length > 0 ? 1 : 0) + (engagement.scope.categories.length > 0 ? 1 : 0);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The team a provider's tickets land in first: its lowest tier, first by id. */
export const entryTeamOf = (teams: readonly Team[]): Team | undefined =>
  [...teams].sort(
    (a, b) => teamTiers.indexOf(a.tier) - teamTiers.indexOf(b.tier) || compare(a.teamId, b.teamId),
  )[0];

export const engagementFallbackRules = (
  engagements: readonly Engagement[],
  teamsOfProvider: (providerId: string) => readonly Team[],
): readonly RoutingRule[] =>
  [...engagements]
    .sort(
      (a, b) =>
        specificity(b) - specificity(a) ||
        Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
        compare(a.engagementId, b.engagementId),
    )
    .flatMap((engagement): RoutingRule[] => {
      const team = entryTeamOf(teamsOfProvider(engagement.providerId));
      if (team === undefined) return [];
      return [
        {
          ruleId: `${ENGAGEMENT_RULE_PREFIX}${engagement.engagementId}`,
          description: `Engagement of ${engagement.providerId}, to its entry team`,
          when: {
            ...(engagement.scope.services.length > 0 ? { services: engagement.scope.services } : {}),
            ...(engagement.scope.categories.length > 0 ? { categories: engagement.scope.categories } : {}),
          },
          target: { providerId: engagement.providerId, teamId: team.teamId },
        },
      ];
    });
