/**
 * The deployed API: deployment, stage, access log, usage plans per tier (their ids are outputs,
 * for onboarding to attach tenants' API keys) and the WAF. It comes after every HTTP stack, as
 * a deployment snapshots the methods that exist when it is created.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import { GuichetApiStage, type GuichetRestApi } from '../constructs/guichet-rest-api.ts';
import { resourceNames } from './deployment-settings.ts';
import { limitResourceCount } from './stack-layout.ts';

export interface ApiStageStackProps extends StackProps {
  readonly stage: string;
  readonly shell: GuichetRestApi;
  readonly methods: readonly apigateway.Method[];
  readonly fingerprint: unknown;
}

export class ApiStageStack extends Stack {
  readonly apiStage: GuichetApiStage;

  constructor(scope: Construct, id: string, props: ApiStageStackProps) {
    super(scope, id, props);
    this.apiStage = new GuichetApiStage(this, 'RestApi', {
      stage: props.stage,
      shell: props.shell,
      methods: props.methods,
      fingerprint: props.fingerprint,
      usagePlanName: resourceNames(props.stage).usagePlan,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.stage.urlForPath('/') });
    for (const [tier, plan] of this.apiStage.usagePlans) {
      new CfnOutput(this, `UsagePlanId-${tier}`, {
        value: plan.usagePlanId,
        description: `Usage plan of the ${tier} tier: onboarding adds each tenant's API key to it`,
      });
    }
    limitResourceCount(this);
  }
}
