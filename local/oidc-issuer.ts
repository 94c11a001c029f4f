/**
 * The local stack's identity provider: one OIDC issuer per organisation under one HTTP server
 * (`/issuers/<name>`), each with its own signing key, discovery document and JWKS, so that it
 * can play every tenant's and provider's own IdP. Tokens are signed with `jose`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

interface IssuerKeys {
  readonly kid: string;
  readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  readonly publicJwk: JWK;
}

export interface TokenRequest {
  readonly subject: string;
  readonly audience: string;
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Lifetime in seconds; negative values mint already-expired tokens for tests. */
  readonly expiresInSeconds?: number;
}

export interface LocalOidcIssuer {
  readonly baseUrl: string;
  issuerUrl(name: string): string;
  jwksUrl(name: string): string;
  /** Creates the issuer (and its first key) if it does not exist yet. */
  ensureIssuer(name: string): Promise<void>;
  issueToken(name: string, request: TokenRequest): Promise<string>;
  /** Signs with the pre-published next key from now on; the old key stays published one more rotation. */
  rotateKey(name: string): Promise<void>;
  stop(): Promise<void>;
}

const ISSUER_NAME = /^[a-z0-9-]{1,64}$/;

const newKeys = async (name: string, generation: number): Promise<IssuerKeys> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `${name}-${generation}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
};

export const startLocalOidcIssuer = async (options: {
  port: number;
  host?: string;
}): Promise<LocalOidcIssuer> => {
  const host = options.host ?? '127.0.0.1';
  // Keys rotate as RFC 7517 advises: the next key is published before it signs anything, and the
  // previous one stays published until the following rotation, so verifiers with a cached JWKS
  // accept tokens on both sides of a rotation.
  const issuers = new Map<
    string,
    { keys: IssuerKeys; next: IssuerKeys; previous: IssuerKeys | undefined; generation: number }
  >();
  let baseUrl = '';

  const server: Server = createServer((request, response) => {
    const match = /^\/issuers\/([a-z0-9-]+)\/(\.well-known\/openid-configuration|jwks\.json)$/.exec(
      new URL(request.url ?? '/', 'http://local').pathname,
    );
    const issuer = match?.[1] === undefined ? undefined : issuers.get(match[1]);
    if (match === null || issuer === undefined || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    const issuerUrl = `${baseUrl}/issuers/${match[1]}`;
    const body =
      match[2] === 'jwks.json'
        ? {
            keys: [issuer.keys, issuer.next, issuer.previous].flatMap((key) =>
              key === undefined ? [] : [key.publicJwk],
            ),
          }
        : {
            issuer: issuerUrl,
            jwks_uri: `${issuerUrl}/jwks.json`,
            id_token_signing_alg_values_supported: ['RS256'],
            response_types_supported: ['id_token'],
            subject_types_supported: ['public'],
          };
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' });
    response.end(JSON.stringify(body));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`OIDC issuer: port ${options.port} is already in use`)
          : error,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  const issuerOf = (name: string) => {
    const issuer = issuers.get(name);
    if (issuer === undefined) throw new Error(`Unknown local issuer '${name}'`);
    return issuer;
  };

  return {
    baseUrl,
    issuerUrl: (name) => `${baseUrl}/issuers/${name}`,
    jwksUrl: (name) => `${baseUrl}/issuers/${name}/jwks.json`,
    async ensureIssuer(name) {
      if (!ISSUER_NAME.test(name)) throw new Error(`Issuer name '${name}' must match ${ISSUER_NAME}`);
      if (!issuers.has(name)) {
        issuers.set(name, {
          keys: await newKeys(name, 1),
          next: await newKeys(name, 2),
          previous: undefined,
          generation: 2,
        });
      }
    },
    async issueToken(name, request) {
      const { keys } = issuerOf(name);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...request.claims })
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
        .setIssuer(`${baseUrl}/issuers/${name}`)
        .setSubject(request.subject)
        .setAudience(request.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (request.expiresInSeconds ?? 12 * 60 * 60))
        .sign(keys.privateKey);
    },
    async rotateKey(name) {
      const issuer = issuerOf(name);
      const generation = issuer.generation + 1;
      issuers.set(name, {
        keys: issuer.next,
        next: await newKeys(name, generation),
        previous: issuer.keys,
        generation,
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
