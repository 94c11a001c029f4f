/**
 * A stack of manifest functions: each function with its role, log group and bindings (table,
 * cursor key, bus, bucket), read from the manifest. The HTTP stacks, the workers stack and the
 * API stack (for the authoriser) are function stacks; `stack-layout.ts` decides which function
 * goes where.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { GuichetFunction } from '../constructs/guichet-function.ts';
import { bindObjects } from '../constructs/object-access.ts';
import { bindTable, type TenantDataAccess } from '../constructs/tenant-data-access.ts';
import type { FunctionSpec } from '../manifest.ts';
import { type DeploymentSettings, resourceNames } from './deployment-settings.ts';
import { limitResourceCount } from './stack-layout.ts';
import type { StatefulResources } from './stateful-stack.ts';

/** What every function of the stage is bound to. */
export interface FunctionBindings {
  readonly settings: DeploymentSettings;
  readonly stateful: StatefulResources;
  readonly dataAccess: TenantDataAccess;
}

/**
 * One manifest function, bound to exactly what its spec asks for. The bindings reference the
 * stateful and data-access stacks only, which are deployed before any function stack.
 */
export const defineManifestFunction = (
  scope: Construct,
  name: string,
  spec: FunctionSpec,
  { settings, stateful, dataAccess }: FunctionBindings,
): GuichetFunction => {
  const fn = new GuichetFunction(scope, name, {
    spec,
    environment: {
      GUICHET_STAGE: settings.stage,
      GUICHET_EVENT_BUS_NAME: stateful.eventBus.eventBusName,
      GUICHET_BUCKET_NAME: stateful.objectBucket.bucketName,
      // The ARN only: the key itself is read from Secrets Manager at cold start.
      GUICHET_CURSOR_SECRET_ARN: stateful.cursorSecret.secretArn,
    },
  });
  bindTable(fn, spec.table, { table: stateful.table, dataAccess });
  // Cursors paginate table queries: only functions that read the table may read their key.
  if (spec.table !== 'none') stateful.cursorSecret.grantRead(fn.role);
  if (spec.putsEvents === true) stateful.eventBus.grantPutEventsTo(fn.role);
  if (spec.bucket !== undefined) bindObjects(fn, resourceNames(settings.stage).objectBucket, spec.bucket);
  return fn;
};

export interface FunctionStackProps extends StackProps {
  readonly bindings: FunctionBindings;
  /** The manifest functions this stack holds, by name. */
  readonly functionSpecs: ReadonlyArray<readonly [string, FunctionSpec]>;
}

export class FunctionStack extends Stack {
  readonly functions: ReadonlyMap<string, GuichetFunction>;

  constructor(scope: Construct, id: string, props: FunctionStackProps) {
    super(scope, id, props);
    const defined = new Map<string, GuichetFunction>();
    for (const [name, spec] of props.functionSpecs)
      defined.set(name, defineManifestFunction(this, name, spec, props.bindings));
    this.functions = defined;
    limitResourceCount(this);
  }
}
