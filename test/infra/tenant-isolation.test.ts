/**
 * Tenant isolation, as IAM will enforce it: tenant data is reachable only through the
 * data-access roles, whose every DynamoDB statement is confined by `dynamodb:LeadingKeys` to the
 * session's tenant (or provider) prefix; function roles reach `PLATFORM#` items only; nothing,
 * anywhere, grants `dynamodb:Scan` or unconditioned access to the table.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DATA_ACCESS_TAG,
  ITEM_READ_ACTIONS,
  ITEM_WRITE_ACTIONS,
  STAGE_TAG,
} from '../../infra/constructs/tenant-data-access.ts';
import { type FunctionSpec, functions, type TableAccess } from '../../infra/manifest.ts';
import { tableIndexes } from '../../shared/adapters/dynamodb/table-definition.ts';
import { type GuichetSynthesis, logicalIdOf, synthGuichet, TEST_SETTINGS } from './guichet-synth.ts';
import {
  actionCovers,
  type OutputsByStack,
  outputsByStack,
  type PolicyStatement,
  policyStatementsOf,
  referencedLogicalIds,
  referencedResources,
  resourcesOf,
  type TemplateResource,
} from './template-queries.ts';

/** Every DynamoDB action that reads or writes items, whichever API it comes through. */
const TABLE_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
];

// The literal strings IAM must receive; `${…}` here is an IAM policy variable.
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable.
const TENANT_PATTERN = 'TENANT#${aws:PrincipalTag/TenantId}#*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variable.
const PROVIDER_PATTERN = 'PROVIDER#${aws:PrincipalTag/ProviderId}#*';

const functionSpecs: ReadonlyArray<readonly [string, FunctionSpec]> = Object.entries(functions);

/** Whether an Allow statement grants the action (through `Action` or a `NotAction` that spares it). */
const grants = (statement: PolicyStatement, action: string): boolean => {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action !== undefined)
    return statement.Action.some((pattern) => actionCovers(pattern, action));
  return !(statement.NotAction ?? []).some((pattern) => actionCovers(pattern, action));
};

const leadingKeysOf = (statement: PolicyStatement): unknown =>
  statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

let synthesis: GuichetSynthesis;
let outputs: OutputsByStack;
let allStatements: PolicyStatement[];

beforeAll(() => {
  synthesis = synthGuichet();
  if (synthesis.synthError !== undefined) throw synthesis.synthError;
  const templates = new Map(
    synthesis.stacks.all.map((stack) => [stack.stackName, synthesis.templateOf(stack).toJSON()]),
  );
  outputs = outputsByStack(templates);
  allStatements = [...templates.values()].flatMap((template) => policyStatementsOf(template));
}, 60_000);

const templateOf = (stackName: string): unknown => {
  const stack = synthesis.stacks.all.find((candidate) => candidate.stackName === stackName);
  if (stack === undefined) throw new Error(`No stack ${stackName}`);
  return synthesis.templateOf(stack).toJSON();
};

/** `<stack>/<logicalId>` of a construct's CloudFormation resource. */
const refOf = (construct: IConstruct): string => {
  const stack = Stack.of(construct);
  return `${stack.stackName}/${logicalIdOf(stack, construct)}`;
};
const splitRef = (ref: string): { stackName: string; logicalId: string } => {
  const [stackName = '', logicalId = ''] = ref.split('/');
  return { stackName, logicalId };
};

const dataRoleRef = (access: TableAccess): string | undefined => {
  const role = synthesis.stacks.dataAccess.dataAccess.roleFor(access);
  return role === undefined ? undefined : refOf(role);
};

const functionRoleRef = (name: string): string => {
  const fn = synthesis.stacks.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  return refOf(fn.role);
};

const roleResource = (roleRef: string): TemplateResource | undefined => {
  const { stackName, logicalId } = splitRef(roleRef);
  return resourcesOf(templateOf(stackName), 'AWS::IAM::Role').find(
    (candidate) => candidate.logicalId === logicalId,
  );
};

/** Statements of the identity policies attached to a role (its inline policies included). */
const statementsOfRole = (roleRef: string): PolicyStatement[] => {
  const { stackName, logicalId } = splitRef(roleRef);
  const attached = resourcesOf(templateOf(stackName), 'AWS::IAM::Policy').filter((policy) =>
    referencedLogicalIds(policy.Properties?.Roles).has(logicalId),
  );
  const inline = policyStatementsOf({
    Resources: {
      role: { Type: 'inline', Properties: { Policies: roleResource(roleRef)?.Properties?.Policies } },
    },
  });
  return [...attached.flatMap((policy) => policyStatementsOf({ Resources: { policy } })), ...inline];
};

const trustStatementsOf = (roleRef: string): PolicyStatement[] =>
  policyStatementsOf({
    Resources: {
      trust: {
        Type: 'trust',
        Properties: { Document: roleResource(roleRef)?.Properties?.AssumeRolePolicyDocument },
      },
    },
  });

const tagsSchema = z.array(z.object({ Key: z.string(), Value: z.string() }));
const roleTags = (roleRef: string): Record<string, string> =>
  Object.fromEntries(
    tagsSchema.parse(roleResource(roleRef)?.Properties?.Tags ?? []).map((tag) => [tag.Key, tag.Value]),
  );

describe('no blanket access to the table', () => {
  it('grants dynamodb:Scan nowhere', () => {
    const offenders = allStatements.filter((statement) => grants(statement, 'dynamodb:Scan'));
    expect(offenders.map((statement) => statement.owner)).toEqual([]);
  });

  it('confines every statement that touches items to a key prefix ending in "#*"', () => {
    const dataStatements = allStatements.filter((statement) =>
      TABLE_DATA_ACTIONS.some((action) => grants(statement, action)),
    );
    expect(dataStatements.length).toBeGreaterThan(0);
    for (const statement of dataStatements) {
      expect(leadingKeysOf(statement), statement.owner).toEqual([
        expect.stringMatching(
          /^(TENANT#\$\{aws:PrincipalTag\/TenantId\}#|PROVIDER#\$\{aws:PrincipalTag\/ProviderId\}#|PLATFORM#)\*$/,
        ),
      ]);
      // ForAllValues is vacuously true without keys: the request must carry leading keys.
      expect(statement.Condition?.Null?.['dynamodb:LeadingKeys'], statement.owner).toBe('false');
    }
  });
});

describe('data-access roles', () => {
  it.each(['read', 'read-write'] as const)(
    'the %s role reaches tenant items by the TenantId tag only',
    (access) => {
      const roleRef = dataRoleRef(access);
      if (roleRef === undefined) return; // no function of the manifest has this access
      const tenant = statementsOfRole(roleRef).filter((statement) => statement.Sid === 'TenantItems');
      expect(tenant).toHaveLength(1);
      expect(leadingKeysOf(tenant[0] ?? { Effect: 'Deny', owner: '' })).toEqual([TENANT_PATTERN]);
      const expected =
        access === 'read' ? [...ITEM_READ_ACTIONS] : [...ITEM_READ_ACTIONS, ...ITEM_WRITE_ACTIONS];
      expect([...(tenant[0]?.Action ?? [])].sort()).toEqual(expected.sort());
    },
  );

  it.each(['read', 'read-write'] as const)(
    'the %s role queries provider queues on the indexes only',
    (access) => {
      const roleRef = dataRoleRef(access);
      if (roleRef === undefined) return;
      const provider = statementsOfRole(roleRef).filter(
        (statement) => statement.Sid === 'ProviderQueueIndexes',
      );
      expect(provider).toHaveLength(1);
      expect(provider[0]?.Action).toEqual(['dynamodb:Query']);
      expect(leadingKeysOf(provider[0] ?? { Effect: 'Deny', owner: '' })).toEqual([PROVIDER_PATTERN]);
      const resources = JSON.stringify(provider[0]?.Resource);
      for (const index of tableIndexes) expect(resources).toContain(`/index/${index.name}"`);
      expect(resources).not.toContain('/index/*');
    },
  );

  it.each(['read', 'read-write'] as const)(
    'the %s role trusts only roles of this account tagged with that access and this stage',
    (access) => {
      const roleRef = dataRoleRef(access);
      const admitted = functionSpecs.filter(([, spec]) => spec.table === access);
      if (roleRef === undefined) {
        expect(admitted).toEqual([]);
        return;
      }
      const trust = trustStatementsOf(roleRef);
      for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
        const statements = trust.filter((statement) => grants(statement, action));
        expect(statements, action).toHaveLength(1);
        const [statement] = statements;
        // The account itself, never a wildcard: the identity policy of the caller must also allow it.
        expect(JSON.stringify(statement?.Principal)).toMatch(
          /^\{"AWS":\{"Fn::Join":\["",\["arn:aws:iam::",\{"Ref":"AWS::AccountId"\},":root"\]\]\}\}$/,
        );
        expect(statement?.Condition?.StringEquals, action).toEqual({
          [`aws:PrincipalTag/${DATA_ACCESS_TAG}`]: access,
          [`aws:PrincipalTag/${STAGE_TAG}`]: TEST_SETTINGS.stage,
        });
      }
      const tagSession = trust.find((statement) => grants(statement, 'sts:TagSession'));
      expect(tagSession?.Condition?.['ForAllValues:StringEquals']?.['aws:TagKeys']).toEqual([
        'TenantId',
        'ProviderId',
      ]);
    },
  );

  it('tags exactly the function roles with table access with their access and the stage', () => {
    for (const [name, spec] of functionSpecs) {
      const tags = roleTags(functionRoleRef(name));
      if (spec.table === 'none') {
        expect(tags[DATA_ACCESS_TAG], name).toBeUndefined();
        continue;
      }
      expect(tags[DATA_ACCESS_TAG], name).toBe(spec.table);
      expect(tags[STAGE_TAG], name).toBe(TEST_SETTINGS.stage);
    }
  });
});

describe.each(functionSpecs)('function %s', (name, spec) => {
  it(`reaches platform items only, ${spec.table === 'none' ? 'not at all' : `for ${spec.table}`}`, () => {
    const dynamo = statementsOfRole(functionRoleRef(name)).filter((statement) =>
      TABLE_DATA_ACTIONS.some((action) => grants(statement, action)),
    );
    if (spec.table === 'none') {
      expect(dynamo).toEqual([]);
      return;
    }
    expect(dynamo).toHaveLength(1);
    expect(leadingKeysOf(dynamo[0] ?? { Effect: 'Deny', owner: '' })).toEqual(['PLATFORM#*']);
    const writes = ITEM_WRITE_ACTIONS.some((action) => dynamo.some((statement) => grants(statement, action)));
    expect(writes).toBe(spec.table === 'read-write');
  });

  it('may assume only the data-access role matching its access', () => {
    const roleRef = functionRoleRef(name);
    const assumable = statementsOfRole(roleRef)
      .filter((statement) => grants(statement, 'sts:AssumeRole'))
      .flatMap((statement) => [
        ...referencedResources(statement.Resource, splitRef(roleRef).stackName, outputs),
      ]);
    const expected = dataRoleRef(spec.table);
    expect(assumable).toEqual(spec.table === 'none' || expected === undefined ? [] : [expected]);
  });
});
