/**
 * The Lambda authoriser (REQUEST type): turns a bearer token into the tenant context handlers
 * receive. API Gateway caches the decision per Authorization header for
 * AUTHORIZER_CACHE_TTL_SECONDS, which bounds how long a revoked right can live on.
 *
 * Any doubt is a plain `Unauthorized` (401); the reason goes to the log, not to the caller.
 * Every admitted principal carries a usage identifier (`usageIdentityOf`): token routes require
 * one, and a principal without (a legacy tenant) is denied here (403) with the reason logged,
 * rather than left to API Gateway's bare `Forbidden`.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { principalOfApiKey } from '../../shared/domain/tenancy/api-key.ts';
import {
  principalFromVerifiedClaims,
  type TenantStanding,
} from '../../shared/domain/tenancy/issuer-registration.ts';
import type { Principal } from '../../shared/domain/tenancy/principal.ts';
import { usageIdentityOf } from '../../shared/domain/tenancy/usage-identity.ts';
import { encodePrincipal } from '../../shared/http/authorizer-context.ts';
import { logger } from '../../shared/http/logger.ts';
import { apiKeys, directory, sharedUsageKeys, tokenVerifier } from './deps.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
/** Integration API keys: `gk_<keyId>_<secret>` (see shared/domain/tenancy/api-key.ts). */
const BEARER_API_KEY = /^Bearer (gk_[A-Za-z0-9_]+)$/;

/** The policy covers every method of the stage, because the cached decision is reused across routes. */
const stageWildcardArn = (methodArn: string): string => {
  const [arnPrefix, stage] = methodArn.split('/');
  return `${arnPrefix}/${stage}/*/*`;
};

const unauthorized = (reason: string): never => {
  logger.info('Token refused', { reason });
  // API Gateway turns exactly this message into a 401.
  throw new Error('Unauthorized');
};

/** Who is calling, and the tenant's standing when it is a tenant (its usage-plan key lives there). */
interface Caller {
  readonly principal: Principal;
  readonly tenant: TenantStanding | undefined;
}

const callerOfToken = async (token: string | undefined): Promise<Caller> => {
  if (token === undefined) return unauthorized('no bearer token');
  const verified = await tokenVerifier.verify(token);
  if (verified === undefined) return unauthorized('token not verifiable');
  const owner = verified.registration.owner;
  const tenant = owner.kind === 'tenant' ? await directory.getTenantStanding(owner.tenantId) : undefined;
  const principal = principalFromVerifiedClaims(verified.registration, verified.claims, tenant);
  return { principal: principal ?? unauthorized('token grants no usable identity'), tenant };
};

const callerOfPresentedApiKey = async (presented: string): Promise<Caller> => {
  const key = await apiKeys.authenticate(presented);
  if (key === undefined) return unauthorized('API key unknown, revoked or expired');
  const tenant =
    key.owner.kind === 'tenant' ? await directory.getTenantStanding(key.owner.tenantId) : undefined;
  return {
    principal: principalOfApiKey(key, tenant) ?? unauthorized('API key of an unknown tenant'),
    tenant,
  };
};

export const handler = async (
  // Only what the decision reads (a narrower type keeps tests free of the rest of the event).
  event: Pick<APIGatewayRequestAuthorizerEvent, 'headers' | 'methodArn'>,
): Promise<APIGatewayAuthorizerResult> => {
  const header = event.headers?.Authorization ?? event.headers?.authorization;
  const { principal, tenant } =
    header === undefined
      ? unauthorized('no bearer token')
      : BEARER_API_KEY.test(header)
        ? await callerOfPresentedApiKey(BEARER_API_KEY.exec(header)?.[1] ?? '')
        : await callerOfToken(BEARER.exec(header)?.[1]);
  const usage = await usageIdentityOf(principal, tenant, sharedUsageKeys);
  if (usage.kind === 'missing')
    logger.warn('Principal refused: no usage identifier', { reason: usage.reason });
  return {
    principalId: principal.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: usage.kind === 'identified' ? 'Allow' : 'Deny',
          Resource: stageWildcardArn(event.methodArn),
        },
      ],
    },
    context: encodePrincipal(principal),
    // Usage plans throttle per API key: the tenant's in its tier's plan, or its kind's shared key.
    ...(usage.kind === 'identified' ? { usageIdentifierKey: usage.usageIdentifierKey } : {}),
  };
};
