/**
 * The REST API shell: the API, one resource per route path, the request validator and the
 * Lambda authoriser with its function. Every HTTP stack adds its methods to these resources;
 * this stack references no HTTP stack, so they can all follow it.
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GuichetFunction } from '../constructs/guichet-function.ts';
import { GuichetRestApi } from '../constructs/guichet-rest-api.ts';
import type { DeploymentManifest } from './deployment-manifest.ts';
import { FunctionStack, type FunctionStackProps } from './function-stack.ts';

export interface ApiStackProps extends Omit<FunctionStackProps, 'functionSpecs'> {
  readonly manifest: DeploymentManifest;
}

export class ApiStack extends FunctionStack {
  readonly shell: GuichetRestApi;
  readonly authorizerFunction: GuichetFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { manifest } = props;
    const spec = manifest.functions[manifest.authorizer];
    if (spec === undefined)
      throw new Error(`The authoriser "${manifest.authorizer}" is not a manifest function`);
    super(scope, id, { ...props, functionSpecs: [[manifest.authorizer, spec]] });
    const authorizer = this.functions.get(manifest.authorizer);
    if (authorizer === undefined) throw new Error('The authoriser function was not defined');
    this.authorizerFunction = authorizer;
    this.shell = new GuichetRestApi(this, 'RestApi', {
      stage: props.bindings.settings.stage,
      paths: new Set(manifest.routes.map((route) => route.path)),
      authorizer,
      authorizerCacheTtl: Duration.seconds(manifest.authorizerCacheTtlSeconds),
    });
  }
}
