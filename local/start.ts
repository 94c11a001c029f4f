/**
 * `npm start`: brings the whole local stack up with the demo organisations, prints where the
 * API is and a ready curl per role, writes the same to `.guichet/local.json`, and shuts down
 * cleanly on Ctrl-C.
 *
 * Flags: `--persist` keeps DynamoDB data in `.data/`; `--ephemeral-ports` lets the OS pick every
 * port (tests); `--state-file <path>` writes the state elsewhere; `--quiet` prints only the URL.
 * Ports: GUICHET_PORT (API, default 4010); the others follow it (+1 … +6).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPorts, ephemeralPorts, type LocalStackPorts, startLocalStack } from './local-stack.ts';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};

const portsFrom = (base: number): LocalStackPorts => ({
  api: base,
  oidc: base + 1,
  eventBus: base + 2,
  sts: base + 3,
  dynamoDbGuard: base + 4,
  dynamoDbLocal: base + 5,
  fauxqs: base + 6,
});

const configuredPorts = (): LocalStackPorts => {
  if (flag('--ephemeral-ports')) return ephemeralPorts;
  const raw = process.env.GUICHET_PORT;
  if (raw === undefined || raw === '') return defaultPorts;
  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) {
    throw new Error(`GUICHET_PORT must be an integer between 1024 and 65000, not '${raw}'`);
  }
  return portsFrom(base);
};

const main = async () => {
  const quiet = flag('--quiet');
  const log = quiet ? () => undefined : (message: string) => console.log(message);
  const stack = await startLocalStack({
    rootDir,
    ports: configuredPorts(),
    ...(flag('--persist') ? { persistDir: resolve(rootDir, '.data') } : {}),
    log: (message, details) =>
      console.error(details === undefined ? message : `${message} ${JSON.stringify(details)}`),
  });

  const state = { apiUrl: stack.apiUrl, docsUrl: stack.docsUrl, ...stack.demo };
  const stateFile = resolve(rootDir, option('--state-file') ?? '.guichet/local.json');
  await mkdir(dirname(stateFile), { recursive: true });
  await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

  log(
    `\nGuichet local stack is up.\n  API:   ${stack.apiUrl}\n  Docs:  ${stack.docsUrl}\n  State: ${stateFile}\n`,
  );
  const curls = [
    ...stack.demo.tenants.flatMap((tenant) =>
      Object.entries(tenant.tokens).map(([role, token]) => ({ who: `${tenant.name} — ${role}`, token })),
    ),
    ...stack.demo.providers.flatMap((provider) =>
      Object.entries(provider.tokens).map(([role, token]) => ({ who: `${provider.name} — ${role}`, token })),
    ),
    ...Object.entries(stack.demo.platform.tokens).map(([role, token]) => ({
      who: `Platform — ${role}`,
      token,
    })),
  ];
  for (const { who, token } of curls) {
    log(`# ${who}\ncurl -s -H "Authorization: Bearer ${token}" ${stack.apiUrl}/v1/tickets\n`);
  }
  const requesterToken = stack.demo.tenants[0]?.tokens.requester;
  if (requesterToken !== undefined) {
    log(
      `# Raise a ticket as Acme's requester:\ncurl -s -X POST ${stack.apiUrl}/v1/tickets -H "Authorization: Bearer ${requesterToken}" -H "Content-Type: application/json" -H "Idempotency-Key: first-ticket-0001" -d '{"subject":"Laptop will not boot","description":"Black screen since this morning","impact":"medium","urgency":"high"}'\n`,
    );
  }
  // Machine-readable readiness line for scripts and the test harness.
  console.log(`GUICHET_READY ${JSON.stringify({ apiUrl: stack.apiUrl, stateFile })}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping the local stack…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch((error: unknown) => {
  console.error(`\nGuichet could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
