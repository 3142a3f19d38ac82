// Splits bad-values.yaml into one values file per case.
//   node cases.mjs <bad-values.yaml> <outdir>
// Prints "<file>\t<error regex>\t<lint: yes|no>\t<name>" per case, for
// test/infra/test-chart.sh. Values are written as YAML 1.1 (what Helm reads), so
// that strings like "yes" stay strings.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const [src, outDir] = process.argv.slice(2);
const cases = parse(readFileSync(src, 'utf8'));
cases.forEach((c, i) => {
  if (!c.name || !c.values || !c.error) throw new Error(`case ${i + 1} needs name, values and error`);
  const file = join(outDir, `bad-${String(i + 1).padStart(2, '0')}.yaml`);
  writeFileSync(file, stringify(c.values, { version: '1.1' }));
  process.stdout.write(`${file}\t${c.error}\t${c.lint === false ? 'no' : 'yes'}\t${c.name}\n`);
});
