/**
 * Entry point of `cdk synth` / `cdk deploy` (see cdk.json): one stage in one region per run,
 * e.g. `npx cdk deploy --all -c stage=prod-eu -c region=eu-west-1`.
 */
import { App } from 'aws-cdk-lib';
import { defineGuichetApp } from './stacks/guichet-app.ts';

const app = new App();
defineGuichetApp(app);
app.synth();
