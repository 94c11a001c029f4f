/**
 * Runtime configuration of every function, parsed once at cold start with zod: a missing or
 * malformed variable fails the start with its name, never later as `undefined`.
 *
 * The endpoint overrides exist only on the local stack; in AWS they are absent and the SDK
 * resolves the regional endpoints itself.
 */
import { z } from 'zod';

const optionalUrl = z.url().optional();

export const runtimeConfigSchema = z.object({
  GUICHET_STAGE: z.string().min(1).default('local'),
  AWS_REGION: z.string().min(1).default('eu-west-1'),
  GUICHET_TABLE_NAME: z.string().min(1),
  GUICHET_EVENT_BUS_NAME: z.string().min(1),
  GUICHET_BUCKET_NAME: z.string().min(1),
  /** Role assumed with a `TenantId` (or `ProviderId`) session tag for tenant data access. */
  GUICHET_DATA_ACCESS_ROLE_ARN: z.string().min(1),
  /** Secret that signs pagination cursors: either the key itself (local) or a Secrets Manager ARN (AWS). */
  GUICHET_CURSOR_KEY: z.string().min(32).optional(),
  GUICHET_CURSOR_SECRET_ARN: z.string().min(1).optional(),
  GUICHET_DYNAMODB_ENDPOINT: optionalUrl,
  GUICHET_STS_ENDPOINT: optionalUrl,
  GUICHET_EVENTBRIDGE_ENDPOINT: optionalUrl,
  GUICHET_SQS_ENDPOINT: optionalUrl,
  GUICHET_S3_ENDPOINT: optionalUrl,
  GUICHET_SECRETS_ENDPOINT: optionalUrl,
  /**
   * Routing (#4): how long a container trusts its copy of the organisation directory (teams,
   * agents, engagements). At most the authoriser cache TTL (30 s), so nothing outlives there.
   */
  GUICHET_DIRECTORY_CACHE_TTL_SECONDS: z.coerce.number().min(0).max(30).default(15),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** Names of the variables every function receives; the CDK app and the local runtime set them. */
export type RuntimeConfigVariable = keyof RuntimeConfig;

let cached: RuntimeConfig | undefined;

/** Parses `process.env` the first time it is called; throws a message naming each bad variable. */
export const loadRuntimeConfig = (env: NodeJS.ProcessEnv = process.env): RuntimeConfig => {
  if (cached !== undefined && env === process.env) return cached;
  const parsed = runtimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid runtime configuration: ${problems.join('; ')}`);
  }
  if (parsed.data.GUICHET_CURSOR_KEY === undefined && parsed.data.GUICHET_CURSOR_SECRET_ARN === undefined) {
    throw new Error('Invalid runtime configuration: set GUICHET_CURSOR_KEY or GUICHET_CURSOR_SECRET_ARN');
  }
  if (env === process.env) cached = parsed.data;
  return parsed.data;
};
