/**
 * Routing's view of tenancy's organisation directory, cached per Lambda container.
 *
 * Routing a ticket asks for the tenant's engagements, the target provider's teams and the
 * team's agents; read each time, that is three queries per ticket for data that changes a few
 * times a day. Each provider's desk (teams + agents) and each tenant's engagements are kept
 * for `ttlMs` (default 15 s, never more than the authoriser's 30 s cache, so no change — an
 * agent set unavailable, an engagement ended — outlives in routing what it outlives in access
 * control). Engagements are cached as records and judged in force AT THE ROUTING INSTANT, so an
 * engagement whose end date passes stops counting at once, cache or not. Concurrent misses
 * share one read; a failed read is not cached.
 */
import type { RoutingDirectory } from '../../domain/routing/routing-directory.ts';
import {
  type Engagement,
  engagementCovers,
  isEngagementInForce,
  type ScopedSubject,
} from '../../domain/tenancy/engagement.ts';
import {
  type Agent,
  type OrganisationDirectory,
  type Team,
  teamTiers,
} from '../../domain/tenancy/organisations.ts';

/** The longest any routing decision may rely on a cached copy (the authoriser cache TTL). */
export const MAX_DIRECTORY_CACHE_TTL_MS = 30_000;
export const DEFAULT_DIRECTORY_CACHE_TTL_MS = 15_000;

interface Desk {
  readonly teams: readonly Team[];
  readonly agents: readonly Agent[];
}

class TtlCache<T> {
  readonly #entries = new Map<string, { readonly expiresAt: number; readonly value: Promise<T> }>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return entry.value;
    const value = load();
    this.#entries.set(key, { expiresAt: now + this.#ttlMs, value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }
}

export type RoutingOrganisationReader = Pick<
  OrganisationDirectory,
  'teamsOf' | 'agentsOf' | 'engagementsOfTenant'
>;

export class OrganisationRoutingDirectory implements RoutingDirectory {
  readonly #organisations: RoutingOrganisationReader;
  readonly #desks: TtlCache<Desk>;
  readonly #engagements: TtlCache<readonly Engagement[]>;

  constructor(options: {
    readonly organisations: RoutingOrganisationReader;
    readonly ttlMs?: number | undefined;
    /** Monotonic-enough milliseconds for expiry; `Date.now` by default. */
    readonly now?: (() => number) | undefined;
  }) {
    const ttlMs = Math.min(options.ttlMs ?? DEFAULT_DIRECTORY_CACHE_TTL_MS, MAX_DIRECTORY_CACHE_TTL_MS);
    const now = options.now ?? Date.now;
    this.#organisations = options.organisations;
    this.#desks = new TtlCache(ttlMs, now);
    this.#engagements = new TtlCache(ttlMs, now);
  }

  #desk(providerId: string): Promise<Desk> {
    return this.#desks.get(providerId, async () => {
      const [teams, agents] = await Promise.all([
        this.#organisations.teamsOf(providerId),
        this.#organisations.agentsOf(providerId),
      ]);
      return { teams, agents };
    });
  }

  #engagementsOf(tenantId: string): Promise<readonly Engagement[]> {
    return this.#engagements.get(tenantId, () => this.#organisations.engagementsOfTenant(tenantId));
  }

  async team(providerId: string, teamId: string): Promise<Team | undefined> {
    return (await this.#desk(providerId)).teams.find((team) => team.teamId === teamId);
  }

  async nextTierTeam(team: Team): Promise<Team | undefined> {
    const { teams } = await this.#desk(team.providerId);
    if (team.nextTierTeamId !== null) return teams.find((other) => other.teamId === team.nextTierTeamId);
    const nextTier = teamTiers[teamTiers.indexOf(team.tier) + 1];
    return teams
      .filter((other) => other.tier === nextTier)
      .sort((a, b) => (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0))[0];
  }

  async agentsOfTeam(providerId: string, teamId: string): Promise<readonly Agent[]> {
    return (await this.#desk(providerId)).agents.filter((agent) => agent.teamIds.includes(teamId));
  }

  async teamsOf(providerId: string): Promise<readonly Team[]> {
    return (await this.#desk(providerId)).teams;
  }

  async coveringEngagements(
    tenantId: string,
    providerId: string,
    subject: ScopedSubject,
    at: Date,
  ): Promise<readonly Engagement[]> {
    return (await this.#engagementsOf(tenantId)).filter(
      (engagement) => engagement.providerId === providerId && engagementCovers(engagement, subject, at),
    );
  }

  async engagementsInForce(tenantId: string, at: Date): Promise<readonly Engagement[]> {
    return (await this.#engagementsOf(tenantId)).filter((engagement) => isEngagementInForce(engagement, at));
  }
}
