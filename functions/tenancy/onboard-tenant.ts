/** POST /v1/platform/tenants */
import { onboardTenantOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { onboardingService } from './onboarding-deps.ts';

export const handler = httpOperation('onboardTenant', onboardTenantOperation, async (request) => {
  const tenant = await onboardingService.onboardTenant(request.principal, request.body);
  return {
    status: 201,
    body: tenant,
    headers: { location: `/v1/platform/tenants/${tenant.tenantId}` },
  };
});
