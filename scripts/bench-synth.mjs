#!/usr/bin/env node
// Synth speed, side by side in one run: this project's app (esbuild bundle +
// node) against the `cdktf init` template's ts-node app, alone and through the
// cdktf CLI. Prints the median of RUNS runs of each (default 5).
//
//   npm run bench:synth            RUNS=9 npm run bench:synth
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.env.RUNS ?? 5);
const ourApp = JSON.parse((await import('node:fs')).readFileSync('cdktf.json', 'utf8')).app;
const templateApp = 'npx ts-node main.ts';
const cases = [
  { name: 'app alone: this project (esbuild + node)', command: ourApp, budget: 1.0 },
  { name: 'app alone: cdktf init template (ts-node)', command: templateApp },
  { name: 'cdktf synth: this project', command: 'npx --no-install cdktf synth', budget: 4.0 },
  {
    name: 'cdktf synth: cdktf init template (ts-node)',
    command: `npx --no-install cdktf synth --app "${templateApp}"`,
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const c of cases) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
    const start = process.hrtime.bigint();
    const r = spawnSync(c.command, {
      shell: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CDKTF_OUTDIR: outdir, CI: '1' },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rmSync(outdir, { recursive: true, force: true });
    if (r.status !== 0) {
      console.error(`${c.name} failed:\n${r.stderr}`);
      process.exit(1);
    }
    times.push(seconds);
  }
  const m = median(times);
  results.push({ ...c, median: m, min: Math.min(...times), max: Math.max(...times) });
  process.stderr.write(`  measured ${c.name}: median ${m.toFixed(2)} s\n`);
}

console.log(`\nSynth benchmark, ${runs} runs each, median (min-max), ${new Date().toISOString()}`);
console.log('| case | median | range | budget |');
console.log('| --- | --- | --- | --- |');
for (const r of results) {
  const verdict = r.budget === undefined ? '' : `${r.budget} s ${r.median <= r.budget ? 'met' : 'MISSED'}`;
  console.log(`| ${r.name} | ${r.median.toFixed(2)} s | ${r.min.toFixed(2)}-${r.max.toFixed(2)} s | ${verdict} |`);
}
process.exit(results.every((r) => r.budget === undefined || r.median <= r.budget) ? 0 : 1);
