/** The stored shape of a routing decision (kept as JSON beside the ticket), parsed on read. */
import { z } from 'zod';
import { assignmentStrategies } from '../../domain/routing/routing-directory.ts';

const target = z.object({ providerId: z.string(), teamId: z.string() });

export const routingRecordSchema = z.object({
  decidedAt: z.string(),
  rulesSource: z.enum(['tenant', 'directory_default']),
  rules: z.object({
    target: target.nullable(),
    matchedRuleId: z.string().nullable(),
    verdicts: z.array(z.object({ ruleId: z.string(), matched: z.boolean(), failed: z.array(z.string()) })),
  }),
  entitled: z.boolean().nullable(),
  engagementId: z.string().nullable().optional(),
  team: z.object({ providerId: z.string(), teamId: z.string(), tier: z.number().int() }).nullable(),
  assignment: z
    .object({
      agentId: z.string().nullable(),
      strategy: z.enum(assignmentStrategies),
      candidates: z.array(
        z.object({
          agentId: z.string(),
          eligible: z.boolean(),
          picked: z.boolean(),
          load: z.number(),
          reasons: z.array(z.string()),
        }),
      ),
    })
    .nullable(),
});
