/**
 * One HTTP stack per route group (`stack-layout.ts`): the functions that serve the group's
 * routes, and those routes' methods with their invoke permissions. It follows the API shell
 * (whose resources it adds methods to) and precedes the API stage (whose deployment follows
 * every method).
 */
import type { Construct } from 'constructs';
import type { GuichetFunction } from '../constructs/guichet-function.ts';
import { type GuichetRestApi, RouteMethods } from '../constructs/guichet-rest-api.ts';
import type { DeployedRoute } from './deployment-manifest.ts';
import { FunctionStack, type FunctionStackProps } from './function-stack.ts';

export interface HttpStackProps extends FunctionStackProps {
  readonly shell: GuichetRestApi;
  /** The routes served by this stack's functions. */
  readonly routes: readonly DeployedRoute[];
}

export class HttpStack extends FunctionStack {
  readonly routeMethods: RouteMethods;

  constructor(scope: Construct, id: string, props: HttpStackProps) {
    super(scope, id, props);
    this.routeMethods = new RouteMethods(this, 'Routes', {
      stage: props.bindings.settings.stage,
      shell: props.shell,
      routes: props.routes,
      functionNamed: (name): GuichetFunction => {
        const fn = this.functions.get(name);
        if (fn === undefined) throw new Error(`Function "${name}" is not in ${this.stackName}`);
        return fn;
      },
    });
  }
}
