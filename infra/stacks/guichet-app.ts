/**
 * Guichet's CDK app for one stage: the stateful stack, the stateless stack that receives its
 * resources, and the AWS Solutions checks of cdk-nag over both (every finding must be fixed or
 * acknowledged with a reason where it occurs; synthesis fails otherwise).
 */
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeploymentSettings, readDeploymentSettings } from './deployment-settings.ts';
import { MonitoringStack } from './monitoring-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface GuichetStacks {
  readonly settings: DeploymentSettings;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly monitoring: MonitoringStack;
}

export const defineGuichetApp = (
  app: App,
  settings: DeploymentSettings = readDeploymentSettings(app),
): GuichetStacks => {
  const env = {
    region: settings.region,
    ...(settings.account === undefined ? {} : { account: settings.account }),
  };
  const production = settings.stage.startsWith('prod');
  const prefix = `Guichet-${settings.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    settings,
    env,
    description: `Guichet ${settings.stage}: table, event bus, queues, buckets, secrets (retained)`,
    terminationProtection: production,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    settings,
    stateful,
    env,
    description: `Guichet ${settings.stage}: functions, API, rules, outbox pipe`,
  });
  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    stateful,
    functions: stateless.functions,
    env,
    description: `Guichet ${settings.stage}: alarms on dead letters and function errors`,
  });

  Tags.of(app).add('project', 'guichet');
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { settings, stateful, stateless, monitoring };
};
