/**
 * Credentials confined to one tenant (or one provider's cross-tenant queue), obtained by
 * assuming the data-access role with a session tag. The role's policy turns the tag into a
 * `dynamodb:LeadingKeys` condition, so a bug in a handler cannot read another tenant's items:
 * IAM (or the local guard proxy) refuses the request before it reaches the table.
 *
 * AssumeRole costs a network round trip and counts against an STS quota, so sessions are
 * cached per scope until shortly before they expire, and concurrent first requests for one
 * scope share a single call.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { z } from 'zod';

/** Whose data a set of credentials may touch: one tenant, or one provider's queue index. */
export type DataScope =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'provider'; readonly providerId: string };

/**
 * Shape of a tenant or provider id that may go into a session tag and a key prefix. Excluding
 * `#` keeps `TENANT#<id>#` unambiguous; excluding `*` and `?` keeps IAM's `StringLike` literal.
 */
export const DATA_SCOPE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Session tag keys the data-access role's policy reads through `aws:PrincipalTag`. */
export const SESSION_TAG_KEYS = { tenant: 'TenantId', provider: 'ProviderId' } as const;

/** The partition key prefix a scope may touch; the same string IAM's `LeadingKeys` condition matches. */
export const leadingKeyPrefixOf = (scope: DataScope): string =>
  scope.kind === 'tenant' ? `TENANT#${scope.tenantId}#` : `PROVIDER#${scope.providerId}#`;

/** A stable cache key per scope; the kinds are spelled out so a tenant and a provider never collide. */
export const dataScopeKey = (scope: DataScope): string =>
  scope.kind === 'tenant' ? `tenant:${scope.tenantId}` : `provider:${scope.providerId}`;

const scopeIdOf = (scope: DataScope): string => (scope.kind === 'tenant' ? scope.tenantId : scope.providerId);

export interface ScopedCredentialsProviderOptions {
  readonly sts: STSClient;
  /** The data-access role; its trust policy admits the function roles, its policy reads the tag. */
  readonly roleArn: string;
  readonly now: () => Date;
  /**
   * One hour is the ceiling for role chaining (a Lambda role assuming another role), and
   * a tenant-confined session loses little by living that long.
   */
  readonly sessionDurationSeconds?: number;
  /**
   * The SDK itself treats credentials as expired five minutes before `expiration`, so handing
   * out a session any later than that would only make it ask again on every request.
   */
  readonly refreshBeforeSeconds?: number;
}

const DEFAULT_SESSION_DURATION_SECONDS = 3600;
const DEFAULT_REFRESH_BEFORE_SECONDS = 300;
/** A warm container serving many tenants must not grow without bound. */
const MAX_CACHED_SCOPES = 500;

const assumeRoleCredentialsSchema = z.object({
  AccessKeyId: z.string().min(1),
  SecretAccessKey: z.string().min(1),
  SessionToken: z.string().min(1),
  Expiration: z.date(),
});

type ExpiringCredentials = AwsCredentialIdentity & { readonly expiration: Date };

/** Hands out cached, tag-scoped STS sessions; the only producer of tenant data credentials. */
export class ScopedCredentialsProvider {
  readonly #sts: STSClient;
  readonly #roleArn: string;
  readonly #now: () => Date;
  readonly #sessionDurationSeconds: number;
  readonly #refreshBeforeMs: number;
  readonly #cached = new Map<string, ExpiringCredentials>();
  readonly #inFlight = new Map<string, Promise<ExpiringCredentials>>();

  constructor(options: ScopedCredentialsProviderOptions) {
    this.#sts = options.sts;
    this.#roleArn = options.roleArn;
    this.#now = options.now;
    this.#sessionDurationSeconds = options.sessionDurationSeconds ?? DEFAULT_SESSION_DURATION_SECONDS;
    this.#refreshBeforeMs = (options.refreshBeforeSeconds ?? DEFAULT_REFRESH_BEFORE_SECONDS) * 1000;
    if (this.#refreshBeforeMs >= this.#sessionDurationSeconds * 1000) {
      throw new Error('refreshBeforeSeconds must be shorter than sessionDurationSeconds');
    }
  }

  /**
   * Credentials whose every DynamoDB request is confined to the scope's key prefix. Rejects
   * with the STS error as is (throttling, access denied) and caches nothing in that case.
   */
  async credentialsFor(scope: DataScope, roleArn: string = this.#roleArn): Promise<AwsCredentialIdentity> {
    const id = scopeIdOf(scope);
    if (!DATA_SCOPE_ID_PATTERN.test(id)) {
      throw new Error(`Invalid ${scope.kind} id for scoped credentials: ${JSON.stringify(id)}`);
    }
    // Sessions of the read and the read-write role are different credentials (local stack).
    const key = roleArn === this.#roleArn ? dataScopeKey(scope) : `${roleArn}|${dataScopeKey(scope)}`;
    const cached = this.#cached.get(key);
    if (cached !== undefined && this.#isFresh(cached)) return cached;

    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;

    const request = this.#assumeRole(scope, roleArn)
      .then((credentials) => {
        this.#remember(key, credentials);
        return credentials;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, request);
    return request;
  }

  #isFresh(credentials: ExpiringCredentials): boolean {
    return this.#now().getTime() < credentials.expiration.getTime() - this.#refreshBeforeMs;
  }

  #remember(key: string, credentials: ExpiringCredentials): void {
    this.#cached.delete(key);
    if (this.#cached.size >= MAX_CACHED_SCOPES) {
      for (const [cachedKey, cachedCredentials] of this.#cached) {
        if (!this.#isFresh(cachedCredentials)) this.#cached.delete(cachedKey);
      }
      // Maps iterate in insertion order, so the first key is the least recently issued.
      const oldest = this.#cached.keys().next();
      if (this.#cached.size >= MAX_CACHED_SCOPES && oldest.done !== true) this.#cached.delete(oldest.value);
    }
    this.#cached.set(key, credentials);
  }

  async #assumeRole(scope: DataScope, roleArn: string): Promise<ExpiringCredentials> {
    const id = scopeIdOf(scope);
    const output = await this.#sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        // CloudTrail shows the session name; STS caps it at 64 characters, the tag carries the scope.
        RoleSessionName: `guichet-${scope.kind}-${id}`.slice(0, 64),
        DurationSeconds: this.#sessionDurationSeconds,
        Tags: [{ Key: SESSION_TAG_KEYS[scope.kind], Value: id }],
      }),
    );
    const parsed = assumeRoleCredentialsSchema.safeParse(output.Credentials);
    if (!parsed.success) {
      throw new Error(`AssumeRole for ${dataScopeKey(scope)} returned no usable credentials`);
    }
    return {
      accessKeyId: parsed.data.AccessKeyId,
      secretAccessKey: parsed.data.SecretAccessKey,
      sessionToken: parsed.data.SessionToken,
      expiration: parsed.data.Expiration,
    };
  }
}
