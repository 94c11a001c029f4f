/**
 * Builds Guichet's CDK app the way `cdk synth` does (the feature flags of cdk.json, the cdk-nag
 * plugin), minus asset bundling, and hands the tests its templates and its validation report.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import type { DeploymentManifest } from '../../infra/stacks/deployment-manifest.ts';
import type { DeploymentSettings } from '../../infra/stacks/deployment-settings.ts';
import { defineGuichetApp, type GuichetStacks } from '../../infra/stacks/guichet-app.ts';

export const TEST_SETTINGS: DeploymentSettings = { stage: 'ci', region: 'eu-west-1' };

const cdkJsonSchema = z.object({ context: z.record(z.string(), z.unknown()) });

/** The context of cdk.json (feature flags included), so tests synthesise what the CLI would. */
const cdkJsonContext = (): Record<string, unknown> =>
  cdkJsonSchema.parse(JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'))).context;

const violationSchema = z.object({
  ruleName: z.string(),
  severity: z.string().optional(),
  violatingConstructs: z.array(z.object({ constructPath: z.string() })),
});

const validationReportSchema = z.object({
  pluginReports: z.array(
    z.object({
      pluginName: z.string(),
      conclusion: z.string(),
      violations: z.array(violationSchema),
    }),
  ),
});

export type ValidationReport = z.infer<typeof validationReportSchema>;

export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly constructPath: string;
}

export interface GuichetSynthesis {
  readonly stacks: GuichetStacks;
  /** What `app.synth()` threw: the CDK throws when a validation plugin reports a failure. */
  readonly synthError: unknown;
  /** Every unacknowledged finding of every validation plugin, flattened. */
  readonly findings: readonly Finding[];
  readonly stateful: () => Template;
  readonly monitoring: () => Template;
  /** The template of any stack of the app (memoised: templates are read many times). */
  readonly templateOf: (stack: Stack) => Template;
}

export interface SynthOptions {
  /**
   * Also run CDK's built-in CloudFormation validation, as `cdk synth` does. It costs about ten
   * seconds (it loads every resource schema), so only the test that guards the full synth pays.
   */
  readonly cloudFormationValidation?: boolean;
  /** Adds constructs before synthesis, e.g. a deliberately non-compliant resource. */
  readonly extend?: (stacks: GuichetStacks) => void;
  /** Synthesise this manifest instead of Guichet's own (growth checks). */
  readonly manifest?: DeploymentManifest;
}

export const synthGuichet = (options: SynthOptions = {}): GuichetSynthesis => {
  const outdir = mkdtempSync(join(tmpdir(), 'guichet-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const stacks = defineGuichetApp(
    app,
    TEST_SETTINGS,
    options.manifest === undefined ? {} : { manifest: options.manifest },
  );
  options.extend?.(stacks);

  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }

  const report = validationReportSchema.parse(
    JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')),
  );
  const findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        plugin: plugin.pluginName,
        rule: violation.ruleName,
        severity: violation.severity ?? 'error',
        constructPath: construct.constructPath,
      })),
    ),
  );

  const templates = new Map<Stack, Template>();
  const templateOf = (stack: Stack): Template => {
    const known = templates.get(stack);
    if (known !== undefined) return known;
    const template = Template.fromStack(stack);
    templates.set(stack, template);
    return template;
  };
  return {
    stacks,
    synthError,
    findings,
    stateful: () => templateOf(stacks.stateful),
    monitoring: () => templateOf(stacks.monitoring),
    templateOf,
  };
};

/** The logical id of a construct's CloudFormation resource in its stack's template. */
export const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const element = construct.node.defaultChild;
  if (!(element instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(element);
};
