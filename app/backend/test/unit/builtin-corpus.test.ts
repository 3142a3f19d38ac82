import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinEngine } from '../../src/agent/builtin.js';
import type { HistoryMessage } from '../../src/agent/engine.js';
import { ToolRunner, type ToolCall } from '../../src/tools.js';
import { MemoryTasks } from '../helpers/memory-tasks.js';
import { CORPUS, FIXTURE, NOW, TIME_ZONE, type CorpusCase } from '../corpus/chat-phrasings.js';

// The corpus of everyday phrasings (test/corpus/chat-phrasings.ts), each case
// on a fresh copy of the fixture, at a fixed instant in a fixed time zone.

const engine = new BuiltinEngine();

/** Runs the case's conversation; returns what went wrong, or null. */
async function run(c: CorpusCase): Promise<string | null> {
  const store = new MemoryTasks().seed(1, FIXTURE);
  const history: HistoryMessage[] = [];
  let last: { reply: string; calls: ToolCall[] } = { reply: '', calls: [] };
  for (const message of [...(c.before ?? []), c.say]) {
    const tools = ToolRunner.forUser(1, store.asStore(), new Date(NOW), TIME_ZONE);
    const out = await engine.respond({ message, history, tools });
    history.push({ role: 'user', content: message, tool_calls: [], meta: {} });
    history.push({ role: 'assistant', content: out.reply, tool_calls: tools.calls, meta: out.meta ?? {} });
    last = { reply: out.reply, calls: tools.calls };
  }
  const got = last.calls.map((x) => ({ name: x.name, args: x.arguments }));
  const problems: string[] = [];
  try {
    assert.deepEqual(got, c.calls);
  } catch {
    problems.push(`calls ${JSON.stringify(got)}, expected ${JSON.stringify(c.calls)}`);
  }
  const invalid = last.calls.find(
    (x) => (x.result.error as { code?: string } | undefined)?.code === 'invalid_arguments',
  );
  if (invalid) problems.push(`a call was refused: ${JSON.stringify(invalid.result)}`);
  if (!c.reply.test(last.reply)) problems.push(`reply ${JSON.stringify(last.reply)} does not match ${c.reply}`);
  return problems.length ? problems.join('; ') : null;
}

test(`the chat corpus: ${CORPUS.length} phrasings, every one handled as written`, async (t) => {
  assert.ok(CORPUS.length >= 300, `the corpus has ${CORPUS.length} cases`);
  const byKind = new Map<string, { passed: number; total: number }>();
  const failures: string[] = [];
  for (const c of CORPUS) {
    const problem = await run(c);
    const k = byKind.get(c.kind) ?? { passed: 0, total: 0 };
    k.total++;
    if (problem)
      failures.push(`[${c.kind}] ${c.before ? `(after ${JSON.stringify(c.before)}) ` : ''}"${c.say}": ${problem}`);
    else k.passed++;
    byKind.set(c.kind, k);
  }
  const pct = (p: number, n: number) => `${((100 * p) / n).toFixed(1)}%`;
  const width = Math.max(...[...byKind.keys()].map((k) => k.length));
  for (const [kind, k] of byKind)
    t.diagnostic(`${kind.padEnd(width)}  ${k.passed}/${k.total}  ${pct(k.passed, k.total)}`);
  const passed = CORPUS.length - failures.length;
  t.diagnostic(`${'overall'.padEnd(width)}  ${passed}/${CORPUS.length}  ${pct(passed, CORPUS.length)}`);
  assert.deepEqual(failures, [], `${failures.length} of ${CORPUS.length} phrasings failed:\n${failures.join('\n')}`);
});

test('the corpus has no duplicate case and every issue #19 class has at least 20 phrasings', () => {
  const keys = CORPUS.map((c) => `${(c.before ?? []).join(' | ')} → ${c.say}`);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
  for (const kind of [
    'implicit add with a date or lead-in',
    'greeting with more words',
    'correction',
    'several tasks in one message',
    'date question',
    'priority words',
    'non-English',
  ]) {
    const n = CORPUS.filter((c) => c.kind === kind).length;
    assert.ok(n >= 20, `${kind}: ${n} phrasings`);
  }
  // negative cases: phrasings that must not change the list
  assert.ok(CORPUS.filter((c) => c.kind === 'not a task').length >= 20);
});

test("word salad from the corpus's own words never throws, always replies, never sends a tool bad arguments", async () => {
  const vocab = [...new Set(CORPUS.flatMap((c) => c.say.split(/\s+/)))];
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 500; i++) {
    const store = new MemoryTasks().seed(1, FIXTURE);
    const history: HistoryMessage[] = [];
    for (let turn = 0; turn < 2; turn++) {
      const message = Array.from({ length: 1 + rand(14) }, () => vocab[rand(vocab.length)]).join(rand(5) ? ' ' : ', ');
      const tools = ToolRunner.forUser(1, store.asStore(), new Date(NOW), TIME_ZONE);
      const out = await engine.respond({ message, history, tools });
      assert.ok(out.reply.length > 0, message);
      for (const c of tools.calls)
        assert.notEqual((c.result.error as { code?: string } | undefined)?.code, 'invalid_arguments', message);
      history.push({ role: 'user', content: message, tool_calls: [], meta: {} });
      history.push({ role: 'assistant', content: out.reply, tool_calls: tools.calls, meta: out.meta ?? {} });
    }
  }
});
