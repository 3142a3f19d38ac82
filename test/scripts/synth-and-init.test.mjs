// scripts/lib/prepare.sh synth_and_init: the stack JSON comes from cdktf.json's
// app, and `terraform init` runs only when what it depends on changed. It runs
// in a checkout of symbolic links (its own cdktf.out/ and dist/); the Terraform
// binary is a recording stand-in: what is tested is when it is called.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'synth-and-init-'));
after(() => rmSync(work, { recursive: true, force: true }));

const checkout = join(work, 'checkout');
execFileSync('mkdir', [checkout]);
for (const name of readdirSync(ROOT)) {
  if (!['cdktf.out', 'dist', '.git', 'state', 'plans'].includes(name))
    symlinkSync(join(ROOT, name), join(checkout, name));
}
const stackDir = join(checkout, 'cdktf.out/stacks/todo-local');
const calls = join(work, 'terraform-calls');
const fakeTf = join(work, 'terraform');
// Records its arguments; `init` makes the folder an initialized one and writes a lock file.
writeFileSync(
  fakeTf,
  `#!/usr/bin/env bash
[[ $1 == version ]] && { echo "Terraform v1.11.4"; exit 0; } # the app checks it at synth
echo "$*" >>"${calls}"
dir="\${1#-chdir=}"
if [[ $2 == init ]]; then
  # A lock file naming an older provider: Terraform's own refusal, until -upgrade.
  if grep -q 'helm 0.0.1' "$dir/.terraform.lock.hcl" 2>/dev/null && [[ $* != *-upgrade* ]]; then
    # Terraform's own wording, wrapped at 78 columns as it prints it to a pipe.
    printf '%s\n' "Error: Failed to query available provider packages" "" \
      "Could not retrieve the list of available versions for provider" \
      "hashicorp/helm: locked provider registry.terraform.io/hashicorp/helm 0.0.1" \
      "does not match configured version constraint 3.1.1; must use terraform init" \
      "-upgrade to allow selection of new versions" >&2
    exit 1
  fi
  mkdir -p "$dir/.terraform/providers"
  [[ -f $dir/.terraform.lock.hcl && $* != *-upgrade* ]] || echo '# lock' >"$dir/.terraform.lock.hcl"
fi
`,
);
chmodSync(fakeTf, 0o755);

/** Runs synth_and_init for the local stack; returns the Terraform calls it made. */
function synthAndInit(env = {}) {
  writeFileSync(calls, '');
  execFileSync('bash', ['-c', '. scripts/lib/prepare.sh && CFG_STACK=todo-local && synth_and_init'], {
    cwd: checkout,
    env: { ...process.env, TERRAFORM_BINARY_NAME: fakeTf, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean);
}

const PG = { TODO_STATE_BACKEND: 'pg', PG_CONN_STR: 'postgres://nobody@127.0.0.1:9/none' };
const INIT = '-chdir=cdktf.out/stacks/todo-local init -input=false -no-color';

test('a fresh checkout: the app synthesizes the stack, then terraform init runs', () => {
  assert.deepEqual(synthAndInit(), [INIT]);
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  assert.ok(stack.resource.helm_release, 'the synthesized stack has the Helm release');
});

test('nothing changed: no terraform init', () => {
  assert.deepEqual(synthAndInit(), []);
});

test('another backend in the terraform block: init again, then not', () => {
  assert.deepEqual(synthAndInit(PG), [INIT]);
  assert.deepEqual(synthAndInit(PG), []);
  assert.deepEqual(synthAndInit(), [INIT], 'back to local state');
});

test('a changed provider lock file or a missing providers folder: init again', () => {
  writeFileSync(join(stackDir, '.terraform.lock.hcl'), '# another lock\n');
  assert.deepEqual(synthAndInit(), [INIT]);
  rmSync(join(stackDir, '.terraform/providers'), { recursive: true });
  assert.deepEqual(synthAndInit(), [INIT]);
  assert.deepEqual(synthAndInit(), []);
});

test('a lock file older than the provider pins: init, then init -upgrade, as cdktf deploy does', () => {
  writeFileSync(join(stackDir, '.terraform.lock.hcl'), '# helm 0.0.1\n');
  assert.deepEqual(synthAndInit(), [INIT, `${INIT} -upgrade`]);
  assert.equal(readFileSync(join(stackDir, '.terraform.lock.hcl'), 'utf8'), '# lock\n');
  assert.deepEqual(synthAndInit(), []);
});

test('a synthesis error stops before Terraform, with the error shown', () => {
  const config = join(work, 'bad.json');
  writeFileSync(config, '{"backend": {"replicas": 0}}');
  assert.throws(
    () => synthAndInit({ TODO_CONFIG: config }),
    (error) =>
      /backend\.replicas/.test(error.stderr.toString()) &&
      /synthesis \(node scripts\/cdktf-app\.js\) failed/.test(error.stderr.toString()),
  );
  assert.deepEqual(readFileSync(calls, 'utf8'), '');
});
