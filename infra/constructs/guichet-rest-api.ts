/**
 * The public REST API, built from the manifest's routes, in three parts so that its methods can
 * be spread over several stacks (CloudFormation's 500-resource limit) without a reference cycle:
 *
 * - `GuichetRestApi`, the shell (API stack): the API, every path resource, the request
 *   validator and the Lambda authoriser;
 * - `RouteMethods` (each HTTP stack): the methods of the routes whose functions that stack
 *   holds, proxied to them, with one invoke permission per method scoped to it;
 * - `GuichetApiStage` (API stage stack, deployed after every HTTP stack): the deployment, the
 *   stage with its access log, the usage plans and the WAF.
 *
 * `token` routes run the Lambda authoriser first and count against the caller's usage plan (the
 * authoriser returns the API key of the tenant's tier as usage identifier).
 */
import { createHash } from 'node:crypto';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SHARED_USAGE_PLANS, type SharedUsagePlan } from '../../shared/domain/tenancy/usage-identity.ts';
import type { DeployedRoute } from '../stacks/deployment-manifest.ts';
import { sharedPlanLimits, TIERS, type Tier, tierLimits, type UsagePlanName } from '../tier-limits.ts';
import type { GuichetFunction } from './guichet-function.ts';

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

/** The path of a method ARN: path parameters become `*`, as API Gateway matches them. */
const pathForArn = (path: string): string => path.replace(/\{[^}]*\}/g, '*');

export interface GuichetRestApiProps {
  readonly stage: string;
  /** Every route path of the manifest: the shell creates their resources, HTTP stacks add methods. */
  readonly paths: Iterable<string>;
  readonly authorizer: GuichetFunction;
  readonly authorizerCacheTtl: Duration;
}

/** The API shell: the API itself, its path resources, the request validator and the authoriser. */
export class GuichetRestApi extends Construct {
  readonly restApiId: string;
  readonly rootResourceId: string;
  readonly authorizer: apigateway.RequestAuthorizer;
  readonly validator: apigateway.RequestValidator;
  readonly #resources = new Map<string, apigateway.IResource>();

  constructor(scope: Construct, id: string, props: GuichetRestApiProps) {
    super(scope, id);
    // The L1 API: the L2 `RestApi` insists on holding methods itself, which would put every
    // method (and its permission) in this one stack.
    const api = new apigateway.CfnRestApi(this, 'Api', {
      name: `guichet-${props.stage}`,
      description: 'Guichet service desk API',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Usage plans key on the API key the authoriser returns as `usageIdentifierKey`.
      apiKeySourceType: apigateway.ApiKeySourceType.AUTHORIZER,
    });
    this.restApiId = api.ref;
    this.rootResourceId = api.attrRootResourceId;
    const restApi = apigateway.RestApi.fromRestApiAttributes(this, 'Shell', {
      restApiId: this.restApiId,
      rootResourceId: this.rootResourceId,
      restApiName: `guichet-${props.stage}`,
    });

    this.authorizer = new apigateway.RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer.function,
      identitySources: [apigateway.IdentitySource.header('Authorization')],
      // The longest a revoked engagement or role outlives its revocation.
      resultsCacheTtl: props.authorizerCacheTtl,
    });

    // Path parameters are declared per method. No body models are attached (the handlers parse
    // bodies with the zod schemas), so body validation only takes effect once one is.
    this.validator = new apigateway.RequestValidator(this, 'RequestValidator', {
      restApi,
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    for (const path of props.paths) this.#resources.set(path, restApi.root.resourceForPath(path));
  }

  /** The resource id of a route path (created here, in the shell's stack). */
  resourceIdFor(path: string): string {
    const resource = this.#resources.get(path);
    if (resource === undefined) throw new Error(`The API shell has no resource for ${path}`);
    return resource.resourceId;
  }
}

export interface RouteMethodsProps {
  readonly stage: string;
  readonly shell: GuichetRestApi;
  readonly routes: readonly DeployedRoute[];
  /** Resolves a manifest function name among the functions of this construct's stack. */
  readonly functionNamed: (name: string) => GuichetFunction;
}

/** The methods of some routes, in the stack that holds their functions. */
export class RouteMethods extends Construct {
  readonly methods: readonly apigateway.Method[];

  constructor(scope: Construct, id: string, props: RouteMethodsProps) {
    super(scope, id);
    const { shell } = props;
    const api = apigateway.RestApi.fromRestApiAttributes(this, 'Api', {
      restApiId: shell.restApiId,
      rootResourceId: shell.rootResourceId,
    });
    const resources = new Map<string, apigateway.IResource>();
    const resourceFor = (path: string): apigateway.IResource => {
      const existing = resources.get(path);
      if (existing !== undefined) return existing;
      const imported = apigateway.Resource.fromResourceAttributes(this, `Path${path.replaceAll('/', '.')}`, {
        restApi: api,
        resourceId: shell.resourceIdFor(path),
        path,
      });
      resources.set(path, imported);
      return imported;
    };

    const methods: apigateway.Method[] = [];
    for (const route of props.routes) {
      const fn = props.functionNamed(route.function).function;
      const method = new apigateway.Method(this, `${route.method}${route.path.replaceAll('/', '.')}`, {
        resource: resourceFor(route.path),
        httpMethod: route.method,
        integration: new apigateway.AwsIntegration({
          proxy: true,
          service: 'lambda',
          path: `2015-03-31/functions/${fn.functionArn}/invocations`,
        }),
        options: {
          operationName: route.operation,
          requestValidator: shell.validator,
          requestParameters: pathParametersOf(route.path),
          ...(route.auth === 'token'
            ? {
                authorizer: shell.authorizer,
                authorizationType: apigateway.AuthorizationType.CUSTOM,
                apiKeyRequired: true,
              }
            : { authorizationType: apigateway.AuthorizationType.NONE }),
        },
      });
      // One permission per method, scoped to this stage, verb and path: no test invocations
      // from the console, no other route of the API.
      fn.addPermission('InvokeFromApi', {
        scope: method,
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: api.arnForExecuteApi(route.method, pathForArn(route.path), props.stage),
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
      methods.push(method);
    }
    this.methods = methods;
  }
}

export interface GuichetApiStageProps {
  readonly stage: string;
  readonly shell: GuichetRestApi;
  /** Every method of the API: the deployment must follow them all. */
  readonly methods: readonly apigateway.Method[];
  /**
   * What the deployment snapshots, as data: a new deployment is created whenever it changes
   * (API Gateway serves a deployment, not the live methods).
   */
  readonly fingerprint: unknown;
  readonly usagePlanName: (plan: UsagePlanName) => string;
}

/** The deployed stage: deployment, stage, access log, usage plans per tier and the WAF. */
export class GuichetApiStage extends Construct {
  readonly stage: apigateway.Stage;
  readonly accessLogs: logs.LogGroup;
  readonly usagePlans: ReadonlyMap<Tier, apigateway.UsagePlan>;
  /** Tenancy (#3): the plans of the providers' and platform's shared keys (`shared-usage-keys.ts`). */
  readonly sharedUsagePlans: ReadonlyMap<SharedUsagePlan, apigateway.UsagePlan>;

  constructor(scope: Construct, id: string, props: GuichetApiStageProps) {
    super(scope, id);
    const api = apigateway.RestApi.fromRestApiAttributes(this, 'Api', {
      restApiId: props.shell.restApiId,
      rootResourceId: props.shell.rootResourceId,
    });

    const deployment = new apigateway.Deployment(this, 'Deployment', {
      api,
      description: 'Guichet API routes of the manifest',
    });
    deployment.addToLogicalId({
      routes: createHash('sha256').update(JSON.stringify(props.fingerprint)).digest('hex'),
    });
    for (const method of props.methods) deployment.node.addDependency(method);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigateway.Stage(this, 'Stage', {
      deployment,
      stageName: props.stage,
      tracingEnabled: true,
      metricsEnabled: true,
      accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
      accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
    });
    Validations.of(this.stage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), a per-region singleton that several stage stacks would overwrite; every request is in the JSON access log (with authoriser and integration errors) and traced in X-Ray instead.',
    });

    const plans = new Map<Tier, apigateway.UsagePlan>();
    for (const tier of TIERS) {
      const limit = tierLimits[tier];
      const plan = new apigateway.UsagePlan(this, `UsagePlan-${tier}`, {
        name: props.usagePlanName(tier),
        description: `Guichet ${tier} tier: ${limit.rateLimitPerSecond} requests/s, bursts of ${limit.burstLimit}`,
        throttle: { rateLimit: limit.rateLimitPerSecond, burstLimit: limit.burstLimit },
        apiStages: [{ api, stage: this.stage }],
      });
      plans.set(tier, plan);
    }
    this.usagePlans = plans;
    const sharedPlans = new Map<SharedUsagePlan, apigateway.UsagePlan>();
    for (const shared of SHARED_USAGE_PLANS) {
      const limit = sharedPlanLimits[shared];
      const plan = new apigateway.UsagePlan(this, `UsagePlan-${shared}`, {
        name: props.usagePlanName(shared),
        description: `Guichet ${shared} principals, one shared key: ${limit.rateLimitPerSecond} requests/s, bursts of ${limit.burstLimit}`,
        throttle: { rateLimit: limit.rateLimitPerSecond, burstLimit: limit.burstLimit },
        apiStages: [{ api, stage: this.stage }],
      });
      sharedPlans.set(shared, plan);
    }
    this.sharedUsagePlans = sharedPlans;

    this.#protectWithWaf(props.stage, this.stage.stageArn);
  }

  /**
   * AWS managed rules against common exploits and known bad inputs, and a per-IP rate limit
   * in front of the usage plans (which only count requests that passed the authoriser).
   */
  #protectWithWaf(stage: string, stageArn: string): void {
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
      resourceArn: stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}
