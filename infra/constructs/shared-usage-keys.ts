/**
 * Tenancy (#3): the usage-plan keys shared by a kind of principal
 * (`shared/domain/tenancy/usage-identity.ts`): one API key for all providers' users, one for
 * platform staff. Token routes require a usage identifier from the authoriser, so without these
 * every provider and platform call would be refused (403) by API Gateway.
 *
 * The keys live beside the authoriser (API stack): it gets their ids (`GUICHET_SHARED_USAGE_KEY_IDS`)
 * and leave to read exactly these two keys with their values (`GET /apikeys/<id>`), nothing else.
 * Their plans come with the stage, later in the deploy order: `joinPlans` adds each key to its
 * plan from the API stage stack (a forward reference, as the deploy order requires).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { SHARED_USAGE_PLANS, type SharedUsagePlan } from '../../shared/domain/tenancy/usage-identity.ts';

export interface SharedUsageKeysProps {
  /** The authoriser (a GuichetFunction fits). */
  readonly authorizer: { readonly function: lambda.Function; readonly role: iam.IRole };
  /** The keys' names (e.g. `guichet-prod-provider`), to be found in the console. */
  readonly keyName: (plan: SharedUsagePlan) => string;
}

export class SharedUsageKeys extends Construct {
  readonly keys: ReadonlyMap<SharedUsagePlan, apigateway.IApiKey>;

  constructor(scope: Construct, id: string, props: SharedUsageKeysProps) {
    super(scope, id);
    const keys = new Map<SharedUsagePlan, apigateway.IApiKey>();
    for (const plan of SHARED_USAGE_PLANS) {
      keys.set(
        plan,
        new apigateway.ApiKey(this, `Key-${plan}`, {
          apiKeyName: props.keyName(plan),
          description: `Usage identifier of every ${plan} principal; not a client credential`,
          enabled: true,
        }),
      );
    }
    this.keys = keys;
    const keyIdOf = (plan: SharedUsagePlan): string => {
      const key = keys.get(plan);
      if (key === undefined) throw new Error(`No shared usage key for ${plan}`);
      return key.keyId;
    };
    props.authorizer.role.attachInlinePolicy(
      new iam.Policy(this, 'ReadSharedKeys', {
        statements: [
          new iam.PolicyStatement({
            sid: 'ReadSharedUsageKeys',
            actions: ['apigateway:GET'],
            resources: SHARED_USAGE_PLANS.map(
              (plan) => `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::/apikeys/${keyIdOf(plan)}`,
            ),
          }),
        ],
      }),
    );
    props.authorizer.function.addEnvironment(
      'GUICHET_SHARED_USAGE_KEY_IDS',
      Stack.of(this).toJsonString(
        Object.fromEntries(SHARED_USAGE_PLANS.map((plan) => [plan, keyIdOf(plan)])),
      ),
    );
  }

  /** Puts each key in its plan (called with the stage's shared plans, from the stage's stack). */
  joinPlans(plans: ReadonlyMap<SharedUsagePlan, apigateway.IUsagePlan>): void {
    for (const [plan, key] of this.keys) {
      const usagePlan = plans.get(plan);
      if (usagePlan === undefined) throw new Error(`No usage plan for the shared ${plan} key`);
      usagePlan.addApiKey(key);
    }
  }
}
