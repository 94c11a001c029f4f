/**
 * Attachments in S3 through presigned URLs: the bytes go from the client to the bucket and
 * back without passing through a function. The upload URL signs the content type and length
 * declared (and checked against the limits) beforehand, so S3 refuses anything else.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentStorage, PresignedRequest } from '../../domain/tickets/conversation-ports.ts';
import type { TicketAttachment } from '../../domain/tickets/ticket-conversation.ts';

/** Short-lived on purpose: a leaked URL should be useless within minutes. */
const UPLOAD_EXPIRES_SECONDS = 15 * 60;
const DOWNLOAD_EXPIRES_SECONDS = 5 * 60;

const expiry = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

export class S3AttachmentStorage implements AttachmentStorage {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  async presignUpload(attachment: TicketAttachment, now: Date): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: attachment.objectKey,
      ContentType: attachment.contentType,
      ContentLength: attachment.sizeBytes,
    });
    const url = await getSignedUrl(this.#s3, command, {
      expiresIn: UPLOAD_EXPIRES_SECONDS,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': attachment.contentType, 'content-length': String(attachment.sizeBytes) },
      expiresAt: expiry(now, UPLOAD_EXPIRES_SECONDS),
    };
  }

  async presignDownload(attachment: TicketAttachment, now: Date): Promise<PresignedRequest> {
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: attachment.objectKey,
      ResponseContentDisposition: `attachment; filename="${attachment.fileName.replaceAll('"', '')}"`,
      ResponseContentType: attachment.contentType,
    });
    const url = await getSignedUrl(this.#s3, command, { expiresIn: DOWNLOAD_EXPIRES_SECONDS });
    return { url, method: 'GET', headers: {}, expiresAt: expiry(now, DOWNLOAD_EXPIRES_SECONDS) };
  }
}
