/** HTTP contracts of the provider-side notification inbox (the signed-in provider user's). */
import { z } from 'zod';
import type { ProviderNotification } from '../domain/notifications/provider-notification.ts';
import { defineContract } from './operation-contract.ts';
import { pageOf, paginationQuerySchema } from './pagination.ts';
import { standardProblems } from './problem.ts';

export const providerNotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['sla_breached']),
    tenantId: z.string().describe('The tenant whose ticket it is about'),
    ticketId: z.string(),
    message: z.string(),
    occurredAt: z.iso.datetime(),
    read: z.boolean(),
  })
  .meta({ id: 'ProviderNotification' });

export const toProviderNotificationResource = (
  notification: ProviderNotification,
): z.infer<typeof providerNotificationSchema> => ({
  id: notification.notificationId,
  kind: notification.kind,
  tenantId: notification.tenantId,
  ticketId: notification.ticketId,
  message: notification.message,
  occurredAt: notification.occurredAt,
  read: notification.readAt !== null,
});

export const listProviderNotificationsOperation = defineContract({
  summary: 'My provider notifications',
  description:
    "The signed-in provider user's inbox across the tenants the provider serves, newest first (e.g. SLA breaches of tickets their team holds, when the policy's breach actions include `notify`).",
  tags: ['Notifications'],
  query: paginationQuerySchema,
  responses: {
    200: {
      description: 'A page of notifications',
      schema: pageOf(providerNotificationSchema, 'ProviderNotificationPage'),
    },
    ...standardProblems,
  },
});
