/** The zod schema of a frozen statement: parses stored statements and documents the API. */
import { z } from 'zod';
import { isMeterId, type MeterId } from './meters.ts';
import type { Statement } from './statement.ts';

const amount = z.string().regex(/^-?\d+(\.\d+)?$/);

export const statementLineSchema = z.object({
  meter: z.string().refine((value): value is MeterId => isMeterId(value)),
  chargeClass: z.enum(['Regular', 'Correction']),
  correctsPeriod: z.string().nullable(),
  consumedQuantity: amount,
  includedQuantity: amount,
  billableQuantity: amount,
  listUnitPrice: amount,
  effectiveUnitPrice: amount,
  amount,
});

export const statementSchema = z
  .object({
    tenantId: z.string(),
    tenantName: z.string(),
    engagementId: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    period: z.string(),
    currency: z.string(),
    priceBookId: z.string(),
    closedAt: z.string(),
    lines: z.array(statementLineSchema),
    commitmentShortfall: amount,
    regularTotal: amount,
    correctionsTotal: amount,
    total: amount,
  })
  .meta({ id: 'BillingStatement' });

export const parseStatement = (json: unknown): Statement => {
  const parsed = statementSchema.parse(json);
  return {
    ...parsed,
    lines: parsed.lines.map((line) => {
      const meter = line.meter;
      if (!isMeterId(meter)) throw new Error(`unknown meter ${meter}`);
      return { ...line, meter };
    }),
  };
};
