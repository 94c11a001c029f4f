/**
 * The one way Guichet defines a Lambda function: Node.js 22 on arm64, a minified ESM bundle
 * built by the local esbuild (never Docker), X-Ray tracing, its own log group with a retention,
 * and its own role that starts empty: every permission is added by a `bind…` helper that also
 * sets the matching environment variable, so a grant and its configuration cannot drift.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RuntimeConfigVariable } from '../../shared/config/runtime-config.ts';
import type { FunctionSpec } from '../manifest.ts';

/** The repository root: manifest entries are relative to it, and so is the lock file. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The runtime configuration variables a function receives in AWS. The `*_ENDPOINT` overrides
 * and the literal cursor key exist only on the local stack; `AWS_REGION` is set by Lambda.
 */
export type CloudRuntimeVariable = Exclude<
  RuntimeConfigVariable,
  `${string}_ENDPOINT` | 'AWS_REGION' | 'GUICHET_CURSOR_KEY'
>;

export type FunctionEnvironment = { readonly [name in CloudRuntimeVariable]?: string };

export interface GuichetFunctionProps {
  readonly spec: FunctionSpec;
  /** Variables every function of the stage shares; table bindings add their own. */
  readonly environment: FunctionEnvironment;
  readonly logRetention?: logs.RetentionDays;
}

/** ESM needs a `require` for the CommonJS dependencies esbuild inlines. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

export class GuichetFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: GuichetFunctionProps) {
    super(scope, id);
    this.spec = props.spec;
    const entry = join(REPOSITORY_ROOT, props.spec.entry);
    if (!existsSync(entry)) throw new Error(`Function ${id}: entry ${props.spec.entry} does not exist`);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // No AWSLambdaBasicExecutionRole: it would let the function create log groups anywhere.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Guichet ${id}: ${props.spec.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      description: props.spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'guichet',
        // The bundle ships its source map; without this flag stack traces point into minified code.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // esbuild's per-file size table drowns the synth output; warnings and errors still show.
        logLevel: LogLevel.WARNING,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; CDK adds exactly these two actions on "*".',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the whole project targets (esbuild target node22, local runtime on node@22); moving to a newer runtime is a deliberate project-wide upgrade, not a per-function default.',
    });
  }

  /** Sets one runtime configuration variable (typed: only the variables the config schema reads). */
  setEnvironment(name: CloudRuntimeVariable, value: string): void {
    this.function.addEnvironment(name, value);
  }
}
