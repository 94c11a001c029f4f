/**
 * Small readers over synthesised CloudFormation templates: IAM statements wherever they occur,
 * API Gateway resource paths, and resources by type, parsed rather than cast.
 */
import { z } from 'zod';

const resourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
  DeletionPolicy: z.string().optional(),
});
const templateSchema = z.object({ Resources: z.record(z.string(), resourceSchema) });

export type TemplateResource = z.infer<typeof resourceSchema> & { readonly logicalId: string };

export const resourcesOf = (template: unknown, type?: string): TemplateResource[] =>
  Object.entries(templateSchema.parse(template).Resources)
    .filter(([, resource]) => type === undefined || resource.Type === type)
    .map(([logicalId, resource]) => ({ ...resource, logicalId }));

const stringOrList = z.union([z.string(), z.array(z.string())]).transform((value) => [value].flat());

const statementSchema = z.object({
  Effect: z.enum(['Allow', 'Deny']),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: z.unknown().optional(),
  Principal: z.unknown().optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  Sid: z.string().optional(),
});

export type PolicyStatement = z.infer<typeof statementSchema> & { readonly owner: string };

/** Every policy statement in the template (identity, trust, resource and key policies alike). */
export const policyStatementsOf = (template: unknown): PolicyStatement[] => {
  const found: PolicyStatement[] = [];
  const visit = (value: unknown, owner: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, owner);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const statement = statementSchema.safeParse(value);
    if (statement.success && ('Action' in value || 'NotAction' in value)) {
      found.push({ ...statement.data, owner });
      return;
    }
    for (const child of Object.values(value)) visit(child, owner);
  };
  for (const resource of resourcesOf(template)) visit(resource.Properties, resource.logicalId);
  return found;
};

/** Whether an IAM action pattern (`dynamodb:*`, `dynamodb:Sc*`, `*`) covers the action. */
export const actionCovers = (pattern: string, action: string): boolean => {
  const regex = new RegExp(
    `^${pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return regex.test(action);
};

const refSchema = z.object({ Ref: z.string() });
const rootResourceSchema = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('RootResourceId')]) });

/** `/v1/tickets/{ticketId}` for each `AWS::ApiGateway::Resource` logical id, rebuilt from parent links. */
export const apiResourcePaths = (template: unknown): Map<string, string> => {
  const resources = new Map(
    resourcesOf(template, 'AWS::ApiGateway::Resource').map((resource) => [
      resource.logicalId,
      z.object({ PathPart: z.string(), ParentId: z.unknown() }).parse(resource.Properties),
    ]),
  );
  const pathOf = (logicalId: string): string => {
    const resource = resources.get(logicalId);
    if (resource === undefined) throw new Error(`Unknown API resource ${logicalId}`);
    if (rootResourceSchema.safeParse(resource.ParentId).success) return `/${resource.PathPart}`;
    return `${pathOf(refSchema.parse(resource.ParentId).Ref)}/${resource.PathPart}`;
  };
  return new Map([...resources.keys()].map((logicalId) => [logicalId, pathOf(logicalId)]));
};

/** The logical id inside `{ Ref }` or `{ Fn::GetAtt: [id, attr] }`. */
export const referencedLogicalId = (value: unknown): string | undefined => {
  const ref = refSchema.safeParse(value);
  if (ref.success) return ref.data.Ref;
  const getAtt = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.string()]) }).safeParse(value);
  return getAtt.success ? getAtt.data['Fn::GetAtt'][0] : undefined;
};

/** Every logical id referenced anywhere inside a value (for integration URIs built with Fn::Join). */
export const referencedLogicalIds = (value: unknown): Set<string> => {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    const id = referencedLogicalId(node);
    if (id !== undefined) ids.add(id);
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (typeof node === 'object' && node !== null) for (const child of Object.values(node)) visit(child);
  };
  visit(value);
  return ids;
};

const stackOutputSchema = z.object({
  'Fn::GetStackOutput': z.object({ StackName: z.string(), OutputName: z.string() }),
});
const outputsSchema = z.object({
  Outputs: z.record(z.string(), z.object({ Value: z.unknown() })).optional(),
});

/** Each stack's outputs (name → value), to follow the weak cross-stack references of the app. */
export type OutputsByStack = ReadonlyMap<string, Readonly<Record<string, { readonly Value: unknown }>>>;

export const outputsByStack = (templates: ReadonlyMap<string, unknown>): OutputsByStack =>
  new Map(
    [...templates].map(([stackName, template]) => [stackName, outputsSchema.parse(template).Outputs ?? {}]),
  );

/**
 * Every resource a value references, as `<stack>/<logicalId>`: `Ref`/`Fn::GetAtt` name a
 * resource of the value's own stack, `Fn::GetStackOutput` (CDK's weak cross-stack reference) is
 * followed to the output of the producing stack.
 */
export const referencedResources = (
  value: unknown,
  stackName: string,
  outputs: OutputsByStack,
): Set<string> => {
  const found = new Set<string>();
  const visit = (node: unknown, stack: string): void => {
    const crossStack = stackOutputSchema.safeParse(node);
    if (crossStack.success) {
      const { StackName, OutputName } = crossStack.data['Fn::GetStackOutput'];
      const output = outputs.get(StackName)?.[OutputName];
      if (output === undefined) throw new Error(`${StackName} has no output ${OutputName}`);
      visit(output.Value, StackName);
      return;
    }
    const id = referencedLogicalId(node);
    if (id !== undefined && !id.startsWith('AWS::')) found.add(`${stack}/${id}`);
    if (Array.isArray(node)) for (const item of node) visit(item, stack);
    else if (typeof node === 'object' && node !== null)
      for (const child of Object.values(node)) visit(child, stack);
  };
  visit(value, stackName);
  return found;
};
