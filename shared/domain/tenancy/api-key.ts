/**
 * API keys for integrations: created by a tenant's or a provider's admins, shown once, stored
 * only as a SHA-256 hash of a 256-bit random secret (a slow hash adds nothing against guessing
 * such a secret), limited to one non-admin role and a list of operations, expiring, revocable.
 * Pure: the secret and the clock come from outside.
 */
import { Forbidden, ValidationFailed } from '../errors.ts';
import { mayPerformIn, type PermissionTable } from './permissions.ts';
import type { Principal, Role } from './principal.ts';

export type ApiKeyOwner =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'provider'; readonly providerId: string };

export interface ApiKey {
  readonly keyId: string;
  readonly owner: ApiKeyOwner;
  readonly name: string;
  readonly role: Role;
  readonly operations: readonly string[];
  readonly secretHash: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** Keys act for integrations, never as administrators. */
export const apiKeyRoles = {
  tenant: ['requester', 'agent', 'finance'],
  provider: ['provider_agent', 'provider_finance'],
} as const satisfies Record<ApiKeyOwner['kind'], readonly Role[]>;

export const API_KEY_PREFIX = 'gk_';
/** `gk_<keyId>_<64 hex>`: the key id travels in the clear so the authoriser finds the hash in one read. */
export const API_KEY_PATTERN = /^gk_([0-9A-Za-z]{10,40})_([0-9a-f]{64})$/;

export const formatApiKey = (keyId: string, secretHex: string): string =>
  `${API_KEY_PREFIX}${keyId}_${secretHex}`;

export const parseApiKey = (value: string): { keyId: string; secretHex: string } | undefined => {
  const match = API_KEY_PATTERN.exec(value);
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { keyId: match[1], secretHex: match[2] };
};

export const ownerOf = (principal: Principal): ApiKeyOwner => {
  if (principal.kind === 'tenant') return { kind: 'tenant', tenantId: principal.tenantId };
  if (principal.kind === 'provider') return { kind: 'provider', providerId: principal.providerId };
  throw new Forbidden('API keys belong to a tenant or a provider');
};

export interface IssueApiKeyInput {
  readonly name: string;
  readonly role: Role;
  readonly operations: readonly string[];
  readonly expiresAt: string;
}

export const issueApiKey = (
  principal: Principal,
  input: IssueApiKeyInput,
  context: {
    readonly keyId: string;
    readonly secretHash: string;
    readonly now: Date;
    /** The operations that exist and their roles: a key is limited to what its role may do. */
    readonly permissions: PermissionTable;
  },
): ApiKey => {
  const owner = ownerOf(principal);
  const allowedRoles: readonly Role[] = apiKeyRoles[owner.kind];
  if (!allowedRoles.includes(input.role)) {
    throw new ValidationFailed('This role cannot be given to an API key', [
      { location: 'body.role', message: `must be one of ${allowedRoles.join(', ')}` },
    ]);
  }
  const refused = input.operations.filter(
    (operation) => !mayPerformIn(context.permissions, [input.role], operation),
  );
  if (refused.length > 0) {
    throw new ValidationFailed('The role does not allow these operations', [
      { location: 'body.operations', message: `not allowed for ${input.role}: ${refused.join(', ')}` },
    ]);
  }
  if (Date.parse(input.expiresAt) <= context.now.getTime()) {
    throw new ValidationFailed('The key must expire in the future', [
      { location: 'body.expiresAt', message: 'must be in the future' },
    ]);
  }
  return {
    keyId: context.keyId,
    owner,
    name: input.name,
    role: input.role,
    operations: [...new Set(input.operations)],
    secretHash: context.secretHash,
    createdBy: principal.userId,
    createdAt: context.now.toISOString(),
    expiresAt: input.expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
};

export const isApiKeyUsable = (key: ApiKey, at: Date): boolean =>
  key.revokedAt === null && at.getTime() < Date.parse(key.expiresAt);

/** The principal an API key acts as: its owner, its one role, its operations only. */
export const principalOfApiKey = (
  key: ApiKey,
  tenant:
    | { readonly tier: 'free' | 'standard' | 'premium'; readonly status: 'active' | 'suspended' }
    | undefined,
): Principal | undefined => {
  const common = {
    userId: `apikey:${key.keyId}`,
    roles: [key.role],
    credential: 'api_key' as const,
    operations: key.operations,
  };
  if (key.owner.kind === 'provider') return { kind: 'provider', providerId: key.owner.providerId, ...common };
  if (tenant === undefined) return undefined;
  return {
    kind: 'tenant',
    tenantId: key.owner.tenantId,
    tier: tenant.tier,
    tenantStatus: tenant.status,
    ...common,
  };
};

export interface ApiKeyStore {
  create(key: ApiKey): Promise<void>;
  get(keyId: string): Promise<ApiKey | undefined>;
  listOf(owner: ApiKeyOwner): Promise<readonly ApiKey[]>;
  revoke(owner: ApiKeyOwner, keyId: string, at: string): Promise<ApiKey | undefined>;
  recordUse(keyId: string, at: string): Promise<void>;
}
