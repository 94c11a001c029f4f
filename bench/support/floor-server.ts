/**
 * The floor of the API benchmark: an HTTP server that answers each benchmarked request with
 * just the single DynamoDB call the operation cannot do without (PutItem, GetItem, Query) and
 * nothing else — no authoriser, no validation, no domain, no transaction. It talks to the
 * same DynamoDB Local through its own instance of the guard proxy (admin key) and the same
 * measuring proxy, so it pays the same hops as the functions do.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { closeServer, listen, readBody } from '../../local/data-isolation/http-plumbing.ts';

/** Which real items the floor reads and copies: set by the benchmark once the API has created them. */
export const floorTargetSchema = z.object({
  tableName: z.string(),
  /** Key of a ticket the API created: GetItem reads it, PutItem writes copies of it under new keys. */
  ticketKey: z.object({ PK: z.string(), SK: z.string() }),
  /** A requester's ticket partition on GSI1: the Query reads one page of it. */
  listIndex: z.string(),
  listPartitionAttribute: z.string(),
  listPartition: z.string(),
  /** Items per page plus one, as the API reads to learn whether a next page exists. */
  queryLimit: z.number().int().min(1),
});

export type FloorTarget = z.infer<typeof floorTargetSchema>;

export interface FloorServer {
  readonly url: string;
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, payload: unknown): void => {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
};

export const startFloorServer = async (options: {
  readonly dynamodbEndpoint: string;
  readonly accessKeyId: string;
  readonly region: string;
}): Promise<FloorServer> => {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.dynamodbEndpoint,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: 'local' },
  });
  let target: FloorTarget | undefined;
  let template: Record<string, AttributeValue> | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://floor').pathname;
    const body = await readBody(request, 1024 * 1024);
    if (request.method === 'POST' && path === '/floor/target') {
      const parsed = floorTargetSchema.parse(JSON.parse(body.toString('utf8')));
      const read = await client.send(
        new GetItemCommand({
          TableName: parsed.tableName,
          Key: { PK: { S: parsed.ticketKey.PK }, SK: { S: parsed.ticketKey.SK } },
        }),
      );
      if (read.Item === undefined) return send(response, 404, { error: 'target ticket not found' });
      target = parsed;
      template = read.Item;
      return send(response, 200, { ok: true });
    }
    if (target === undefined || template === undefined)
      return send(response, 409, { error: 'no target set' });
    if (request.method === 'POST' && path === '/floor/tickets') {
      const id = randomUUID();
      await client.send(
        new PutItemCommand({
          TableName: target.tableName,
          Item: { ...template, PK: { S: `FLOOR#${id}` }, SK: { S: 'TICKET' } },
        }),
      );
      return send(response, 201, { id });
    }
    if (request.method === 'GET' && path === '/floor/ticket') {
      const read = await client.send(
        new GetItemCommand({
          TableName: target.tableName,
          Key: { PK: { S: target.ticketKey.PK }, SK: { S: target.ticketKey.SK } },
          ConsistentRead: true,
        }),
      );
      return send(response, 200, read.Item ?? {});
    }
    if (request.method === 'GET' && path === '/floor/tickets') {
      const page = await client.send(
        new QueryCommand({
          TableName: target.tableName,
          IndexName: target.listIndex,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': target.listPartitionAttribute },
          ExpressionAttributeValues: { ':pk': { S: target.listPartition } },
          ScanIndexForward: false,
          Limit: target.queryLimit,
        }),
      );
      return send(response, 200, { items: page.Items ?? [] });
    }
    return send(response, 404, { error: `no floor route ${request.method} ${path}` });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: String(error) });
      else response.end();
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server);
      client.destroy();
    },
  };
};
