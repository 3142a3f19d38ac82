// The Terraform providers the synthesized stacks require, and their versions:
// read from the prebuilt bindings (@cdktf/provider-*), which write them into
// required_providers. The one owner of these pins; test scripts ask here.
//
//   node test/infra/provider-pins.mjs          "hashicorp/kubernetes 2.38.0" per line
//   node test/infra/provider-pins.mjs --json   {"registry.terraform.io/hashicorp/kubernetes": "2.38.0", …}
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(root, 'utf8'));
const require = createRequire(root);
const pins = Object.keys(pkg.dependencies)
  .filter((name) => name.startsWith('@cdktf/provider-'))
  .map((name) => {
    let provider;
    try {
      ({ provider } = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).cdktf);
    } catch {
      console.error(`${name} is not installed: run npm ci in the repository root`);
      process.exit(1);
    }
    return {
      source: provider.name.replace(/^registry\.terraform\.io\//, ''),
      version: provider.version,
      address: provider.name,
    };
  });

if (process.argv[2] === '--json') {
  console.log(JSON.stringify(Object.fromEntries(pins.map((p) => [p.address, p.version]))));
} else {
  for (const p of pins) console.log(`${p.source} ${p.version}`);
}
