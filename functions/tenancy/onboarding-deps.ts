/**
 * Composition root of onboarding: the tenancy service plus the tenants' usage-plan keys in
 * API Gateway. Only the onboarding function receives the usage plan names and may create keys
 * (`infra/constructs/usage-plan-key-provisioning.ts`), so only it loads this module.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import { ApiGatewayUsagePlanKeys } from '../../shared/adapters/aws/api-gateway-usage-plan-keys.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { TenancyService } from '../../shared/domain/tenancy/tenancy-service.ts';
import { tenancyDeps } from './deps.ts';

const onboardingConfigSchema = z.object({
  /** `{"free":"<usage plan name>","standard":"…","premium":"…"}`, set by the stack. */
  GUICHET_USAGE_PLAN_NAMES: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.object({ free: z.string().min(1), standard: z.string().min(1), premium: z.string().min(1) })),
  /** Local stack only: its stand-in for API Gateway's management API. */
  GUICHET_APIGATEWAY_ENDPOINT: z.url().optional(),
});

const parsed = onboardingConfigSchema.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid onboarding configuration: ${problems.join('; ')}`);
}
const config = parsed.data;
const { AWS_REGION, GUICHET_STAGE } = loadRuntimeConfig();

export const onboardingService = new TenancyService({
  ...tenancyDeps,
  usagePlanKeys: new ApiGatewayUsagePlanKeys({
    client: new APIGatewayClient({
      region: AWS_REGION,
      ...(config.GUICHET_APIGATEWAY_ENDPOINT === undefined
        ? {}
        : { endpoint: config.GUICHET_APIGATEWAY_ENDPOINT }),
    }),
    usagePlanNames: config.GUICHET_USAGE_PLAN_NAMES,
    keyNamePrefix: `guichet-${GUICHET_STAGE}-tenant-`,
  }),
});
