import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { TOOLS, toolJsonSchema, type ToolDefinition } from '../tools.js';
import type { Engine, EngineInput, EngineOutput } from './engine.js';

export interface OpenAIEngineOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** rounds of tool calls before giving up */
  maxRounds?: number;
  log?: { warn: (obj: object, msg: string) => void };
}

const SYSTEM = (today: string) =>
  [
    "You are a friendly assistant that manages the signed-in user's todo list.",
    `Today is ${today} in the user's time zone. Dates for tools are YYYY-MM-DD.`,
    'Use the tools to add, list, complete, update and delete tasks; never invent task ids: call list_tasks to find them.',
    "You can only see and change this user's own tasks; refuse requests about other users' data.",
    'If a request is ambiguous (several tasks could match), ask which one instead of guessing, especially before deleting.',
    "Task ids are the user's own task numbers; when you act on a task, name it with its title and number.",
    'To undo your last change: delete_task what you added, restore_task what you deleted, or update_task with the "previous" values a tool result returned.',
    'After acting, confirm briefly in one or two friendly sentences.',
  ].join(' ');

/** An OpenAI-compatible chat model with tool calling (OpenAI, Ollama, vLLM, ...). */
export class OpenAIEngine implements Engine {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly tools: ChatCompletionTool[];

  constructor(private readonly opts: OpenAIEngineOptions) {
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      timeout: opts.timeoutMs,
      maxRetries: 1,
    });
    this.tools = (TOOLS as readonly ToolDefinition[]).map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: toolJsonSchema(t) },
    }));
  }

  async respond(input: EngineInput): Promise<EngineOutput> {
    const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM(input.tools.today) }];
    for (const m of input.history) {
      if (m.role === 'user') messages.push({ role: 'user', content: m.content });
      else {
        const done = m.tool_calls.length
          ? `\n[tools used: ${m.tool_calls.map((c) => `${c.name}(${JSON.stringify(c.arguments)}) -> ${JSON.stringify(c.result).slice(0, 300)}`).join('; ')}]`
          : '';
        messages.push({ role: 'assistant', content: m.content + done });
      }
    }
    messages.push({ role: 'user', content: input.message });

    const maxRounds = this.opts.maxRounds ?? 5;
    try {
      for (let round = 0; round < maxRounds; round++) {
        const res = await this.client.chat.completions.create({
          model: this.opts.model,
          messages,
          tools: this.tools,
          tool_choice: 'auto',
          temperature: 0.2,
        });
        const msg = res.choices[0]?.message;
        if (!msg) return { reply: 'The language model returned no answer. Please try again.' };
        const calls = (msg.tool_calls ?? []).filter((c) => c.type === 'function');
        if (!calls.length) return { reply: (msg.content ?? '').trim() || 'Done.' };
        messages.push({ role: 'assistant', content: msg.content ?? null, tool_calls: calls });
        for (const c of calls) {
          let args: unknown;
          try {
            args = JSON.parse(c.function.arguments || '{}');
          } catch {
            args = undefined;
          }
          const result =
            args === undefined
              ? { error: { code: 'invalid_arguments', message: 'arguments were not valid JSON' } }
              : await input.tools.call(c.function.name, args);
          messages.push({ role: 'tool', tool_call_id: c.id, content: JSON.stringify(result) });
        }
      }
      return { reply: 'I could not finish that request in a few steps. Could you say it more simply?' };
    } catch (err) {
      const e = err as Error & { status?: number };
      this.opts.log?.warn(
        { err: { name: e.name, message: e.message, status: e.status } },
        'language model call failed',
      );
      if (err instanceof OpenAI.APIConnectionTimeoutError) {
        return { reply: 'The language model took too long to answer. Please try again in a moment.' };
      }
      if (err instanceof OpenAI.APIConnectionError) {
        return { reply: "I can't reach the language model right now. Please try again in a moment." };
      }
      if (err instanceof OpenAI.AuthenticationError) {
        return { reply: 'The language model rejected the configured API key. Please tell the administrator.' };
      }
      if (err instanceof OpenAI.RateLimitError) {
        return { reply: 'The language model is busy (rate limited). Please try again in a moment.' };
      }
      if (err instanceof OpenAI.APIError) {
        return {
          reply: `The language model answered with an error (${e.status ?? 'unknown'}). Please try again later.`,
        };
      }
      throw err;
    }
  }
}
