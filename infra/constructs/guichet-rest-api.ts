/**
 * The public REST API, built from the manifest's routes: each route becomes a method proxied to
 * its function; `token` routes run the Lambda authoriser first and count against the caller's
 * usage plan (the authoriser returns the API key of the tenant's tier as usage identifier).
 */
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RouteSpec } from '../manifest.ts';
import { TIERS, type Tier, tierLimits } from '../tier-limits.ts';
import type { GuichetFunction } from './guichet-function.ts';

export interface GuichetRestApiProps {
  readonly stage: string;
  readonly routes: readonly RouteSpec[];
  /** Resolves a manifest function name; throws for a name the manifest does not declare. */
  readonly functionNamed: (name: string) => GuichetFunction;
  readonly authorizer: GuichetFunction;
  readonly authorizerCacheTtl: Duration;
  readonly usagePlanName: (tier: Tier) => string;
}

/** Everything a support engineer needs from one line of the access log, without the payload. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  errorMessage: '$context.error.message',
  authorizerError: '$context.authorizer.error',
  authorizerStatus: '$context.authorizer.status',
  xrayTraceId: '$context.xrayTraceId',
  ip: '$context.identity.sourceIp',
  // Billing meters (#6): who called, for the api.calls meter (api-usage-subscription.ts).
  requestTimeEpoch: '$context.requestTimeEpoch',
  tenantId: '$context.authorizer.tenantId',
  userId: '$context.authorizer.userId',
  credential: '$context.authorizer.credential',
};

/** `{ticketId}` in a path template → a required `method.request.path.ticketId` parameter. */
const pathParametersOf = (path: string): Record<string, boolean> =>
  Object.fromEntries(
    [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => [`method.request.path.${match[1]}`, true]),
  );

export class GuichetRestApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly usagePlans: ReadonlyMap<Tier, apigateway.UsagePlan>;
  /** The JSON access log (billing subscribes to it for the api.calls meter). */
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GuichetRestApiProps) {
    super(scope, id);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.accessLogs = accessLogs;

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `guichet-${props.stage}`,
      description: 'Guichet service desk API',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Usage plans key on the API key the authoriser returns as `usageIdentifierKey`.
      apiKeySourceType: apigateway.ApiKeySourceType.AUTHORIZER,
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stage,
        tracingEnabled: true,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), a per-region singleton that several stage stacks would overwrite; every request is in the JSON access log (with authoriser and integration errors) and traced in X-Ray instead.',
    });

    const authorizer = new apigateway.RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer.function,
      identitySources: [apigateway.IdentitySource.header('Authorization')],
      // The longest a revoked engagement or role outlives its revocation.
      resultsCacheTtl: props.authorizerCacheTtl,
    });

    // Path parameters are declared per method below. No body models are attached (the handlers
    // parse bodies with the zod schemas), so body validation only takes effect once one is.
    const validator = this.api.addRequestValidator('RequestValidator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    const integrations = new Map<string, apigateway.LambdaIntegration>();
    const integrationFor = (name: string): apigateway.LambdaIntegration => {
      const existing = integrations.get(name);
      if (existing !== undefined) return existing;
      const integration = new apigateway.LambdaIntegration(props.functionNamed(name).function, {
        proxy: true,
        allowTestInvoke: false,
      });
      integrations.set(name, integration);
      return integration;
    };

    for (const route of props.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const method = resource.addMethod(route.method, integrationFor(route.function), {
        operationName: route.operation,
        requestValidator: validator,
        requestParameters: pathParametersOf(route.path),
        ...(route.auth === 'token'
          ? { authorizer, authorizationType: apigateway.AuthorizationType.CUSTOM, apiKeyRequired: true }
          : { authorizationType: apigateway.AuthorizationType.NONE }),
      });
      if (route.auth === 'public') {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} (${route.operation}) is public by design in the manifest: it serves the API documentation, which holds no tenant data.`,
        });
      }
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          route.auth === 'public'
            ? 'Public documentation route: no authoriser of any kind applies.'
            : 'Tenants bring their own OIDC issuers and integrations use API keys; the Lambda authoriser verifies both, which a Cognito user pool authoriser cannot.',
      });
    }

    const plans = new Map<Tier, apigateway.UsagePlan>();
    for (const tier of TIERS) {
      const limit = tierLimits[tier];
      const plan = this.api.addUsagePlan(`UsagePlan-${tier}`, {
        name: props.usagePlanName(tier),
        description: `Guichet ${tier} tier: ${limit.rateLimitPerSecond} requests/s, bursts of ${limit.burstLimit}`,
        throttle: { rateLimit: limit.rateLimitPerSecond, burstLimit: limit.burstLimit },
        apiStages: [{ stage: this.api.deploymentStage }],
      });
      plans.set(tier, plan);
    }
    this.usagePlans = plans;

    this.#protectWithWaf(props.stage);
  }

  /**
   * AWS managed rules against common exploits and known bad inputs, and a per-IP rate limit
   * in front of the usage plans (which only count requests that passed the authoriser).
   */
  #protectWithWaf(stage: string): void {
    const managedRule = (
      name: string,
      priority: number,
      countOnly: readonly string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Guichet API: managed protections and a per-IP rate limit',
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: `guichet-${stage}-api`,
        sampledRequestsEnabled: true,
      },
      rules: [
        // Ticket descriptions may be up to 20 000 characters (over the set's 8 KB body limit) and
        // routinely quote markup or stack traces; the API answers JSON and never renders them,
        // so those two rules only count. The zod schemas bound and validate every body.
        managedRule('AWSManagedRulesCommonRuleSet', 10, ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 20),
        {
          name: 'PerIpRateLimit',
          priority: 30,
          action: { block: {} },
          // Requests per 5-minute window from one IP, well above the premium tier's sustained rate
          // per client: it stops floods that never reach the authoriser, not tenants.
          statement: { rateBasedStatement: { limit: 20_000, aggregateKeyType: 'IP' } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: 'PerIpRateLimit',
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}
