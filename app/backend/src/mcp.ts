import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { TOOLS, ToolRunner, toolJsonSchema, type ToolDefinition } from './tools.js';
import { errors } from './schemas.js';
import { isDatabaseUnavailable } from './db.js';
import { DATABASE_UNAVAILABLE } from './errors.js';

const VERSION = '0.1.0';

// The MCP SDK is loaded on first use: it is sizeable, and many deployments never call /mcp.
type Sdk = {
  Server: typeof import('@modelcontextprotocol/sdk/server/index.js').Server;
  StreamableHTTPServerTransport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
  types: typeof import('@modelcontextprotocol/sdk/types.js');
};
let sdk: Sdk | undefined;
function loadSdk(): Sdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  sdk ??= {
    Server: (
      require('@modelcontextprotocol/sdk/server/index.js') as typeof import('@modelcontextprotocol/sdk/server/index.js')
    ).Server,
    StreamableHTTPServerTransport: (
      require('@modelcontextprotocol/sdk/server/streamableHttp.js') as typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js')
    ).StreamableHTTPServerTransport,
    types: require('@modelcontextprotocol/sdk/types.js') as typeof import('@modelcontextprotocol/sdk/types.js'),
  };
  return sdk;
}

/** An MCP server exposing the task tools of one user. */
function serverFor({ Server, types }: Sdk, userId: number, app: FastifyInstance): Server {
  const { CallToolRequestSchema, ListToolsRequestSchema } = types;
  const server = new Server({ name: 'todo-chatbot', version: VERSION }, { capabilities: { tools: {} } });
  const tools = (TOOLS as readonly ToolDefinition[]).map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: toolJsonSchema(t) as { type: 'object'; [k: string]: unknown },
  }));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const runner = ToolRunner.forUser(userId, app.deps.tasks, app.deps.clock());
    let result: Record<string, unknown>;
    try {
      result = await runner.call(request.params.name, request.params.arguments ?? {});
    } catch (err) {
      // The SDK would send the raw error text (a database's, say) to the client: log it, say something human.
      if (isDatabaseUnavailable(err)) {
        app.log.warn({ err: { message: (err as Error).message }, tool: request.params.name }, 'database unavailable');
        result = { error: { code: 'unavailable', message: DATABASE_UNAVAILABLE } };
      } else {
        app.log.error({ err, tool: request.params.name }, 'MCP tool call failed');
        result = { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } };
      }
    }
    return {
      content: [{ type: 'text' as const, text: JSON.stringify(result) }],
      structuredContent: result,
      isError: result.error !== undefined,
    };
  });
  return server;
}

// The SDK's integers are JavaScript's safe ones: a larger id is refused as a parse error.
const safeInteger = { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
const requestId = { anyOf: [{ type: 'string' }, safeInteger] };
/**
 * The JSON-RPC 2.0 message shapes the MCP SDK accepts (it refuses anything
 * else with a 400 "Parse error"): a request, a notification, a result or an
 * error (whose id may be missing); the body is one of them or a batch.
 */
const jsonRpcShapes = [
  {
    type: 'object',
    properties: { jsonrpc: { const: '2.0' }, id: requestId, method: { type: 'string' }, params: { type: 'object' } },
    required: ['jsonrpc', 'id', 'method'],
    additionalProperties: false,
  },
  {
    type: 'object',
    properties: { jsonrpc: { const: '2.0' }, method: { type: 'string' }, params: { type: 'object' } },
    required: ['jsonrpc', 'method'],
    additionalProperties: false,
  },
  {
    type: 'object',
    properties: { jsonrpc: { const: '2.0' }, id: requestId, result: { type: 'object' } },
    required: ['jsonrpc', 'id', 'result'],
    additionalProperties: false,
  },
  {
    type: 'object',
    properties: {
      jsonrpc: { const: '2.0' },
      id: requestId,
      error: {
        type: 'object',
        properties: { code: safeInteger, message: { type: 'string' }, data: {} },
        required: ['code', 'message'],
      },
    },
    required: ['jsonrpc', 'error'],
    additionalProperties: false,
  },
];
const jsonRpcMessage = {
  description: 'a JSON-RPC 2.0 message (a request, a notification, a result or an error), or a batch of them',
  oneOf: [...jsonRpcShapes, { type: 'array', minItems: 1, items: { oneOf: jsonRpcShapes } }],
};

/**
 * MCP over Streamable HTTP at /mcp, stateless: every POST gets a fresh server
 * and transport bound to the user of its Bearer token.
 */
export async function mcpRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/mcp',
    {
      schema: {
        tags: ['mcp'],
        summary:
          'Model Context Protocol (Streamable HTTP, stateless); tools add_task, list_tasks, complete_task, update_task, delete_task',
        body: jsonRpcMessage,
        // Streamable HTTP: the client must accept both (the SDK would answer 406).
        headers: {
          type: 'object',
          properties: {
            accept: {
              type: 'string',
              pattern: '(application/json.*text/event-stream|text/event-stream.*application/json)',
            },
          },
          required: ['accept'],
        },
        // Written by the MCP SDK (the reply is hijacked): described here, never serialized by Fastify.
        response: {
          200: {
            description:
              'The JSON-RPC response (application/json), an array of them for a batch, or none for a notification',
            oneOf: [
              { type: 'object', additionalProperties: true },
              { type: 'array', items: { type: 'object', additionalProperties: true } },
            ],
          },
          202: { description: 'A notification or response was accepted', type: 'null' },
          400: {
            description: 'Not a valid JSON-RPC message (a JSON-RPC error object)',
            type: 'object',
            additionalProperties: true,
          },
          ...errors(401),
        },
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const user = await app.deps.authenticate(req);
      if (!user) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({
            error: { code: 'unauthorized', message: 'Send Authorization: Bearer <token> (from /api/auth/signin).' },
          });
      }
      const mcp = loadSdk();
      const server = serverFor(mcp, user.id, app);
      const transport = new mcp.StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      reply.hijack();
      reply.raw.on('close', () => {
        req.log.info(
          {
            req: { method: 'POST', url: '/mcp' },
            res: { statusCode: reply.raw.statusCode },
            responseTime: Math.round(reply.elapsedTime * 10) / 10,
          },
          'request completed',
        );
        void transport.close();
        void server.close();
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(req.raw, reply.raw, req.body);
      } catch (err) {
        req.log.error({ err }, 'mcp request failed');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' });
          reply.raw.end(
            JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }),
          );
        }
      }
    },
  );

  // GET (a server stream) and DELETE (end a session) have no meaning for a stateless server: the
  // generic 405 answers them, with Allow: POST.
}
