/**
 * A local STS that issues tagged session keys, so the local stack can confine each handler to
 * its tenant the way IAM does in AWS (fauxqs's STS only answers GetCallerIdentity).
 *
 * It speaks the protocol the installed `@aws-sdk/client-sts` uses, the awsQuery protocol: a
 * form-encoded POST (`Action=AssumeRole&Tags.member.1.Key=TenantId&...`) answered with XML.
 * Each AssumeRole mints a fresh key and remembers its session tag, which of the two data-access
 * roles (read, read-write) it assumed, and its expiry; the DynamoDB guard proxy asks
 * `scopeOf(accessKeyId)` and `accessOf(accessKeyId)` to decide what the key may touch and do.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DATA_SCOPE_ID_PATTERN,
  type DataScope,
  SESSION_TAG_KEYS,
} from '../../shared/adapters/aws/scoped-credentials.ts';
import { accessKeyIdOf, BodyTooLargeError, closeServer, listen, readBody } from './http-plumbing.ts';

/** Which of the two data-access roles a session assumed: IAM lets the read role read only. */
export type DataAccessLevel = 'read' | 'read-write';

export interface LocalStsOptions {
  /** The read-write data-access role (functions whose manifest `table` access is `read-write`). */
  readonly roleArn: string;
  /** The read-only data-access role (`table: 'read'`); when omitted, only `roleArn` exists. */
  readonly readOnlyRoleArn?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly now?: () => Date;
  readonly accountId?: string;
  /** AWS's default `MaxSessionDuration` for a role, and the ceiling for role chaining. */
  readonly maxSessionDurationSeconds?: number;
  /**
   * The role's trust policy: the access keys allowed to call AssumeRole (the functions' base
   * keys). Omitted: any key this STS did not issue itself.
   */
  readonly trustedCallerAccessKeyIds?: readonly string[];
}

/** A running local STS. */
export interface LocalSts {
  readonly endpoint: string;
  readonly port: number;
  /** What a key issued here may touch; `undefined` for keys never issued or already expired. */
  scopeOf(accessKeyId: string): DataScope | undefined;
  /** Which data-access role the key's session assumed; `undefined` as for `scopeOf`. */
  accessOf(accessKeyId: string): DataAccessLevel | undefined;
  close(): Promise<void>;
}

interface Session {
  readonly scope: DataScope;
  readonly access: DataAccessLevel;
  readonly roleName: string;
  readonly expiration: Date;
  readonly sessionName: string;
}

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MIN_SESSION_SECONDS = 900;
const DEFAULT_SESSION_SECONDS = 3600;
const MAX_TAGS = 50;
const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

const element = (name: string, content: string): string => `<${name}>${content}</${name}>`;

/** Key ids shaped like STS's (`ASIA` + 16 base32 characters), so nothing mistakes them for long-term keys. */
const newAccessKeyId = (): string =>
  `ASIA${Array.from(randomBytes(16), (byte) => BASE32_ALPHABET[byte % 32]).join('')}`;

const roleNameOf = (roleArn: string): string => roleArn.slice(roleArn.lastIndexOf('/') + 1);

/** The request's parameters; the SDK posts them form-encoded, a browser-style GET puts them in the query. */
const parametersOf = (request: IncomingMessage, body: Buffer): URLSearchParams => {
  const parameters = new URLSearchParams(new URL(request.url ?? '/', 'http://local').search);
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) parameters.set(name, value);
  return parameters;
};

const requiredParameter = (parameters: URLSearchParams, name: string): string => {
  const value = parameters.get(name);
  if (value === null || value === '') {
    throw new StsError(
      400,
      'ValidationError',
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

const sessionTagsOf = (parameters: URLSearchParams): Map<string, string> => {
  const tags = new Map<string, string>();
  for (let index = 1; parameters.has(`Tags.member.${index}.Key`); index++) {
    const key = parameters.get(`Tags.member.${index}.Key`) ?? '';
    const value = parameters.get(`Tags.member.${index}.Value`) ?? '';
    // IAM compares tag keys case-insensitively, so `tenantid` and `TenantId` are one key.
    const normalisedKey = key.toLowerCase();
    if (tags.has(normalisedKey)) {
      throw new StsError(400, 'InvalidParameterValue', `Duplicate tag keys found: ${key}`);
    }
    tags.set(normalisedKey, value);
  }
  if (tags.size > MAX_TAGS)
    throw new StsError(400, 'ValidationError', `At most ${MAX_TAGS} session tags are allowed`);
  return tags;
};

/** Exactly one scope tag, with a value that can go into a key prefix unambiguously. */
const scopeOfTags = (tags: Map<string, string>): DataScope => {
  const tenantId = tags.get(SESSION_TAG_KEYS.tenant.toLowerCase());
  const providerId = tags.get(SESSION_TAG_KEYS.provider.toLowerCase());
  if ((tenantId === undefined) === (providerId === undefined)) {
    throw new StsError(
      400,
      'ValidationError',
      `Exactly one of the session tags ${SESSION_TAG_KEYS.tenant} or ${SESSION_TAG_KEYS.provider} is required to assume the data-access role`,
    );
  }
  const id = tenantId ?? providerId ?? '';
  if (!DATA_SCOPE_ID_PATTERN.test(id)) {
    throw new StsError(
      400,
      'ValidationError',
      `Session tag value ${JSON.stringify(id)} is not a valid id (expected ${DATA_SCOPE_ID_PATTERN.source})`,
    );
  }
  return tenantId === undefined ? { kind: 'provider', providerId: id } : { kind: 'tenant', tenantId: id };
};

/** Starts the local STS; resolves once it listens. */
export const startLocalSts = async (options: LocalStsOptions): Promise<LocalSts> => {
  const now = options.now ?? (() => new Date());
  const accountId = options.accountId ?? '000000000000';
  const host = options.host ?? '127.0.0.1';
  const maxSessionSeconds = options.maxSessionDurationSeconds ?? DEFAULT_SESSION_SECONDS;
  const trustedCallers =
    options.trustedCallerAccessKeyIds === undefined ? undefined : new Set(options.trustedCallerAccessKeyIds);
  const accessOfRole = new Map<string, DataAccessLevel>([[options.roleArn, 'read-write']]);
  if (options.readOnlyRoleArn !== undefined) accessOfRole.set(options.readOnlyRoleArn, 'read');
  const roleId = `AROA${Array.from(randomBytes(17), (byte) => BASE32_ALPHABET[byte % 32]).join('')}`;
  const sessions = new Map<string, Session>();

  const liveSession = (accessKeyId: string): Session | undefined => {
    const session = sessions.get(accessKeyId);
    if (session === undefined) return undefined;
    if (session.expiration.getTime() <= now().getTime()) {
      sessions.delete(accessKeyId);
      return undefined;
    }
    return session;
  };

  const callerArnOf = (accessKeyId: string): string => {
    const session = liveSession(accessKeyId);
    return session === undefined
      ? `arn:aws:iam::${accountId}:user/${accessKeyId}`
      : `arn:aws:sts::${accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
  };

  const pruneExpired = (): void => {
    const instant = now().getTime();
    for (const [accessKeyId, session] of sessions) {
      if (session.expiration.getTime() <= instant) sessions.delete(accessKeyId);
    }
  };

  const assumeRole = (caller: string, parameters: URLSearchParams): string => {
    const roleArn = requiredParameter(parameters, 'RoleArn');
    const sessionName = requiredParameter(parameters, 'RoleSessionName');
    // A session of the data-access role must not re-assume it with another tenant's tag: the
    // role's trust policy only admits the functions' own roles.
    const callerIsTrusted =
      sessions.get(caller) === undefined && (trustedCallers === undefined || trustedCallers.has(caller));
    const access = accessOfRole.get(roleArn);
    if (access === undefined || !callerIsTrusted) {
      throw new StsError(
        403,
        'AccessDenied',
        `User: ${callerArnOf(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) {
      throw new StsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2..64`,
      );
    }
    const durationText = parameters.get('DurationSeconds');
    const durationSeconds = durationText === null ? DEFAULT_SESSION_SECONDS : Number(durationText);
    if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS) {
      throw new StsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_SESSION_SECONDS}`,
      );
    }
    if (durationSeconds > maxSessionSeconds) {
      throw new StsError(
        400,
        'ValidationError',
        `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${maxSessionSeconds}).`,
      );
    }
    const scope = scopeOfTags(sessionTagsOf(parameters));

    pruneExpired();
    const accessKeyId = newAccessKeyId();
    const expiration = new Date(now().getTime() + durationSeconds * 1000);
    const roleName = roleNameOf(roleArn);
    sessions.set(accessKeyId, { scope, access, roleName, expiration, sessionName });
    const assumedRoleArn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
    return element(
      'AssumeRoleResult',
      element(
        'AssumedRoleUser',
        element('Arn', escapeXml(assumedRoleArn)) +
          element('AssumedRoleId', escapeXml(`${roleId}:${sessionName}`)),
      ) +
        element(
          'Credentials',
          element('AccessKeyId', accessKeyId) +
            element('SecretAccessKey', randomBytes(30).toString('base64')) +
            element('SessionToken', randomBytes(96).toString('base64')) +
            element('Expiration', expiration.toISOString()),
        ) +
        element('PackedPolicySize', '0'),
    );
  };

  const getCallerIdentity = (caller: string): string => {
    const session = liveSession(caller);
    return element(
      'GetCallerIdentityResult',
      element('Arn', escapeXml(callerArnOf(caller))) +
        element('UserId', escapeXml(session === undefined ? caller : `${roleId}:${session.sessionName}`)) +
        element('Account', accountId),
    );
  };

  const respond = (response: ServerResponse, status: number, xml: string, requestId: string): void => {
    response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const parameters = parametersOf(request, await readBody(request, 128 * 1024));
      const caller = accessKeyIdOf(request);
      if (caller === undefined) {
        throw new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      }
      const action = parameters.get('Action');
      const result =
        action === 'AssumeRole'
          ? assumeRole(caller, parameters)
          : action === 'GetCallerIdentity'
            ? getCallerIdentity(caller)
            : undefined;
      if (result === undefined) {
        throw new StsError(
          400,
          'InvalidAction',
          `Could not find operation ${action ?? '(none)'} for version 2011-06-15`,
        );
      }
      respond(
        response,
        200,
        `<${action}Response xmlns="${XML_NAMESPACE}">${result}${element('ResponseMetadata', element('RequestId', requestId))}</${action}Response>`,
        requestId,
      );
    } catch (error) {
      const stsError =
        error instanceof StsError
          ? error
          : error instanceof BodyTooLargeError
            ? new StsError(413, 'RequestEntityTooLarge', error.message)
            : new StsError(500, 'InternalFailure', error instanceof Error ? error.message : String(error));
      const type = stsError.status >= 500 ? 'Receiver' : 'Sender';
      respond(
        response,
        stsError.status,
        `<ErrorResponse xmlns="${XML_NAMESPACE}">${element(
          'Error',
          element('Type', type) +
            element('Code', stsError.code) +
            element('Message', escapeXml(stsError.message)),
        )}${element('RequestId', requestId)}</ErrorResponse>`,
        requestId,
      );
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  const port = await listen(server, options.port ?? 0, host);
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    scopeOf: (accessKeyId) => liveSession(accessKeyId)?.scope,
    accessOf: (accessKeyId) => liveSession(accessKeyId)?.access,
    close: () => closeServer(server),
  };
};
