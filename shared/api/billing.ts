/** HTTP contracts of billing: live usage, period close, statements (with client mix), exports. */
import { z } from 'zod';
import { statementSchema } from '../domain/billing/statement-schema.ts';
import { PERIOD_PATTERN } from '../domain/billing/usage-fact.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';

const periodSchema = z.string().regex(PERIOD_PATTERN, 'a billing period YYYY-MM (UTC month)');
const tenantFilter = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional()
  .describe('Provider and platform finance: narrow to one client tenant');

export const clientShareSchema = z
  .object({
    tenantId: z.string(),
    tenantName: z.string(),
    currency: z.string(),
    billed: z.string(),
    share: z.string(),
    role: z.enum(['primary', 'secondary']),
  })
  .meta({ id: 'BillingClientShare' });

export const usageViewSchema = z
  .object({
    period: z.string(),
    engagements: z.array(z.object({ status: z.enum(['open', 'closed']), statement: statementSchema })),
  })
  .meta({ id: 'BillingUsage' });

export const statementListSchema = z
  .object({ items: z.array(statementSchema), clientMix: z.array(clientShareSchema) })
  .meta({ id: 'BillingStatementList' });

export const exportLinksSchema = z
  .object({
    period: z.string(),
    scope: z.string(),
    expiresInSeconds: z.number().int(),
    files: z.object({ 'statement.csv': z.url(), 'focus.csv': z.url(), 'manifest.json': z.url() }),
  })
  .meta({ id: 'BillingExportLinks' });

const conflictProblems = {
  412: {
    description: 'The period has not ended, or is not closed for every engagement',
    schema: problemSchema,
  },
};

export const getBillingUsageOperation = defineContract({
  summary: 'Live usage',
  description:
    'Counters of a period (default: the current one) rated with each engagement price book, live; a closed period shows its frozen statement.',
  tags: ['Billing'],
  query: z.object({ period: periodSchema.optional(), tenantId: tenantFilter }).strict(),
  responses: { 200: { description: 'Usage per engagement', schema: usageViewSchema }, ...standardProblems },
});

export const closeBillingPeriodOperation = defineContract({
  summary: 'Close a billing period',
  description:
    "Freezes the rated statements of the caller's scope (a tenant, or a provider's book) for a period that has ended, and writes its exports. Idempotent.",
  tags: ['Billing'],
  path: z.object({ period: periodSchema }),
  query: z.object({ tenantId: tenantFilter }).strict(),
  responses: {
    200: { description: 'The frozen statements', schema: statementListSchema },
    ...standardProblems,
    ...conflictProblems,
  },
});

export const listBillingStatementsOperation = defineContract({
  summary: 'Statements',
  description:
    "Frozen statements of the caller's scope, with the client mix (each client's share of billed work).",
  tags: ['Billing'],
  query: z.object({ period: periodSchema.optional(), tenantId: tenantFilter }).strict(),
  responses: { 200: { description: 'Statements', schema: statementListSchema }, ...standardProblems },
});

export const getBillingExportOperation = defineContract({
  summary: 'Download a period export',
  description: 'Presigned links to the CSV, the FOCUS file and the manifest of a closed period.',
  tags: ['Billing'],
  path: z.object({ period: periodSchema }),
  query: z.object({ tenantId: tenantFilter }).strict(),
  responses: {
    200: { description: 'Download links', schema: exportLinksSchema },
    ...standardProblems,
    ...conflictProblems,
  },
});
