/** GET /openapi.json and GET /docs: the API's contract and a page that renders it. */
import { routes } from '../../infra/manifest.ts';
import { buildOpenApiDocument } from '../../shared/api/openapi-document.ts';
import { operationContracts } from '../../shared/api/operations.ts';
import { publicHttpOperation } from '../../shared/http/http-operation.ts';

const serverUrlOf = (headers: Readonly<Record<string, string | undefined>>, stage: string): string => {
  const host = headers.Host ?? headers.host ?? 'localhost';
  const proto = headers['X-Forwarded-Proto'] ?? headers['x-forwarded-proto'] ?? 'https';
  return stage === '' || stage === '$default' ? `${proto}://${host}` : `${proto}://${host}/${stage}`;
};

/** A self-contained page: no CDN is reachable from every network, so it renders the JSON itself. */
const docsPage = (document: ReturnType<typeof buildOpenApiDocument>): string => {
  const escape = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => {
      const op = operation as { summary?: string; description?: string; operationId?: string };
      return `<section><h2><code>${method.toUpperCase()} ${escape(path)}</code> — ${escape(op.summary ?? '')}</h2><p>${escape(op.description ?? '')}</p><p><small>operationId: ${escape(op.operationId ?? '')}</small></p></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guichet API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.5rem 0}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>
</head><body><h1>${escape(document.info.title)} ${escape(document.info.version)}</h1><p>${escape(document.info.description ?? '')}</p>
<p>Machine-readable contract: <a href="openapi.json">openapi.json</a></p>${operations.join('\n')}
<h2>Full document</h2><pre>${escape(JSON.stringify(document, null, 2))}</pre></body></html>`;
};

export const handler = publicHttpOperation(async ({ event }) => {
  const document = buildOpenApiDocument(
    routes,
    operationContracts,
    serverUrlOf(event.headers, event.requestContext.stage),
  );
  if (event.path.endsWith('/openapi.json')) return { status: 200, body: document };
  return { status: 200, rawBody: docsPage(document), headers: { 'content-type': 'text/html; charset=utf-8' } };
});
