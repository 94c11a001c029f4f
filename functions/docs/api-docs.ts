/** GET /openapi.json and GET /docs: the API's contract and a page that renders it. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { routes } from '../../infra/manifest.ts';
import { buildOpenApiDocument } from '../../shared/api/openapi-document.ts';
import { publicHttpOperation } from '../../shared/http/http-operation.ts';
import { operationContracts } from '../http-contexts.ts';

/** The public base URL: the stage prefix is whatever the public path has before the resource path. */
const serverUrlOf = (event: APIGatewayProxyEvent): string => {
  const headers = event.headers;
  const host = headers.Host ?? headers.host ?? 'localhost';
  const proto = headers['X-Forwarded-Proto'] ?? headers['x-forwarded-proto'] ?? 'https';
  const publicPath = event.requestContext.path;
  const prefix = publicPath.endsWith(event.path)
    ? publicPath.slice(0, publicPath.length - event.path.length)
    : '';
  return `${proto}://${host}${prefix}`;
};

/** A self-contained page: no CDN is reachable from every network, so it renders the JSON itself. */
const docsPage = (document: ReturnType<typeof buildOpenApiDocument>): string => {
  const escapeHtml = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => {
      const op = operation as { summary?: string; description?: string; operationId?: string };
      return `<section><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code> — ${escapeHtml(op.summary ?? '')}</h2><p>${escapeHtml(op.description ?? '')}</p><p><small>operationId: ${escapeHtml(op.operationId ?? '')}</small></p></section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guichet API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.5rem 0}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>
</head><body><h1>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</h1><p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable contract: <a href="openapi.json">openapi.json</a></p>${operations.join('\n')}
<h2>Full document</h2><pre>${escapeHtml(JSON.stringify(document, null, 2))}</pre></body></html>`;
};

export const handler = publicHttpOperation(async ({ event }) => {
  const document = buildOpenApiDocument(routes, operationContracts, serverUrlOf(event));
  if (event.path.endsWith('/openapi.json')) return { status: 200, body: document };
  return {
    status: 200,
    rawBody: docsPage(document),
    headers: { 'content-type': 'text/html; charset=utf-8' },
  };
});
