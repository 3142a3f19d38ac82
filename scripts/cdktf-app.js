// The cdktf app command (cdktf.json "app"): runs the bundled app, rebuilding
// the bundle first only when a source is newer than it. One self-contained
// bundle loads about twice as fast as main.ts with node_modules resolved at
// run time, which keeps `cdktf synth` well inside its time budget.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'main.js');
const inputs = ['main.ts', 'stacks', 'package-lock.json', 'scripts/cdktf-app.js'];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

const bundleTime = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
if (inputs.some((input) => newestMtime(path.join(root, input)) > bundleTime)) {
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    logLevel: 'warning',
  });
}
require(bundle);
