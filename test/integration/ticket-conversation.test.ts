/**
 * The conversation over HTTP: public and internal comments, and attachments through presigned
 * S3 URLs. Internal items never reach a requester: not in lists, not by id, not in events.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { attachmentSchema, commentSchema } from '../../shared/api/ticket-conversation.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const commentsSchema = z.object({ items: z.array(commentSchema) });
const presignedSchema = z.object({
  url: z.string(),
  method: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});
const uploadSchema = z.object({ attachment: attachmentSchema, upload: presignedSchema });
const downloadSchema = z.object({ attachment: attachmentSchema, download: presignedSchema });
const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const INTERNAL_NOTE = 'Internal: the requester is the CEO, escalate quietly';

describe('ticket conversation', () => {
  let tenant: TestTenant;
  let requester: string;
  let agent: string;
  let ticketId: string;

  beforeAll(async () => {
    tenant = await createTestTenant('conversation');
    requester = tokenOf(tenant, 'requester');
    agent = tokenOf(tenant, 'agent');
    const created = await api('POST', '/v1/tickets', { token: requester, body: { subject: 'Cannot print' } });
    ticketId = ticketSchema.parse(created.body).id;
  });

  it('keeps internal comments from the requester, in lists and in events', async () => {
    const publicReply = await api('POST', `/v1/tickets/${ticketId}/comments`, {
      token: agent,
      body: { body: 'Have you tried another tray?' },
    });
    expect(publicReply.status, publicReply.text).toBe(201);
    expect(commentSchema.parse(publicReply.body).visibility).toBe('public');
    const internal = await api('POST', `/v1/tickets/${ticketId}/comments`, {
      token: agent,
      body: { body: INTERNAL_NOTE, visibility: 'internal' },
    });
    expect(internal.status).toBe(201);
    const internalId = commentSchema.parse(internal.body).id;
    const answer = await api('POST', `/v1/tickets/${ticketId}/comments`, {
      token: requester,
      body: { body: 'Yes, same thing' },
    });
    expect(answer.status).toBe(201);

    const seenByRequester = commentsSchema.parse(
      (await api('GET', `/v1/tickets/${ticketId}/comments`, { token: requester })).body,
    );
    expect(seenByRequester.items.map((comment) => comment.body)).toEqual([
      'Have you tried another tray?',
      'Yes, same thing',
    ]);
    const seenByAgent = commentsSchema.parse(
      (await api('GET', `/v1/tickets/${ticketId}/comments`, { token: agent })).body,
    );
    expect(seenByAgent.items).toHaveLength(3);
    expect(seenByAgent.items[1]).toMatchObject({
      id: internalId,
      visibility: 'internal',
      body: INTERNAL_NOTE,
    });

    const events = await eventually(async () => {
      const state = stateSchema.parse((await api('GET', '/_local/state')).body);
      const mine = state.events.filter(
        (event) => event.detailType === 'TicketCommentAdded' && event.detail.aggregateId === ticketId,
      );
      return mine.length === 3 ? mine : undefined;
    });
    expect(events.find((event) => event.detail.commentId === internalId)?.detail.visibility).toBe('internal');
    // No event about this ticket carries any comment text.
    expect(JSON.stringify(events)).not.toContain('escalate quietly');
    expect(JSON.stringify(events)).not.toContain('another tray');
  });

  it('refuses an internal comment or attachment from a requester', async () => {
    const comment = await api('POST', `/v1/tickets/${ticketId}/comments`, {
      token: requester,
      body: { body: 'sneaky', visibility: 'internal' },
    });
    expect(comment.status).toBe(403);
    const attachment = await api('POST', `/v1/tickets/${ticketId}/attachments`, {
      token: requester,
      body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 3, visibility: 'internal' },
    });
    expect(attachment.status).toBe(403);
  });

  it('uploads and downloads an attachment through presigned URLs', async () => {
    const content = 'printer log: paper jam in tray 2\n';
    const declared = await api('POST', `/v1/tickets/${ticketId}/attachments`, {
      token: requester,
      body: { fileName: 'printer.log.txt', contentType: 'text/plain', sizeBytes: Buffer.byteLength(content) },
    });
    expect(declared.status, declared.text).toBe(201);
    const { attachment, upload } = uploadSchema.parse(declared.body);
    expect(upload.method).toBe('PUT');
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content });
    expect(put.status).toBe(200);

    const fetched = await api('GET', `/v1/tickets/${ticketId}/attachments/${attachment.id}`, {
      token: agent,
    });
    expect(fetched.status, fetched.text).toBe(200);
    const { download } = downloadSchema.parse(fetched.body);
    const got = await fetch(download.url);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(content);
  });

  it('hides internal attachments from the requester (404 by id, absent from the list)', async () => {
    const declared = await api('POST', `/v1/tickets/${ticketId}/attachments`, {
      token: agent,
      body: { fileName: 'diag.pdf', contentType: 'application/pdf', sizeBytes: 1000, visibility: 'internal' },
    });
    expect(declared.status).toBe(201);
    const { attachment } = uploadSchema.parse(declared.body);
    expect(
      (await api('GET', `/v1/tickets/${ticketId}/attachments/${attachment.id}`, { token: requester })).status,
    ).toBe(404);
    expect(
      (await api('GET', `/v1/tickets/${ticketId}/attachments/${attachment.id}`, { token: agent })).status,
    ).toBe(200);
    const listed = z
      .object({ items: z.array(attachmentSchema) })
      .parse((await api('GET', `/v1/tickets/${ticketId}/attachments`, { token: requester })).body);
    expect(listed.items.map((item) => item.id)).not.toContain(attachment.id);
  });

  it('enforces size and content-type limits', async () => {
    const tooBig = await api('POST', `/v1/tickets/${ticketId}/attachments`, {
      token: agent,
      body: { fileName: 'huge.zip', contentType: 'application/zip', sizeBytes: 10 * 1024 * 1024 + 1 },
    });
    expect(tooBig.status).toBe(400);
    const wrongType = await api('POST', `/v1/tickets/${ticketId}/attachments`, {
      token: agent,
      body: { fileName: 'run.exe', contentType: 'application/x-msdownload', sizeBytes: 10 },
    });
    expect(wrongType.status).toBe(400);
  });

  it("hides another tenant's ticket conversation", async () => {
    const neighbour = await createTestTenant('conversation-neighbour');
    const response = await api('GET', `/v1/tickets/${ticketId}/comments`, {
      token: tokenOf(neighbour, 'agent'),
    });
    expect(response.status).toBe(404);
  });
});
