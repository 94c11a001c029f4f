/** HTTP contracts of the notification inbox. */
import { z } from 'zod';
import type { Notification } from '../domain/notifications/notification.ts';
import { defineContract } from './operation-contract.ts';
import { pageOf, paginationQuerySchema } from './pagination.ts';
import { standardProblems } from './problem.ts';

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['ticket_received']),
    ticketId: z.string(),
    message: z.string(),
    occurredAt: z.iso.datetime(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });

export const toNotificationResource = (notification: Notification): z.infer<typeof notificationSchema> => ({
  id: notification.notificationId,
  kind: notification.kind,
  ticketId: notification.ticketId,
  message: notification.message,
  occurredAt: notification.occurredAt,
  read: notification.readAt !== null,
});

export const listMyNotificationsOperation = defineContract({
  summary: 'My notifications',
  description: "The caller's notification inbox, newest first.",
  tags: ['Notifications'],
  query: paginationQuerySchema,
  responses: {
    200: { description: 'A page of notifications', schema: pageOf(notificationSchema, 'NotificationPage') },
    ...standardProblems,
  },
});
