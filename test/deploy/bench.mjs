// Deploy timings against the local control plane (run by scripts/bench-deploy.sh).
// Prints a markdown table; the no-op cases run RUNS times (default 3), median reported.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKDIR = process.env.TODO_TEST_WORKDIR;
const RUNS = Number(process.env.RUNS ?? 3);
const STACK_DIR = join(WORKDIR, 'cdktf.out', 'stacks', 'todo-local');
const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';
const LOG = process.env.TODO_BENCH_LOG;

function timed(label, command, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: WORKDIR, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (LOG) appendFileSync(LOG, `\n$ ${command} ${args.join(' ')} (${seconds.toFixed(1)} s)\n${r.stdout}${r.stderr}`);
  if (r.status !== 0) {
    console.error(`${label} failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`);
    process.exit(1);
  }
  process.stderr.write(`  ${label}: ${seconds.toFixed(1)} s\n`);
  return seconds;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const deploy = (label) => timed(label, 'bash', ['scripts/deploy.sh', '--skip-provider-lock']);
const repeat = (label, fn) => median(Array.from({ length: RUNS }, (_, i) => fn(`${label} #${i + 1}`)));

const rows = [];
rows.push(['first deploy (builds both images, installs the release)', deploy('first deploy')]);
rows.push([`no-op redeploy, \`npm run deploy\` (median of ${RUNS})`, repeat('no-op deploy', deploy)]);
rows.push([
  `no-op redeploy, Terraform time: \`terraform apply\` (median of ${RUNS})`,
  repeat('terraform apply (no-op)', (l) => timed(l, TF, [`-chdir=${STACK_DIR}`, 'apply', '-auto-approve', '-input=false', '-no-color'])),
]);
rows.push([
  `\`cdktf diff\` with no changes (median of ${RUNS})`,
  repeat('cdktf diff', (l) => timed(l, 'npx', ['--no-install', 'cdktf', 'diff', '--skip-provider-lock'])),
]);
const file = join(WORKDIR, 'app/backend/src/server.ts');
writeFileSync(file, `${readFileSync(file, 'utf8')}\n// bench: one-service change\n`);
rows.push(['one-service change redeploy (backend image rebuilt, release upgraded)', deploy('backend change deploy')]);

const table = ['| step | seconds |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`)].join('\n');
console.log(`\nDeploy benchmark (${new Date().toISOString()}, ${process.env.KUBE_CONTEXT}):\n${table}`);
