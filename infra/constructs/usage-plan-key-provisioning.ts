/**
 * Lets the onboarding function provision tenants' usage-plan keys, and nothing more: list the
 * usage plans (`GET /usageplans`, to find the tier plans' ids by name), create an API key
 * (`POST /apikeys`) and add a key to one of the three tier plans (`POST /usageplans/<id>/keys`).
 * It may not read, update or delete keys, nor touch any other plan or API.
 *
 * No dependency cycle: the tier plans depend on the API's stage, which depends on the function
 * (its integration). So the function's environment names the plans by their fixed names
 * (`GUICHET_USAGE_PLAN_NAMES`), never by id, and the statements naming the plans' ids live in a
 * policy of their own, attached to the role — not in the role's default policy, on which the
 * function depends.
 *
 * Wiring (stateless stack, once the REST API and the functions exist):
 * `new UsagePlanKeyProvisioning(this, 'UsagePlanKeyProvisioning', { fn: functionNamed('onboardTenant'),
 *   usagePlans: this.restApi.usagePlans, usagePlanName: names.usagePlan })`.
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
  /** The plans' fixed names, as the REST API construct names them (`names.usagePlan`). */
  readonly usagePlanName: (tier: Tier) => string;
}

export class UsagePlanKeyProvisioning extends Construct {
  readonly policy: iam.Policy;

  constructor(scope: Construct, id: string, props: UsagePlanKeyProvisioningProps) {
    super(scope, id);
    const apiGatewayArn = (path: string) =>
      `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::${path}`;
    const planKeysArns = TIERS.map((tier) => {
      const plan = props.usagePlans.get(tier);
      if (plan === undefined) throw new Error(`No usage plan for the ${tier} tier`);
      return apiGatewayArn(`/usageplans/${plan.usagePlanId}/keys`);
    });
    this.policy = new iam.Policy(this, 'Policy', {
      roles: [props.fn.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'FindTierUsagePlans',
          actions: ['apigateway:GET'],
          resources: [apiGatewayArn('/usageplans')],
        }),
        new iam.PolicyStatement({
          sid: 'ProvisionTenantUsagePlanKeys',
          actions: ['apigateway:POST'],
          resources: [apiGatewayArn('/apikeys'), ...planKeysArns],
        }),
      ],
    });
    props.fn.function.addEnvironment(
      'GUICHET_USAGE_PLAN_NAMES',
      JSON.stringify(Object.fromEntries(TIERS.map((tier) => [tier, props.usagePlanName(tier)]))),
    );
  }
}
