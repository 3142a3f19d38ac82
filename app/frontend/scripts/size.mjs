// Fails when the production JavaScript in dist/assets exceeds the gzip budget.
// Usage: npm run build && npm run size   (budget: SIZE_BUDGET_KB, default 150; 1 KB = 1000 bytes)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/assets/', import.meta.url);
const budgetKb = Number(process.env.SIZE_BUDGET_KB ?? 150);

let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js'));
} catch {
  console.error('size: dist/assets not found; run `npm run build` first');
  process.exit(2);
}
if (files.length === 0) {
  console.error('size: no JavaScript in dist/assets');
  process.exit(2);
}

let raw = 0;
let gz = 0;
for (const f of files) {
  const buf = readFileSync(join(dir.pathname, f));
  const z = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += z;
  console.log(
    `${f.padEnd(32)} ${(buf.length / 1000).toFixed(1).padStart(8)} kB  gzip ${(z / 1000).toFixed(1).padStart(7)} kB`,
  );
}
const verdict = gz <= budgetKb * 1000 ? 'within' : 'OVER';
console.log(
  `total JS: ${(raw / 1000).toFixed(1)} kB, gzip ${(gz / 1000).toFixed(1)} kB (${verdict} budget ${budgetKb} kB)`,
);
if (verdict === 'OVER') process.exit(1);
