/** Conversation rules: who may write internal items, who reads what, attachment limits. */
import { describe, expect, it } from 'vitest';
import { Forbidden, ValidationFailed } from '../../../../shared/domain/errors.ts';
import { raiseTicket } from '../../../../shared/domain/tickets/ticket.ts';
import {
  ATTACHMENT_MAX_BYTES,
  declareAttachment,
  visibleTo,
  writeComment,
} from '../../../../shared/domain/tickets/ticket-conversation.ts';

const now = new Date('2026-03-02T10:00:00.000Z');
const ticket = raiseTicket(
  { subject: 'VPN', description: '', channel: 'portal', language: 'en', impact: 'low', urgency: 'low' },
  { tenantId: 'acme', ticketId: 'T1', number: 1, requesterId: 'alice', createdBy: 'alice', now },
);
const asRequester = { actorId: 'alice', actingAsRequester: true, now };
const asAgent = { actorId: 'bob', actingAsRequester: false, now };

describe('comments', () => {
  it('lets agents write internal comments and refuses them to requesters', () => {
    expect(
      writeComment(ticket, { body: 'note', visibility: 'internal' }, { ...asAgent, commentId: 'C1' }),
    ).toMatchObject({ visibility: 'internal', authorId: 'bob', createdAt: now.toISOString() });
    expect(() =>
      writeComment(ticket, { body: 'note', visibility: 'internal' }, { ...asRequester, commentId: 'C2' }),
    ).toThrow(Forbidden);
  });

  it('refuses a blank body', () => {
    expect(() =>
      writeComment(ticket, { body: '   ', visibility: 'public' }, { ...asAgent, commentId: 'C3' }),
    ).toThrow(ValidationFailed);
  });

  it('shows requesters public items only, agents everything', () => {
    const items = [
      { id: 1, visibility: 'public' },
      { id: 2, visibility: 'internal' },
      { id: 3, visibility: 'public' },
    ] as const;
    expect(visibleTo(items, true).map((item) => item.id)).toEqual([1, 3]);
    expect(visibleTo(items, false).map((item) => item.id)).toEqual([1, 2, 3]);
  });
});

describe('attachments', () => {
  const file = {
    fileName: 'log.txt',
    contentType: 'text/plain',
    sizeBytes: 12,
    visibility: 'public',
  } as const;

  it('keys the object under the tenant and the ticket', () => {
    expect(declareAttachment(ticket, file, { ...asRequester, attachmentId: 'A1' }).objectKey).toBe(
      'tenants/acme/tickets/T1/attachments/A1',
    );
  });

  it.each([
    ['an unaccepted type', { contentType: 'application/x-msdownload' }],
    ['an empty file', { sizeBytes: 0 }],
    ['a file over the limit', { sizeBytes: ATTACHMENT_MAX_BYTES + 1 }],
  ])('refuses %s', (_, override) => {
    expect(() =>
      declareAttachment(ticket, { ...file, ...override }, { ...asAgent, attachmentId: 'A2' }),
    ).toThrow(ValidationFailed);
  });

  it('accepts a file of exactly the limit', () => {
    expect(
      declareAttachment(
        ticket,
        { ...file, sizeBytes: ATTACHMENT_MAX_BYTES },
        { ...asAgent, attachmentId: 'A3' },
      ).sizeBytes,
    ).toBe(ATTACHMENT_MAX_BYTES);
  });
});
