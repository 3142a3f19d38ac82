import type { ToolCall, ToolRunner } from '../tools.js';

/** What an engine may remember between turns (stored with each assistant message, not shown to clients). */
export interface EngineMeta {
  /** the task the conversation is about ("it", "that one") */
  focus_task_id?: number;
  /** ids of the tasks in the last list shown, in order ("the first one") */
  last_list?: number[];
  /** a question the assistant asked and is waiting for an answer to */
  pending?: PendingAction;
  /** this turn undid an earlier turn's changes (so "undo" again reaches further back) */
  undo?: boolean;
}

export interface PendingAction {
  action: 'complete' | 'reopen' | 'delete' | 'update' | 'add';
  candidates: number[];
  patch?: { title?: string; description?: string; due_date?: string | null };
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
  tool_calls: ToolCall[];
  meta: EngineMeta;
}

export interface EngineInput {
  message: string;
  /** previous messages of the conversation, oldest first (a recent window) */
  history: HistoryMessage[];
  /** tool access scoped to the signed-in user; every call is recorded */
  tools: ToolRunner;
}

export interface EngineOutput {
  reply: string;
  meta?: EngineMeta;
}

export interface Engine {
  readonly name: string;
  respond(input: EngineInput): Promise<EngineOutput>;
}
