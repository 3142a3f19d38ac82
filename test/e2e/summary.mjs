// "N passed, N failed, N skipped" from Playwright's JSON report (results.json),
// the line the suite's runners count. Exit 1 when the report is missing.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let stats;
try {
  ({ stats } = JSON.parse(readFileSync(file, 'utf8')));
} catch (e) {
  console.error(`no Playwright report at ${file}: ${e.message}`);
  process.exit(1);
}
console.log(`${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`);
