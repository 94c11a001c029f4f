/** HTTP contract of the SLA compliance report. */
import { z } from 'zod';
import { priorities } from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { standardProblems } from './problem.ts';

const clockComplianceSchema = z.object({
  measured: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  compliancePercent: z.number().nullable(),
  meanBusinessSeconds: z.number().nullable(),
  p90BusinessSeconds: z.number().nullable(),
});

export const slaReportSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    rows: z.array(
      z.object({
        priority: z.enum([...priorities, 'all']),
        tickets: z.number().int(),
        firstResponse: clockComplianceSchema,
        resolution: clockComplianceSchema,
      }),
    ),
  })
  .meta({ id: 'SlaComplianceReport' });

export const getSlaReportOperation = defineContract({
  summary: 'SLA compliance of the tenant',
  description:
    'Tickets created in [from, to) per priority: measured, met, breached, compliance %, mean and p90 business time to first response and to resolution. Defaults to the last 30 days.',
  tags: ['SLA', 'Reports'],
  query: z
    .object({
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
    })
    .strict(),
  responses: {
    200: { description: 'The report', schema: slaReportSchema },
    ...standardProblems,
  },
});

// Per-provider report (#5)
const complianceRowSchema = z.object({
  priority: z.enum([...priorities, 'all']),
  tickets: z.number().int(),
  firstResponse: clockComplianceSchema,
  resolution: clockComplianceSchema,
});
const providerGroupShape = {
  rows: z.array(complianceRowSchema),
  pausedSecondsByReason: z.record(z.string(), z.number()).describe('Resolution clocks, business seconds'),
};

export const providerSlaReportSchema = z
  .object({
    providerId: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    overall: z.object(providerGroupShape),
    tenants: z.array(z.object({ tenantId: z.string(), ...providerGroupShape })),
    teams: z.array(z.object({ teamId: z.string(), ...providerGroupShape })),
  })
  .meta({ id: 'ProviderSlaComplianceReport' });

export const getProviderSlaReportOperation = defineContract({
  summary: "SLA compliance of the provider's work across the tenants engaging it",
  description:
    'Tickets routed to the caller’s provider and created in [from, to): compliance per tenant, per team and per priority (measured, met, breached, compliance %, mean and p90 business time) and paused time by reason. Read from the provider’s own index partitions. Defaults to the last 30 days.',
  tags: ['SLA', 'Reports', 'Provider'],
  query: z
    .object({
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
    })
    .strict(),
  responses: {
    200: { description: 'The report', schema: providerSlaReportSchema },
    ...standardProblems,
  },
});
