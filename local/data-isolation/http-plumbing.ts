/**
 * The few HTTP chores the local STS and the DynamoDB guard proxy share: finding the caller's
 * access key in a SigV4 request, reading a bounded body, and listening on a (possibly
 * ephemeral) port.
 */
import type { IncomingMessage, Server } from 'node:http';

const credentialScopePattern = /Credential=([^/,\s]+)\//;

/**
 * The access key id a request was signed with (header or presigned query form). Signatures
 * are not verified: locally the key id is the identity, exactly what IAM would key on.
 */
export const accessKeyIdOf = (request: IncomingMessage): string | undefined => {
  const authorization = request.headers.authorization;
  const fromHeader =
    authorization === undefined ? undefined : credentialScopePattern.exec(authorization)?.[1];
  if (fromHeader !== undefined) return fromHeader;
  const url = new URL(request.url ?? '/', 'http://local');
  const fromQuery = url.searchParams.get('X-Amz-Credential')?.split('/')[0];
  return fromQuery === undefined || fromQuery === '' ? undefined : fromQuery;
};

/** Thrown when a request body exceeds what the emulated service would accept. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads the whole body; refuses past `limitBytes` rather than buffering without bound. */
export const readBody = async (request: IncomingMessage, limitBytes: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(`request body exceeds ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

/** Listens and resolves with the bound port (useful when `port` is 0). */
export const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use (${host}); stop what holds it or choose another port`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server did not bind to a TCP port'));
        return;
      }
      resolve(address.port);
    });
  });

/** Stops accepting, drops idle keep-alive sockets, and resolves once the server is closed. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
