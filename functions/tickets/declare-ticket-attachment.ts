/** POST /v1/tickets/{ticketId}/attachments — declare a file, receive a presigned upload. */
import {
  declareAttachmentOperation,
  toAttachmentResource,
  toPresignedResource,
} from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { conversationService } from './conversation-deps.ts';

export const handler = httpOperation(
  'declareTicketAttachment',
  declareAttachmentOperation,
  async (request) => {
    const { attachment, upload } = await conversationService.declareAttachment({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      ...request.body,
    });
    return {
      status: 201,
      body: { attachment: toAttachmentResource(attachment), upload: toPresignedResource(upload) },
    };
  },
);
