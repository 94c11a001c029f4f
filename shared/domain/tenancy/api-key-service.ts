/**
 * API key use cases: admins create (the secret is returned once), list and revoke their
 * organisation's keys; the authoriser authenticates a presented key. Key changes of a tenant
 * and every authenticated use of a tenant's key are audited.
 */
import { NotFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import {
  type ApiKey,
  type ApiKeyStore,
  formatApiKey,
  type IssueApiKeyInput,
  isApiKeyUsable,
  issueApiKey,
  ownerOf,
  parseApiKey,
} from './api-key.ts';
import { type AuditLog, actorOf } from './audit.ts';
import type { PermissionTable } from './permissions.ts';
import type { Principal } from './principal.ts';

export interface SecretGenerator {
  /** 32 random bytes, hex. */
  newSecretHex(): string;
  hash(secretHex: string): string;
  /** Constant-time comparison of two hashes. */
  sameHash(left: string, right: string): boolean;
}

export interface ApiKeyServiceDeps {
  readonly keys: ApiKeyStore;
  readonly audit: AuditLog;
  readonly secrets: SecretGenerator;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The product's operations and their roles (derived from the operation declarations). */
  readonly permissions: PermissionTable;
}

export class ApiKeyService {
  readonly #deps: ApiKeyServiceDeps;

  constructor(deps: ApiKeyServiceDeps) {
    this.#deps = deps;
  }

  async #audit(
    principal: Principal,
    key: ApiKey,
    action: 'api_key.created' | 'api_key.revoked' | 'api_key.used',
  ) {
    if (key.owner.kind !== 'tenant') return;
    await this.#deps.audit.append({
      entryId: this.#deps.ids.next(),
      tenantId: key.owner.tenantId,
      occurredAt: this.#deps.clock.now().toISOString(),
      action,
      actor: actorOf(principal),
      target: `api-key/${key.keyId}`,
      details: { name: key.name, role: key.role },
    });
  }

  async create(principal: Principal, input: IssueApiKeyInput): Promise<{ key: ApiKey; secret: string }> {
    const secretHex = this.#deps.secrets.newSecretHex();
    const key = issueApiKey(principal, input, {
      keyId: this.#deps.ids.next(),
      secretHash: this.#deps.secrets.hash(secretHex),
      now: this.#deps.clock.now(),
      permissions: this.#deps.permissions,
    });
    await this.#deps.keys.create(key);
    await this.#audit(principal, key, 'api_key.created');
    return { key, secret: formatApiKey(key.keyId, secretHex) };
  }

  list(principal: Principal): Promise<readonly ApiKey[]> {
    return this.#deps.keys.listOf(ownerOf(principal));
  }

  async revoke(principal: Principal, keyId: string): Promise<ApiKey> {
    const revoked = await this.#deps.keys.revoke(
      ownerOf(principal),
      keyId,
      this.#deps.clock.now().toISOString(),
    );
    if (revoked === undefined) throw new NotFound(`API key ${keyId} not found`);
    await this.#audit(principal, revoked, 'api_key.revoked');
    return revoked;
  }

  /** The key behind a presented secret, when it is genuine, unrevoked and unexpired; its use is recorded. */
  async authenticate(presented: string): Promise<ApiKey | undefined> {
    const parsed = parseApiKey(presented);
    if (parsed === undefined) return undefined;
    const key = await this.#deps.keys.get(parsed.keyId);
    if (key === undefined) return undefined;
    if (!this.#deps.secrets.sameHash(key.secretHash, this.#deps.secrets.hash(parsed.secretHex)))
      return undefined;
    const now = this.#deps.clock.now();
    if (!isApiKeyUsable(key, now)) return undefined;
    await this.#deps.keys.recordUse(key.keyId, now.toISOString());
    const principal: Principal =
      key.owner.kind === 'tenant'
        ? {
            kind: 'tenant',
            tenantId: key.owner.tenantId,
            tier: 'free',
            tenantStatus: 'active',
            userId: `apikey:${key.keyId}`,
            roles: [key.role],
            credential: 'api_key',
          }
        : {
            kind: 'provider',
            providerId: key.owner.providerId,
            userId: `apikey:${key.keyId}`,
            roles: [key.role],
            credential: 'api_key',
          };
    await this.#audit(principal, key, 'api_key.used');
    return key;
  }
}
