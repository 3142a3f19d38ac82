/**
 * Load test of a real backend process (node dist/server.js) against the
 * PostgreSQL in DATABASE_URL, with autocannon:
 *   1. GET /api/tasks at 300 req/s for 30 s   (target p99 < 50 ms)
 *   2. POST /api/chat (built-in engine) at 100 req/s for 30 s (target p99 < 100 ms)
 * and the process's RSS idle and under load (target < 150 MiB).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const ROOT = path.join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 30);
const MiB = 1024 * 1024;
const LOAD_BEFORE = os.loadavg().map((x) => Math.round(x * 100) / 100);

function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** user+system CPU time of a process, in ms (clock ticks are 10 ms on Linux). */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function json(url: string, method: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function load(name: string, opts: autocannon.Options, pid: number) {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 250);
  const cpu0 = cpuMs(pid);
  const result = await autocannon(opts);
  const cpu = cpuMs(pid) - cpu0;
  clearInterval(sampler);
  peak = Math.max(peak, rss(pid));
  const r = {
    name,
    target_rps: opts.overallRate,
    duration_s: DURATION,
    requests: result.requests.total,
    achieved_rps: Math.round((result.requests.total / DURATION) * 10) / 10,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    rss_peak_mib: Math.round((peak / MiB) * 10) / 10,
    // CPU the server process spent per request (independent of other load on the machine)
    server_cpu_ms_per_request: Math.round((cpu / Math.max(1, result.requests.total)) * 100) / 100,
    server_cpu_percent: Math.round((cpu / (DURATION * 1000)) * 1000) / 10,
    loadavg_1m_after: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  console.log(JSON.stringify(r));
  return r;
}

function pct(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

/**
 * Open-loop cross-check: requests are started on a fixed schedule (rate/s)
 * whether or not earlier ones have finished, and each latency is measured from
 * its scheduled start, so a stalled server shows up in the figures.
 */
async function openLoop(name: string, rate: number, pid: number, send: (i: number) => Promise<number>) {
  const lat: number[] = [];
  let failures = 0;
  const inflight = new Set<Promise<void>>();
  const t0 = performance.now();
  const total = rate * DURATION;
  const cpu0 = cpuMs(pid);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 250);
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p: Promise<void> = send(i)
      .then((status) => {
        if (status >= 300) failures++;
        lat.push(performance.now() - due);
      })
      .catch(() => {
        failures++;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  const cpu = cpuMs(pid) - cpu0;
  lat.sort((a, b) => a - b);
  const r = {
    name: `${name} (open loop)`,
    target_rps: rate,
    requests: lat.length,
    failures,
    latency_ms: { p50: pct(lat, 50), p90: pct(lat, 90), p99: pct(lat, 99), max: pct(lat, 100) },
    rss_peak_mib: Math.round((Math.max(peak, rss(pid)) / MiB) * 10) / 10,
    server_cpu_ms_per_request: Math.round((cpu / Math.max(1, lat.length)) * 100) / 100,
    loadavg_1m_after: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  console.log(JSON.stringify(r));
  return r;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (run through npm run bench)');
  // PORT=0: the kernel picks a free port; the server logs the address it got.
  const logPath = path.join('/tmp', `todo-bench-${process.pid}.log`);
  const logFile = fs.openSync(logPath, 'w');
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', logFile, logFile],
  });
  let url = '';
  try {
    for (let i = 0; ; i++) {
      url ||= /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(fs.readFileSync(logPath, 'utf8'))?.[1] ?? '';
      try {
        if (url && (await fetch(`${url}/readyz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 200) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { token } = await json(`${url}/api/auth/signup`, 'POST', {
      email: 'bench@example.com',
      password: 'bench-password',
    });
    for (let i = 0; i < 25; i++) {
      await json(
        `${url}/api/tasks`,
        'POST',
        { title: `seed task ${i}`, description: 'some words to search', due_date: i % 3 ? null : '2026-12-01' },
        token,
      );
    }
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // warm-up (both routes), then idle RSS
    await autocannon({ url: `${url}/api/tasks`, headers, connections: 4, amount: 500 });
    await autocannon({
      url: `${url}/api/chat`,
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'what is still open?' }),
      connections: 4,
      amount: 200,
    });
    await new Promise((r) => setTimeout(r, 3000));
    const idle = rss(child.pid!);
    console.log(JSON.stringify({ name: 'idle', rss_mib: Math.round((idle / MiB) * 10) / 10 }));

    const tasks = await load(
      'GET /api/tasks',
      {
        url: `${url}/api/tasks`,
        headers,
        connections: 10,
        overallRate: 300,
        duration: DURATION,
        ignoreCoordinatedOmission: true,
      },
      child.pid!,
    );

    // Each connection runs a small conversation: add, complete it by id, list open, delete it.
    const chat = await load(
      'POST /api/chat (built-in engine)',
      {
        url,
        headers,
        connections: 10,
        overallRate: 100,
        duration: DURATION,
        ignoreCoordinatedOmission: true,
        requests: [
          {
            method: 'POST',
            path: '/api/chat',
            setupRequest: (req, ctx: any) => ({
              ...req,
              body: JSON.stringify({
                message: 'add buy milk tomorrow',
                ...(ctx.cid ? { conversation_id: ctx.cid } : {}),
              }),
            }),
            onResponse: (status, body, ctx: any) => {
              if (status !== 200) return;
              const j = JSON.parse(body);
              ctx.cid = j.conversation_id;
              ctx.tid = j.tool_calls[0]?.result?.task?.id;
            },
          },
          {
            method: 'POST',
            path: '/api/chat',
            setupRequest: (req, ctx: any) => ({
              ...req,
              body: JSON.stringify({ message: 'mark it done', conversation_id: ctx.cid }),
            }),
          },
          {
            method: 'POST',
            path: '/api/chat',
            setupRequest: (req, ctx: any) => ({
              ...req,
              body: JSON.stringify({ message: 'what is still open?', conversation_id: ctx.cid }),
            }),
          },
          {
            method: 'POST',
            path: '/api/chat',
            setupRequest: (req, ctx: any) => ({
              ...req,
              body: JSON.stringify({ message: `delete #${ctx.tid}`, conversation_id: ctx.cid }),
            }),
          },
        ],
      },
      child.pid!,
    );
    // open-loop cross-checks of the same two loads
    const get = (path: string) => fetch(url + path, { headers }).then(async (r) => (await r.arrayBuffer(), r.status));
    const tasksOpen = await openLoop('GET /api/tasks', 300, child.pid!, () => get('/api/tasks'));
    const slots: { busy: boolean; step: number; cid?: number; tid?: number }[] = [];
    const chatStep = async (): Promise<number> => {
      let slot = slots.find((x) => !x.busy);
      if (!slot) slots.push((slot = { busy: false, step: 0 }));
      slot.busy = true;
      try {
        const message = ['add buy milk tomorrow', 'mark it done', 'what is still open?', `delete #${slot.tid}`][
          slot.step % 4
        ]!;
        const res = await fetch(`${url}/api/chat`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ message, ...(slot.cid ? { conversation_id: slot.cid } : {}) }),
        });
        const j = (await res.json()) as any;
        if (slot.step % 4 === 0) slot.tid = j.tool_calls?.[0]?.result?.task?.id;
        slot.cid = j.conversation_id;
        slot.step++;
        return res.status;
      } finally {
        slot.busy = false;
      }
    };
    const chatOpen = await openLoop('POST /api/chat (built-in engine)', 100, child.pid!, chatStep);

    await new Promise((r) => setTimeout(r, 3000));
    const after = rss(child.pid!);
    console.log(JSON.stringify({ name: 'after load (idle)', rss_mib: Math.round((after / MiB) * 10) / 10 }));

    const ok =
      tasks.latency_ms.p99 < 50 &&
      chat.latency_ms.p99 < 100 &&
      tasksOpen.latency_ms.p99 < 50 &&
      chatOpen.latency_ms.p99 < 100 &&
      tasks.non2xx + tasks.errors + chat.non2xx + chat.errors + tasksOpen.failures + chatOpen.failures === 0 &&
      Math.max(
        idle / MiB,
        tasks.rss_peak_mib,
        chat.rss_peak_mib,
        tasksOpen.rss_peak_mib,
        chatOpen.rss_peak_mib,
        after / MiB,
      ) < 150;
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadavg_before: LOAD_BEFORE,
      idle_rss_mib: Math.round((idle / MiB) * 10) / 10,
      after_load_rss_mib: Math.round((after / MiB) * 10) / 10,
      tasks,
      chat,
      tasks_open_loop: tasksOpen,
      chat_open_loop: chatOpen,
      targets_met: ok,
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify(summary, null, 2));
    console.log(`targets met: ${ok}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
