/**
 * Tenant isolation, as IAM will enforce it: tenant data is reachable only through the
 * data-access roles, whose every DynamoDB statement is confined by `dynamodb:LeadingKeys` to the
 * session's tenant (or provider) prefix; function roles reach `PLATFORM#` items only; nothing,
 * anywhere, grants `dynamodb:Scan` or unconditioned access to the table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ITEM_READ_ACTIONS, ITEM_WRITE_ACTIONS } from '../../infra/constructs/tenant-data-access.ts';
import { type FunctionSpec, functions, type TableAccess } from '../../infra/manifest.ts';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.ts';
import { tableIndexes } from '../../shared/adapters/dynamodb/table-definition.ts';
import { logicalIdOf, synthGuichet } from './guichet-synth.ts';
import {
  actionCovers,
  type PolicyStatement,
  policyStatementsOf,
  referencedLogicalIds,
  resourcesOf,
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

let stack: StatelessStack;
let template: unknown;
let allStatements: PolicyStatement[];

beforeAll(() => {
  const synthesis = synthGuichet();
  if (synthesis.synthError !== undefined) throw synthesis.synthError;
  stack = synthesis.stacks.stateless;
  template = synthesis.stateless().toJSON();
  allStatements = [...policyStatementsOf(synthesis.stateful().toJSON()), ...policyStatementsOf(template)];
}, 60_000);

const dataRoleId = (access: TableAccess): string | undefined => {
  const role = stack.dataAccess.roleFor(access);
  return role === undefined ? undefined : logicalIdOf(stack, role);
};

const functionRoleId = (name: string): string => {
  const fn = stack.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  return logicalIdOf(stack, fn.role);
};

/** Statements of the identity policies attached to a role (its inline policies included). */
const statementsOfRole = (roleId: string): PolicyStatement[] => {
  const attached = resourcesOf(template, 'AWS::IAM::Policy').filter((policy) =>
    referencedLogicalIds(policy.Properties?.Roles).has(roleId),
  );
  const role = resourcesOf(template, 'AWS::IAM::Role').find((candidate) => candidate.logicalId === roleId);
  const inline = policyStatementsOf({
    Resources: { role: { Type: 'inline', Properties: { Policies: role?.Properties?.Policies } } },
  });
  return [...attached.flatMap((policy) => policyStatementsOf({ Resources: { policy } })), ...inline];
};

const trustStatementsOf = (roleId: string): PolicyStatement[] => {
  const role = resourcesOf(template, 'AWS::IAM::Role').find((candidate) => candidate.logicalId === roleId);
  return policyStatementsOf({
    Resources: {
      trust: { Type: 'trust', Properties: { Document: role?.Properties?.AssumeRolePolicyDocument } },
    },
  });
};

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
      const roleId = dataRoleId(access);
      if (roleId === undefined) return; // no function of the manifest has this access
      const tenant = statementsOfRole(roleId).filter((statement) => statement.Sid === 'TenantItems');
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
      const roleId = dataRoleId(access);
      if (roleId === undefined) return;
      const provider = statementsOfRole(roleId).filter(
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
    'the %s role trusts exactly the functions with that access',
    (access) => {
      const roleId = dataRoleId(access);
      const expected = functionSpecs
        .filter(([, spec]) => spec.table === access)
        .map(([name]) => functionRoleId(name));
      if (roleId === undefined) {
        expect(expected).toEqual([]);
        return;
      }
      const trust = trustStatementsOf(roleId);
      for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
        const trusted = trust
          .filter((statement) => grants(statement, action))
          .flatMap((statement) => [...referencedLogicalIds(statement.Principal)]);
        expect(trusted.sort(), action).toEqual([...expected].sort());
      }
      const tagSession = trust.find((statement) => grants(statement, 'sts:TagSession'));
      expect(tagSession?.Condition?.['ForAllValues:StringEquals']?.['aws:TagKeys']).toEqual([
        'TenantId',
        'ProviderId',
      ]);
    },
  );
});

describe.each(functionSpecs)('function %s', (name, spec) => {
  it(`reaches platform items only, ${spec.table === 'none' ? 'not at all' : `for ${spec.table}`}`, () => {
    const dynamo = statementsOfRole(functionRoleId(name)).filter((statement) =>
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
    const assumable = statementsOfRole(functionRoleId(name))
      .filter((statement) => grants(statement, 'sts:AssumeRole'))
      .flatMap((statement) => [...referencedLogicalIds(statement.Resource)]);
    const expected = dataRoleId(spec.table);
    expect(assumable).toEqual(spec.table === 'none' || expected === undefined ? [] : [expected]);
  });
});
