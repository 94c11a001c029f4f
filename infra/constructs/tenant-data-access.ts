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

export interface TenantDataAccessProps {
  readonly table: dynamodb.Table;
  /** Every function of the stage; each is admitted to the role matching its manifest `table` access. */
  readonly functions: Iterable<GuichetFunction>;
}

type ScopedAccess = Exclude<TableAccess, 'none'>;

export class TenantDataAccess extends Construct {
  readonly #roles = new Map<ScopedAccess, iam.Role>();

  constructor(scope: Construct, id: string, props: TenantDataAccessProps) {
    super(scope, id);
    const admitted = new Map<ScopedAccess, GuichetFunction[]>();
    for (const fn of props.functions) {
      const access = fn.spec.table;
      if (access === 'none') continue;
      admitted.set(access, [...(admitted.get(access) ?? []), fn]);
    }
    // A role exists only if some function may assume it, so its trust policy is never empty.
    for (const [access, fns] of admitted)
      this.#roles.set(access, this.#dataAccessRole(access, fns, props.table));
  }

  /** The data-access role for this access level, if any function of the manifest has it. */
  roleFor(access: TableAccess): iam.Role | undefined {
    return access === 'none' ? undefined : this.#roles.get(access);
  }

  get roles(): readonly iam.Role[] {
    return [...this.#roles.values()];
  }

  #dataAccessRole(access: ScopedAccess, fns: readonly GuichetFunction[], table: dynamodb.Table): iam.Role {
    const id = access === 'read' ? 'ReadRole' : 'ReadWriteRole';
    const principals = fns.map((fn) => new iam.ArnPrincipal(fn.role.roleArn));
    const role = new iam.Role(this, id, {
      assumedBy: new iam.CompositePrincipal(...principals),
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
      new iam.PolicyStatement({ actions: ['sts:TagSession'], principals, conditions: sessionTagConditions }),
    );
    for (const fn of fns) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [role.roleArn] }),
      );
    }
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
 * Tenant data is reached only through the data-access role, admitted by `TenantDataAccess`.
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
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PlatformItems',
      actions: itemActionsFor(access),
      resources: tableAndIndexArns(table),
      conditions: leadingKeysCondition(PLATFORM_LEADING_KEYS),
    }),
  );
};
