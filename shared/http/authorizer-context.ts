/**
 * The authoriser's context as it travels to handlers. API Gateway passes context values as
 * strings only, so the principal is flattened here and parsed back, with zod, on arrival.
 */
import { z } from 'zod';
import { allRoles, ID_PATTERN, type Principal } from '../domain/tenancy/principal.ts';

export type AuthorizerContext = Readonly<Record<string, string>>;

export const encodePrincipal = (principal: Principal): AuthorizerContext => {
  const common = {
    userId: principal.userId,
    roles: principal.roles.join(','),
    credential: principal.credential,
    ...(principal.operations === undefined ? {} : { operations: principal.operations.join(',') }),
  };
  switch (principal.kind) {
    case 'tenant':
      return {
        ...common,
        kind: 'tenant',
        tenantId: principal.tenantId,
        tier: principal.tier,
        tenantStatus: principal.tenantStatus,
      };
    case 'provider':
      return { ...common, kind: 'provider', providerId: principal.providerId };
    case 'platform':
      return { ...common, kind: 'platform' };
  }
};

const rolesSchema = z
  .string()
  .transform((value) => value.split(',').filter((role) => role.length > 0))
  .pipe(z.array(z.enum(allRoles)));

const commonSchema = {
  userId: z.string().min(1),
  roles: rolesSchema,
  credential: z.enum(['token', 'api_key']),
  operations: z
    .string()
    .transform((value) => value.split(',').filter((operation) => operation.length > 0))
    .optional(),
};

const principalContextSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tenant'),
    tenantId: z.string().regex(ID_PATTERN),
    tier: z.enum(['free', 'standard', 'premium']),
    tenantStatus: z.enum(['active', 'suspended']),
    ...commonSchema,
  }),
  z.object({ kind: z.literal('provider'), providerId: z.string().regex(ID_PATTERN), ...commonSchema }),
  z.object({ kind: z.literal('platform'), ...commonSchema }),
]);

/** Undefined when the context is missing or malformed: the caller answers 401, never trusts it. */
export const decodePrincipal = (context: unknown): Principal | undefined => {
  const parsed = principalContextSchema.safeParse(context);
  return parsed.success ? parsed.data : undefined;
};
