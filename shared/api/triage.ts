/** HTTP contracts of triage: the tenant's ordered keyword rules. */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { ticketTypes } from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { standardProblems } from './problem.ts';

export const triageRuleSchema = z
  .object({
    ruleId: z.string().regex(ID_PATTERN),
    keywords: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
    setType: z.enum(ticketTypes).optional(),
    setCategory: z.string().trim().min(1).max(100).optional(),
    setService: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((rule) => rule.setType ?? rule.setCategory ?? rule.setService, {
    message: 'a rule must set at least one of setType, setCategory, setService',
  })
  .meta({ id: 'TriageRule' });

export const triageRulesSchema = z
  .object({ rules: z.array(triageRuleSchema).max(200) })
  .strict()
  .refine((body) => new Set(body.rules.map((rule) => rule.ruleId)).size === body.rules.length, {
    message: 'ruleId must be unique',
  })
  .meta({ id: 'TriageRules' });

export const getTriageRulesOperation = defineContract({
  summary: "Read the tenant's triage rules",
  description: 'Ordered keyword rules that classify tickets at intake when the requester did not.',
  tags: ['Triage'],
  responses: { 200: { description: 'The rules, in order', schema: triageRulesSchema }, ...standardProblems },
});

export const putTriageRulesOperation = defineContract({
  summary: "Replace the tenant's triage rules",
  description:
    'The whole ordered list. At intake, the first rule whose keyword appears (whole words, case and accents ignored) in the subject or description fills each field the requester left out.',
  tags: ['Triage'],
  body: triageRulesSchema,
  responses: {
    200: { description: 'The rules now in force', schema: triageRulesSchema },
    ...standardProblems,
  },
});
