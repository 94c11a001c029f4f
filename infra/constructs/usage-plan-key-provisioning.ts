/**
 * Lets the onboarding function provision tenants' usage-plan keys, and nothing more: create an
 * API key (`POST /apikeys`) and add a key to one of the tier usage plans
 * (`POST /usageplans/<id>/keys`). It may not read, update or delete keys, nor touch any other
 * plan or API. The plan ids reach the function as `GUICHET_USAGE_PLAN_IDS` (JSON, per tier).
 *
 * Wiring (stateless stack, after the REST API and the functions exist):
 * `new UsagePlanKeyProvisioning(this, 'UsagePlanKeyProvisioning', { fn: functions.onboardTenant, usagePlans: restApi.usagePlans })`.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TIERS, type Tier } from '../tier-limits.ts';

export interface UsagePlanKeyProvisioningProps {
  /** The onboarding function (a GuichetFunction fits). */
  readonly fn: { readonly function: lambda.Function; readonly role: iam.IRole };
  readonly usagePlans: ReadonlyMap<Tier, apigateway.IUsagePlan>;
}

export class UsagePlanKeyProvisioning extends Construct {
  constructor(scope: Construct, id: string, props: UsagePlanKeyProvisioningProps) {
    super(scope, id);
    const planIds = Object.fromEntries(
      TIERS.map((tier) => {
        const plan = props.usagePlans.get(tier);
        if (plan === undefined) throw new Error(`No usage plan for the ${tier} tier`);
        return [tier, plan.usagePlanId];
      }),
    );
    const apiGatewayArn = (path: string) =>
      `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::${path}`;
    props.fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ProvisionTenantUsagePlanKeys',
        actions: ['apigateway:POST'],
        resources: [
          apiGatewayArn('/apikeys'),
          ...Object.values(planIds).map((planId) => apiGatewayArn(`/usageplans/${planId}/keys`)),
        ],
      }),
    );
    props.fn.function.addEnvironment('GUICHET_USAGE_PLAN_IDS', Stack.of(this).toJsonString(planIds));
  }
}
