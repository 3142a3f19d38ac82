import type { Queryable } from './db.js';
import type { EngineMeta, HistoryMessage } from './agent/engine.js';
import type { ToolCall } from './tools.js';

export interface Conversation {
  id: number;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface Message {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ToolCall[];
  created_at: string;
}

interface ConvRow {
  id: number;
  title: string;
  created_at: Date;
  updated_at: Date;
}
interface MsgRow {
  id: number;
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ToolCall[];
  meta: EngineMeta;
  created_at: Date;
}

const toConv = (r: ConvRow): Conversation => ({
  id: r.id,
  title: r.title,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

/**
 * JSON for a jsonb column. JSON.stringify writes a lone UTF-16 surrogate as
 * "\ud800", which PostgreSQL refuses in jsonb (a text column gets U+FFFD):
 * replace them the same way first.
 */
function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.toWellFormed() : v));
}

/** Conversations and their messages; every query is scoped to the owner. */
export class ConversationStore {
  constructor(private readonly pool: Queryable) {}

  async create(userId: number, title: string): Promise<Conversation> {
    const res = await this.pool.query<ConvRow>(
      'INSERT INTO conversations (user_id, title) VALUES ($1, $2) RETURNING id, title, created_at, updated_at',
      [userId, title.slice(0, 80)],
    );
    return toConv(res.rows[0]!);
  }

  async get(userId: number, id: number): Promise<Conversation | null> {
    const res = await this.pool.query<ConvRow>(
      'SELECT id, title, created_at, updated_at FROM conversations WHERE id = $1 AND user_id = $2',
      [id, userId],
    );
    return res.rows[0] ? toConv(res.rows[0]) : null;
  }

  async list(userId: number, limit = 100): Promise<Conversation[]> {
    const res = await this.pool.query<ConvRow>(
      `SELECT id, title, created_at, updated_at FROM conversations WHERE user_id = $1
        ORDER BY updated_at DESC, id DESC LIMIT $2`,
      [userId, limit],
    );
    return res.rows.map(toConv);
  }

  async messages(userId: number, conversationId: number): Promise<Message[]> {
    const res = await this.pool.query<MsgRow>(
      `SELECT id, role, content, tool_calls, created_at FROM messages
        WHERE conversation_id = $1 AND user_id = $2 ORDER BY id`,
      [conversationId, userId],
    );
    return res.rows.map((r) => ({
      id: r.id,
      role: r.role,
      content: r.content,
      tool_calls: r.tool_calls,
      created_at: r.created_at.toISOString(),
    }));
  }

  /** The most recent messages (oldest first), with engine metadata, for the agent. */
  async history(userId: number, conversationId: number, limit = 20): Promise<HistoryMessage[]> {
    const res = await this.pool.query<MsgRow>(
      `SELECT * FROM (
         SELECT id, role, content, tool_calls, meta FROM messages
          WHERE conversation_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3
       ) recent ORDER BY id`,
      [conversationId, userId, limit],
    );
    return res.rows.map((r) => ({ role: r.role, content: r.content, tool_calls: r.tool_calls, meta: r.meta ?? {} }));
  }

  async addMessage(
    userId: number,
    conversationId: number,
    role: 'user' | 'assistant',
    content: string,
    toolCalls: ToolCall[] = [],
    meta: EngineMeta = {},
  ): Promise<void> {
    await this.pool.query(
      `WITH m AS (
         INSERT INTO messages (conversation_id, user_id, role, content, tool_calls, meta)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
       )
       UPDATE conversations SET updated_at = now() WHERE id = $1 AND user_id = $2`,
      [conversationId, userId, role, content, toJsonb(toolCalls), toJsonb(meta)],
    );
  }
}
