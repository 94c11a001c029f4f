/**
 * Tenant isolation in IAM. Handlers never touch tenant data with their own role: they assume a
 * data-access role with a `TenantId` (or `ProviderId`) session tag, and that role's policy only
 * matches partition keys that begin with the tagged prefix (`dynamodb:LeadingKeys`). A bug in a
 * handler therefore cannot read or write another tenant's items; IAM refuses the request.
 *
 * There are two such roles, one read-only and one read-write, and a function may assume only the
 * one matching its manifest `table` access. A function's own role reaches `PLATFORM#` items only.
 * No statement here or anywhere else grants `dynamodb:Scan`.
 */

import { Stack, Tags } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SESSION_TAG_KEYS } from '../../shared/adapters/aws/scoped-credentials.ts';
import { tableIndexes } from '../../shared/adapters/dynamodb/table-definition.ts';
import type { TableAccess } from '../manifest.ts';
import type { GuichetFunction } from './guichet-function.ts';

/** Session tag keys: the ones the scoped-credentials adapter sets when it assumes the role. */
export const TENANT_TAG = SESSION_TAG_KEYS.tenant;
export const PROVIDER_TAG = SESSION_TAG_KEYS.provider;

/** The `#` after the id matters: without it tenant `ab` would match tenant `abc`'s keys. */
export const TENANT_LEADING_KEYS = `TENANT#\${aws:PrincipalTag/${TENANT_TAG}}#*`;
export const PROVIDER_LEADING_KEYS = `PROVIDER#\${aws:PrincipalTag/${PROVIDER_TAG}}#*`;
export const PLATFORM_LEADING_KEYS = 'PLATFORM#*';

export const ITEM_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const ITEM_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  // Condition checks are how `TransactWriteItems` guards an item it does not write.
  'dynamodb:ConditionCheckItem',
] as const;

const itemActionsFor = (access: 'read' | 'read-write'): string[] =>
  access === 'read' ? [...ITEM_READ_ACTIONS] : [...ITEM_READ_ACTIONS, ...ITEM_WRITE_ACTIONS];

/** The table and each of its indexes by name: no `index/*` wildcard. */
export const tableAndIndexArns = (table: dynamodb.Table): string[] => [table.tableArn, ...indexArns(table)];

const indexArns = (table: dynamodb.Table): string[] =>
  tableIndexes.map((index) => `${table.tableArn}/index/${index.name}`);

/**
 * Conditions that confine every key a request touches to one prefix. `ForAllValues` is true on
 * an empty set, so the `Null` check also demands that the request carries leading keys at all.
 */
const leadingKeysCondition = (pattern: string) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [pattern] },
  Null: { 'dynamodb:LeadingKeys': 'false' },
});

/**
 * Tag values that would turn into a wildcard or a prefix separator once substituted into
 * `LeadingKeys`: `${*}` and `${?}` are IAM's escapes for a literal `*` and `?`.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy escapes, not a JavaScript template.
const UNSAFE_TAG_VALUES = ['*#*', '*${*}*', '*${?}*'];

/**
 * Session tags may carry only the two scope keys, and no unsafe value. The adapter refuses
 * such ids before calling STS; this is the backstop if a function role were misused.
 */
const sessionTagConditions = {
  'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG, PROVIDER_TAG] },
  StringNotLike: {
    [`aws:RequestTag/${TENANT_TAG}`]: UNSAFE_TAG_VALUES,
    [`aws:RequestTag/${PROVIDER_TAG}`]: UNSAFE_TAG_VALUES,
  },
};

/**
 * Role tags that admit a function role to a data-access role: the trust policy names no role
 * (listing every function role would exceed IAM's trust policy size limit as functions are
 * added, and would make the data-access roles depend on every function stack), it trusts this
 * account's principals that carry both tags, and each function role's own policy names the one
 * data-access role it may assume. Both are needed: same-account trust of the account itself
 * still requires the identity policy grant.
 */
export const DATA_ACCESS_TAG = 'guichet-data-access';
export const STAGE_TAG = 'guichet-stage';

export interface TenantDataAccessProps {
  readonly table: dynamodb.Table;
  readonly stage: string;
  /** The access levels some function of the manifest has: a role exists only for these. */
  readonly accesses: Iterable<TableAccess>;
}

type ScopedAccess = Exclude<TableAccess, 'none'>;

export class TenantDataAccess extends Construct {
  readonly stage: string;
  readonly #roles = new Map<ScopedAccess, iam.Role>();

  constructor(scope: Construct, id: string, props: TenantDataAccessProps) {
    super(scope, id);
    this.stage = props.stage;
    for (const access of new Set(props.accesses)) {
      if (access === 'none') continue;
      this.#roles.set(access, this.#dataAccessRole(access, props.table));
    }
  }

  /** The data-access role for this access level, if any function of the manifest has it. */
  roleFor(access: TableAccess): iam.Role | undefined {
    return access === 'none' ? undefined : this.#roles.get(access);
  }

  get roles(): readonly iam.Role[] {
    return [...this.#roles.values()];
  }

  /**
   * Lets the function assume the role of its access level, and only that one: the role's
   * trust policy admits roles tagged with this access and stage, the function's policy names
   * the role.
   */
  admit(fn: GuichetFunction, access: ScopedAccess): void {
    const role = this.#roles.get(access);
    if (role === undefined) throw new Error(`No ${access} data-access role for ${fn.node.id}`);
    Tags.of(fn.role).add(DATA_ACCESS_TAG, access);
    Tags.of(fn.role).add(STAGE_TAG, this.stage);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTenantDataAccess',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [role.roleArn],
      }),
    );
  }

  #dataAccessRole(access: ScopedAccess, table: dynamodb.Table): iam.Role {
    const id = access === 'read' ? 'ReadRole' : 'ReadWriteRole';
    const account = new iam.AccountPrincipal(Stack.of(this).account);
    const admittedPrincipals = {
      StringEquals: {
        [`aws:PrincipalTag/${DATA_ACCESS_TAG}`]: access,
        [`aws:PrincipalTag/${STAGE_TAG}`]: this.stage,
      },
    };
    const role = new iam.Role(this, id, {
      assumedBy: new iam.PrincipalWithConditions(account, admittedPrincipals),
      description: `Guichet tenant data (${access}), confined by session tag to one tenant or provider`,
      inlinePolicies: {
        TenantScopedItems: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'TenantItems',
              actions: itemActionsFor(access),
              resources: tableAndIndexArns(table),
              conditions: leadingKeysCondition(TENANT_LEADING_KEYS),
            }),
            new iam.PolicyStatement({
              sid: 'ProviderQueueIndexes',
              actions: ['dynamodb:Query'],
              resources: indexArns(table),
              conditions: leadingKeysCondition(PROVIDER_LEADING_KEYS),
            }),
          ],
        }),
      },
    });
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [account],
        conditions: { ...sessionTagConditions, ...admittedPrincipals },
      }),
    );
    return role;
  }
}

/** What `GUICHET_DATA_ACCESS_ROLE_ARN` holds for a function that may not touch tenant data. */
export const NO_DATA_ACCESS_ROLE = 'none';

export interface TableBinding {
  readonly table: dynamodb.Table;
  readonly dataAccess: TenantDataAccess;
}

/**
 * Binds a function to the table: sets `GUICHET_TABLE_NAME` and `GUICHET_DATA_ACCESS_ROLE_ARN`
 * and grants the function's own role the narrowest access to platform items (`PLATFORM#…`).
 * Tenant data is reached only through the data-access role, which `TenantDataAccess.admit` opens.
 * `none` still receives the variables (the runtime configuration requires them) and nothing else.
 */
export const bindTable = (
  fn: GuichetFunction,
  access: TableAccess,
  { table, dataAccess }: TableBinding,
): void => {
  fn.setEnvironment('GUICHET_TABLE_NAME', table.tableName);
  fn.setEnvironment(
    'GUICHET_DATA_ACCESS_ROLE_ARN',
    dataAccess.roleFor(access)?.roleArn ?? NO_DATA_ACCESS_ROLE,
  );
  if (access === 'none') return;
  dataAccess.admit(fn, access);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PlatformItems',
      actions: itemActionsFor(access),
      resources: tableAndIndexArns(table),
      conditions: leadingKeysCondition(PLATFORM_LEADING_KEYS),
    }),
  );
};
