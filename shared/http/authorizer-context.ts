/**
 * The authoriser's context as it travels to handlers. API Gateway passes context values as
 * strings only, so the principal is flattened here and parsed back, with zod, on arrival.
 */
import { z } from 'zod';
import { isOrgUnitName, ORG_UNIT_NAME } from '../domain/tenancy/delegation.ts';
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
        // Delegated administration: the user's site/department and what a delegated admin administers.
        ...(principal.orgUnit?.site == null ? {} : { site: principal.orgUnit.site }),
        ...(principal.orgUnit?.department == null ? {} : { department: principal.orgUnit.department }),
        ...(principal.delegation === undefined
          ? {}
          : {
              delegatedSites: principal.delegation.sites.filter(isOrgUnitName).join(','),
              delegatedDepartments: principal.delegation.departments.filter(isOrgUnitName).join(','),
            }),
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

const orgUnitNamesSchema = z
  .string()
  .transform((value) => value.split(',').filter((name) => name.length > 0))
  .pipe(z.array(z.string().regex(ORG_UNIT_NAME)));

const tenantContextSchema = z
  .object({
    kind: z.literal('tenant'),
    tenantId: z.string().regex(ID_PATTERN),
    tier: z.enum(['free', 'standard', 'premium']),
    tenantStatus: z.enum(['active', 'suspended']),
    site: z.string().regex(ORG_UNIT_NAME).optional(),
    department: z.string().regex(ORG_UNIT_NAME).optional(),
    delegatedSites: orgUnitNamesSchema.optional(),
    delegatedDepartments: orgUnitNamesSchema.optional(),
    ...commonSchema,
  })
  .transform(({ site, department, delegatedSites, delegatedDepartments, ...principal }) => ({
    ...principal,
    orgUnit: { site: site ?? null, department: department ?? null },
    ...(delegatedSites === undefined && delegatedDepartments === undefined
      ? {}
      : { delegation: { sites: delegatedSites ?? [], departments: delegatedDepartments ?? [] } }),
  }));

const principalContextSchema = z.discriminatedUnion('kind', [
  tenantContextSchema,
  z.object({ kind: z.literal('provider'), providerId: z.string().regex(ID_PATTERN), ...commonSchema }),
  z.object({ kind: z.literal('platform'), ...commonSchema }),
]);

/** Undefined when the context is missing or malformed: the caller answers 401, never trusts it. */
export const decodePrincipal = (context: unknown): Principal | undefined => {
  const parsed = principalContextSchema.safeParse(context);
  return parsed.success ? parsed.data : undefined;
};
