/**
 * The place to wire constructs that are not interpretations of the manifest (an access-log
 * subscription, bucket notifications, an extra grant to one function…). Write the construct in
 * its own file under `infra/constructs/`, then append one entry here in a block of your own: it
 * receives every stack of the stage, after they are all defined and before cdk-nag runs. Mind
 * the deploy order in docs/infra.md: a construct may reference stacks that come before the one
 * it is added to, never after (a function stack cannot reference the API stage, for instance).
 */
import { ApiUsageSubscription } from '../constructs/api-usage-subscription.ts';
import { SharedUsageKeys } from '../constructs/shared-usage-keys.ts';
import { UsagePlanKeyProvisioning } from '../constructs/usage-plan-key-provisioning.ts';
import { resourceNames } from './deployment-settings.ts';
import type { GuichetStacks } from './guichet-app.ts';

export type StackExtension = (stacks: GuichetStacks) => void;

export const stackExtensions: readonly StackExtension[] = [
  // Billing meters (#6): the access log feeds the api.calls meter. The filter lives with its
  // consumer in the workers stack, which comes after the API stage: the log group is referenced
  // forwards, and the invoke permission for CloudWatch Logs stays beside the function.
  ({ workers, apiStage, functions }) => {
    const consumer = functions.get('recordApiUsage');
    if (workers === undefined || consumer === undefined) return;
    new ApiUsageSubscription(workers, 'ApiUsageMetering', {
      accessLogs: apiStage.apiStage.accessLogs,
      consumer,
    });
  },
  // Tenancy (#3): onboarding provisions each tenant's API key in its tier's usage plan. The
  // policy naming the plans' ids lives in the API stage stack, which comes after the function's
  // stack; the function itself only knows the plans' fixed names.
  ({ apiStage, functions, settings }) => {
    const onboarding = functions.get('onboardTenant');
    if (onboarding === undefined) return;
    new UsagePlanKeyProvisioning(apiStage, 'UsagePlanKeyProvisioning', {
      fn: onboarding,
      usagePlans: apiStage.apiStage.usagePlans,
      usagePlanName: resourceNames(settings.stage).usagePlan,
    });
  },
  // Tenancy (#3): providers' and platform's principals share a usage-plan key per kind. The keys
  // and the authoriser's leave to read them live in the API stack, beside the authoriser; their
  // plan memberships in the API stage stack, which comes after it.
  ({ api, apiStage, settings }) => {
    const keys = new SharedUsageKeys(api, 'SharedUsageKeys', {
      authorizer: api.authorizerFunction,
      keyName: (plan) => `${resourceNames(settings.stage).usagePlan(plan)}-key`,
    });
    keys.joinPlans(apiStage.apiStage.sharedUsagePlans);
  },
];
