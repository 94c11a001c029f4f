/**
 * The tenancy use cases: platform admins onboard, suspend and reactivate tenants; tenant admins
 * register their identity provider and engage providers; provider admins staff their desk;
 * provider users read an engaged tenant's tickets. Every change to a tenant's configuration,
 * and every provider read of its tickets, lands in that tenant's audit log.
 */
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { Ticket } from '../tickets/ticket.ts';
import { type AuditAction, type AuditLog, actorOf } from './audit.ts';
import {
  changeEngagementStatus,
  type Engagement,
  type EngagementStatus,
  type EngageProviderInput,
  engagementCovers,
  engageProvider,
} from './engagement.ts';
import type {
  Agent,
  IdentityProviderSettings,
  OrganisationDirectory,
  Provider,
  Team,
  Tenant,
  Tier,
} from './organisations.ts';
import { hasRole, type Principal, type ProviderPrincipal, type TenantPrincipal } from './principal.ts';
import { readProviderTicketFeed } from './provider-ticket-feed.ts';
import type { UsagePlanKeys } from './usage-plan-keys.ts';

export interface TicketReader {
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  listTenantTickets(tenantId: string, page: PageRequest): Promise<Page<Ticket>>;
}

export interface TenancyServiceDeps {
  readonly directory: OrganisationDirectory;
  readonly audit: AuditLog;
  readonly tickets: TicketReader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Tier limits: provisions each onboarded tenant's key in its tier's usage plan (onboarding only). */
  readonly usagePlanKeys?: UsagePlanKeys;
}

export interface OnboardTenantInput {
  readonly tenantId: string;
  readonly name: string;
  readonly tier: Tier;
  readonly homeRegion: string;
  readonly firstAdminUserId: string;
  readonly identityProvider?: IdentityProviderSettings | undefined;
}

export interface OnboardProviderInput extends Provider {
  readonly identityProvider: IdentityProviderSettings;
}

export class TenancyService {
  readonly #deps: TenancyServiceDeps;

  constructor(deps: TenancyServiceDeps) {
    this.#deps = deps;
  }

  async #record(
    principal: Principal,
    tenantId: string,
    action: AuditAction,
    target: string,
    details: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    await this.#deps.audit.append({
      entryId: this.#deps.ids.next(),
      tenantId,
      occurredAt: this.#deps.clock.now().toISOString(),
      action,
      actor: actorOf(principal),
      target,
      details,
    });
  }

  async onboardTenant(principal: Principal, input: OnboardTenantInput): Promise<Tenant> {
    const { identityProvider, ...fields } = input;
    const tenant: Tenant = { ...fields, status: 'active' };
    await this.#createOrResume(tenant);
    if (identityProvider !== undefined) {
      await this.#deps.directory.registerIdentityProvider(tenant.tenantId, identityProvider);
    }
    await this.#record(principal, tenant.tenantId, 'tenant.onboarded', `tenant/${tenant.tenantId}`, {
      tier: tenant.tier,
      firstAdminUserId: input.firstAdminUserId,
    });
    return tenant;
  }

  /**
   * Creates the tenant, then its usage-plan key. If provisioning the key failed after the tenant
   * was created, the same onboarding, retried, resumes it instead of answering 409; any other
   * second onboarding of an id is a conflict.
   */
  async #createOrResume(tenant: Tenant): Promise<void> {
    try {
      await this.#deps.directory.createTenant(tenant);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const existing = await this.#deps.directory.getTenant(tenant.tenantId);
      const keyless = (await this.#deps.directory.usagePlanKeyOf(tenant.tenantId)) === undefined;
      const sameOnboarding =
        existing !== undefined &&
        existing.name === tenant.name &&
        existing.tier === tenant.tier &&
        existing.homeRegion === tenant.homeRegion &&
        existing.firstAdminUserId === tenant.firstAdminUserId;
      if (!(keyless && sameOnboarding)) throw error;
    }
    const usagePlanKeys = this.#deps.usagePlanKeys;
    if (usagePlanKeys === undefined) throw new Error('Onboarding needs usage-plan keys: wire them in');
    const key = await usagePlanKeys.provision(tenant.tenantId, tenant.tier);
    await this.#deps.directory.recordUsagePlanKey(tenant.tenantId, key);
  }

  /**
   * Platform admins create a provider organisation: an outsourced desk, or a tenant's in-house
   * department (owned by that tenant), with the IdP its people sign in with. The provider's
   * teams, agents and engagements follow through the provider and tenant APIs.
   */
  async onboardProvider(input: OnboardProviderInput): Promise<Provider> {
    const { identityProvider, ...provider } = input;
    if (provider.kind === 'in_house' && provider.ownerTenantId === null) {
      throw new ValidationFailed('An in-house provider belongs to a tenant', [
        { location: 'body.ownerTenantId', message: 'is required when kind is in_house' },
      ]);
    }
    if (provider.kind === 'outsourced' && provider.ownerTenantId !== null) {
      throw new ValidationFailed('An outsourced provider belongs to no tenant', [
        { location: 'body.ownerTenantId', message: 'must be null when kind is outsourced' },
      ]);
    }
    if (
      provider.ownerTenantId !== null &&
      (await this.#deps.directory.getTenant(provider.ownerTenantId)) === undefined
    ) {
      throw new ValidationFailed('The owner tenant does not exist', [
        { location: 'body.ownerTenantId', message: `no tenant ${provider.ownerTenantId}` },
      ]);
    }
    if ((await this.#deps.directory.getProvider(provider.providerId)) !== undefined) {
      throw new Conflict(`Provider ${provider.providerId} already exists`);
    }
    // The issuer first: a refused issuer leaves no provider behind.
    await this.#deps.directory.registerProviderIssuer(provider.providerId, identityProvider);
    await this.#deps.directory.createProvider(provider);
    return provider;
  }

  async getTenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.#deps.directory.getTenant(tenantId);
    if (tenant === undefined) throw new NotFound(`Tenant ${tenantId} not found`);
    return tenant;
  }

  async setTenantStatus(principal: Principal, tenantId: string, status: Tenant['status']): Promise<Tenant> {
    const tenant = await this.getTenant(tenantId);
    if (tenant.status === status) return tenant;
    const changed: Tenant = { ...tenant, status };
    await this.#deps.directory.saveTenant(changed);
    await this.#record(
      principal,
      tenantId,
      status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
      `tenant/${tenantId}`,
    );
    return changed;
  }

  async registerIdentityProvider(
    principal: TenantPrincipal,
    settings: IdentityProviderSettings,
  ): Promise<IdentityProviderSettings> {
    await this.#deps.directory.registerIdentityProvider(principal.tenantId, settings);
    await this.#record(principal, principal.tenantId, 'identity_provider.registered', 'identity-provider', {
      issuer: settings.issuer,
      audience: settings.audience,
    });
    return settings;
  }

  async getIdentityProvider(principal: TenantPrincipal): Promise<IdentityProviderSettings> {
    const settings = await this.#deps.directory.getIdentityProvider(principal.tenantId);
    if (settings === undefined) throw new NotFound('No identity provider is registered');
    return settings;
  }

  async engage(principal: TenantPrincipal, input: EngageProviderInput): Promise<Engagement> {
    const provider = await this.#deps.directory.getProvider(input.providerId);
    // An in-house department belongs to one tenant; no other tenant may engage it.
    if (
      provider === undefined ||
      (provider.ownerTenantId !== null && provider.ownerTenantId !== principal.tenantId)
    ) {
      throw new ValidationFailed('Unknown provider', [
        { location: 'body.providerId', message: 'no such provider' },
      ]);
    }
    const engagement = engageProvider(principal.tenantId, input, {
      engagementId: this.#deps.ids.next(),
      now: this.#deps.clock.now(),
    });
    await this.#deps.directory.saveEngagement(engagement);
    await this.#record(
      principal,
      principal.tenantId,
      'engagement.created',
      `engagement/${engagement.engagementId}`,
      {
        providerId: engagement.providerId,
      },
    );
    return engagement;
  }

  async changeEngagementStatus(
    principal: TenantPrincipal,
    engagementId: string,
    status: EngagementStatus,
  ): Promise<Engagement> {
    const engagement = await this.#deps.directory.getEngagement(principal.tenantId, engagementId);
    if (engagement === undefined) throw new NotFound(`Engagement ${engagementId} not found`);
    if (engagement.status === status) return engagement;
    const changed = changeEngagementStatus(engagement, status, this.#deps.clock.now());
    await this.#deps.directory.saveEngagement(changed);
    await this.#record(
      principal,
      principal.tenantId,
      'engagement.status_changed',
      `engagement/${engagementId}`,
      {
        providerId: engagement.providerId,
        from: engagement.status,
        to: status,
      },
    );
    return changed;
  }

  listEngagementsOfTenant(principal: TenantPrincipal): Promise<readonly Engagement[]> {
    return this.#deps.directory.engagementsOfTenant(principal.tenantId);
  }

  listEngagementsOfProvider(principal: ProviderPrincipal): Promise<readonly Engagement[]> {
    return this.#deps.directory.engagementsOfProvider(principal.providerId);
  }

  async providerOrganisation(
    principal: ProviderPrincipal,
  ): Promise<{ provider: Provider; teams: readonly Team[]; agents: readonly Agent[] }> {
    const provider = await this.#deps.directory.getProvider(principal.providerId);
    if (provider === undefined) throw new NotFound(`Provider ${principal.providerId} not found`);
    const [teams, agents] = await Promise.all([
      this.#deps.directory.teamsOf(principal.providerId),
      this.#deps.directory.agentsOf(principal.providerId),
    ]);
    return { provider, teams, agents };
  }

  async addTeam(principal: ProviderPrincipal, input: Omit<Team, 'teamId' | 'providerId'>): Promise<Team> {
    if (input.nextTierTeamId !== null) {
      const teams = await this.#deps.directory.teamsOf(principal.providerId);
      if (!teams.some((team) => team.teamId === input.nextTierTeamId)) {
        throw new ValidationFailed('Unknown team', [
          { location: 'body.nextTierTeamId', message: `no such team: ${input.nextTierTeamId}` },
        ]);
      }
    }
    const leadAgentId = input.leadAgentId ?? null;
    if (leadAgentId !== null) {
      if ((await this.#deps.directory.getAgent(principal.providerId, leadAgentId)) === undefined) {
        throw new ValidationFailed('Unknown agent', [
          { location: 'body.leadAgentId', message: `no such agent: ${leadAgentId}` },
        ]);
      }
    }
    const team: Team = {
      ...input,
      leadAgentId,
      teamId: this.#deps.ids.next(),
      providerId: principal.providerId,
    };
    await this.#deps.directory.saveTeam(team);
    return team;
  }

  async addAgent(principal: ProviderPrincipal, input: Omit<Agent, 'agentId' | 'providerId'>): Promise<Agent> {
    const teams = new Set(
      (await this.#deps.directory.teamsOf(principal.providerId)).map((team) => team.teamId),
    );
    const unknown = input.teamIds.filter((teamId) => !teams.has(teamId));
    if (unknown.length > 0) {
      throw new ValidationFailed('Unknown team', [
        { location: 'body.teamIds', message: `no such team: ${unknown.join(', ')}` },
      ]);
    }
    const agent: Agent = { ...input, agentId: this.#deps.ids.next(), providerId: principal.providerId };
    await this.#deps.directory.saveAgent(agent);
    return agent;
  }

  /**
   * Marks an agent available or not; routing skips unavailable agents. Provider admins set any
   * agent of their desk, a provider agent only their own (the agent whose `userId` is theirs).
   * Who works a tenant's tickets is the tenant's business: the change lands in the audit log of
   * every tenant engaging the provider now.
   */
  async setAgentAvailability(
    principal: ProviderPrincipal,
    agentId: string,
    change: { readonly available: boolean; readonly reason?: string | undefined },
  ): Promise<Agent> {
    const agent = await this.#deps.directory.getAgent(principal.providerId, agentId);
    if (agent === undefined) throw new NotFound(`Agent ${agentId} not found`);
    if (!hasRole(principal, 'provider_admin') && agent.userId !== principal.userId) {
      throw new Forbidden('Provider agents set only their own availability');
    }
    if (agent.available === change.available) return agent;
    const changed: Agent = { ...agent, available: change.available };
    await this.#deps.directory.saveAgent(changed);
    const now = this.#deps.clock.now();
    const engagements = await this.#deps.directory.activeEngagementsOfProvider(principal.providerId, now);
    for (const tenantId of new Set(engagements.map((engagement) => engagement.tenantId))) {
      await this.#record(principal, tenantId, 'provider.agent_availability_changed', `agent/${agentId}`, {
        providerId: principal.providerId,
        available: String(change.available),
        ...(change.reason === undefined ? {} : { reason: change.reason }),
      });
    }
    return changed;
  }

  /**
   * A provider user reads one of a tenant's tickets. The engagement is checked BEFORE any
   * tenant data is read, and anything short of an engagement in force that covers the ticket
   * answers 404, so a provider cannot even learn which ids exist. Every read is audited.
   */
  async readTicketAsProvider(
    principal: ProviderPrincipal,
    tenantId: string,
    ticketId: string,
  ): Promise<Ticket> {
    const now = this.#deps.clock.now();
    const engagements = (
      await this.#deps.directory.activeEngagementsOfProvider(principal.providerId, now)
    ).filter((engagement) => engagement.tenantId === tenantId);
    const notFound = new NotFound(`Ticket ${ticketId} not found`);
    if (engagements.length === 0) throw notFound;
    const ticket = await this.#deps.tickets.getTicket(tenantId, ticketId);
    if (ticket === undefined) throw notFound;
    const covering = engagements.find((engagement) => engagementCovers(engagement, ticket, now));
    if (covering === undefined) throw notFound;
    await this.#record(principal, tenantId, 'provider.ticket_read', `ticket/${ticketId}`, {
      providerId: principal.providerId,
      engagementId: covering.engagementId,
    });
    return ticket;
  }

  /**
   * The tickets of every tenant that engages the provider, within each engagement's scope,
   * merged newest first and paged (`provider-ticket-feed.ts`): one list across tenants. Each
   * tenant is read with its own scoped credentials, and each tenant's audit log records which of
   * its tickets were shown.
   */
  async providerTickets(principal: ProviderPrincipal, request: PageRequest): Promise<Page<Ticket>> {
    const now = this.#deps.clock.now();
    const engagements = await this.#deps.directory.activeEngagementsOfProvider(principal.providerId, now);
    const tenantIds = [...new Set(engagements.map((engagement) => engagement.tenantId))];
    const page = await readProviderTicketFeed(
      tenantIds.map((tenantId) => {
        const ofTenant = engagements.filter((engagement) => engagement.tenantId === tenantId);
        return {
          tenantId,
          read: (pageRequest) => this.#deps.tickets.listTenantTickets(tenantId, pageRequest),
          covers: (ticket) => ofTenant.some((engagement) => engagementCovers(engagement, ticket, now)),
        };
      }),
      request,
    );
    const merged = page.items;
    for (const tenantId of tenantIds) {
      const shown = merged.filter((ticket) => ticket.tenantId === tenantId).map((ticket) => ticket.ticketId);
      if (shown.length > 0) {
        await this.#record(principal, tenantId, 'provider.tickets_listed', 'tickets', {
          providerId: principal.providerId,
          ticketIds: shown.join(','),
        });
      }
    }
    return page;
  }
}
