/** Asks S3 whether an attachment's object exists, its size and when it was created (HeadObject). */
import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { StoredObject, StoredObjectProbe } from '../../domain/tickets/attachment-upload.ts';
import type { TicketAttachment } from '../../domain/tickets/ticket-conversation.ts';

export class S3StoredObjectProbe implements StoredObjectProbe {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  async probe(attachment: TicketAttachment): Promise<StoredObject | undefined> {
    try {
      const head = await this.#s3.send(
        new HeadObjectCommand({ Bucket: this.#bucket, Key: attachment.objectKey }),
      );
      if (head.ContentLength === undefined || head.LastModified === undefined) return undefined;
      return { bytes: head.ContentLength, storedAt: head.LastModified.toISOString() };
    } catch (error) {
      if (error instanceof NotFound || (error instanceof Error && error.name === 'NotFound'))
        return undefined;
      throw error;
    }
  }
}
