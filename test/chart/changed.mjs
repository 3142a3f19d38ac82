// Lists the objects that differ between two renderings of the chart.
//   node changed.mjs <a.yaml> <b.yaml>
// Prints one "Kind/name" per added, removed or changed object, sorted.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const load = (p) =>
  new Map(
    parseAllDocuments(readFileSync(p, 'utf8'))
      .map((d) => d.toJS())
      .filter((d) => d != null)
      .map((d) => [`${d.kind}/${d.metadata?.name}`, JSON.stringify(d)]),
  );
const [a, b] = process.argv.slice(2).map(load);
const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
for (const k of keys) if (a.get(k) !== b.get(k)) console.log(k);
