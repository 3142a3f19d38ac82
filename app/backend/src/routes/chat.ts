import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { checkTimeZone, errors, idParams, TEXT, timeZoneSchema } from '../schemas.js';
import { ConversationStore } from '../conversations.js';
import { withTransaction } from '../db.js';
import { TaskStore } from '../tasks.js';
import { ToolRunner } from '../tools.js';
import { requireUser } from './auth.js';

export const MESSAGE_MAX = 2000;

export async function chatRoutes(app: FastifyInstance): Promise<void> {
  const { conversations, engine } = app.deps;

  app.post<{ Body: { conversation_id?: number; message: string; time_zone?: string } }>(
    '/api/chat',
    {
      schema: {
        tags: ['chat'],
        summary: 'Send a message to the assistant; it may change tasks through its tools',
        body: {
          type: 'object',
          properties: {
            conversation_id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
            message: {
              type: 'string',
              minLength: 1,
              maxLength: MESSAGE_MAX,
              pattern: TEXT,
              description:
                'What the user says; at least one visible character (not only spaces or invisible characters)',
            },
            time_zone: timeZoneSchema('in which "today", "tomorrow" or "Friday" are meant'),
          },
          required: ['message'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              conversation_id: { type: 'integer' },
              reply: { type: 'string' },
              tool_calls: { type: 'array', items: { $ref: 'ToolCall#' } },
            },
            required: ['conversation_id', 'reply', 'tool_calls'],
          },
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      // A lone UTF-16 surrogate never gets here: the body parser refuses it (body.ts).
      const message = req.body.message.trim();
      const cid = req.body.conversation_id;
      const timeZone = checkTimeZone(req.body.time_zone);
      // One turn is one transaction: the agent's task changes and both messages are
      // stored together, or (on any error, the model's included) none of them is.
      // The connection is held while the model answers; the pool has room for that.
      return withTransaction(app.deps.pool, async (db) => {
        const turnConversations = new ConversationStore(db);
        let conversation;
        let history: Awaited<ReturnType<typeof conversations.history>> = [];
        if (cid !== undefined) {
          conversation = await turnConversations.get(user.id, cid);
          if (!conversation) throw new AppError('not_found', 'Conversation not found.');
          history = await turnConversations.history(user.id, cid);
        } else {
          conversation = await turnConversations.create(user.id, message.slice(0, 80));
        }
        const tools = ToolRunner.forUser(user.id, new TaskStore(db), app.deps.clock(), timeZone);
        const out = await engine.respond({ message, history, tools });
        await turnConversations.addMessage(user.id, conversation.id, 'user', message);
        await turnConversations.addMessage(
          user.id,
          conversation.id,
          'assistant',
          out.reply,
          tools.calls,
          out.meta ?? {},
        );
        req.log.info({ engine: engine.name, tools: tools.calls.map((c) => c.name) }, 'chat turn');
        return { conversation_id: conversation.id, reply: out.reply, tool_calls: tools.calls };
      });
    },
  );

  app.get(
    '/api/conversations',
    {
      schema: {
        tags: ['chat'],
        summary: "The user's conversations, most recent first",
        response: {
          200: {
            type: 'object',
            properties: { conversations: { type: 'array', items: { $ref: 'Conversation#' } } },
            required: ['conversations'],
          },
          ...errors(401),
        },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      return { conversations: await conversations.list(user.id) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags: ['chat'],
        summary: 'The messages of a conversation, oldest first',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              conversation_id: { type: 'integer' },
              messages: { type: 'array', items: { $ref: 'Message#' } },
            },
            required: ['conversation_id', 'messages'],
          },
          ...errors(400, 401, 404),
        },
      },
    },
    async (req) => {
      const user = await requireUser(req);
      const id = Number(req.params.id);
      const conversation = await conversations.get(user.id, id);
      if (!conversation) throw new AppError('not_found', 'Conversation not found.');
      return { conversation_id: id, messages: await conversations.messages(user.id, id) };
    },
  );
}
