// scripts/policy-check.mjs on plans Terraform really made from the
// synthesized stacks: `terraform plan` of a first deploy needs no cluster
// (providers from the toolchain's mirror, a kubeconfig that points nowhere),
// and random_password applies offline, so a password can be destroyed and
// replaced for real. Each case is one synth + init + plan in a temp folder.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(TODO_|TF_CLOUD_|TF_WORKSPACE$|TF_VAR_|PG_CONN_STR$|CDKTF_|KUBE)/.test(k),
  ),
);

/** A synthesized stack in a temp folder, its state in a temp file, initialized from the mirror. */
function stack(extraEnv = {}, edit = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'policy-plan-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'none', cluster: { server: 'https://127.0.0.1:9' } }],
      contexts: ['minikube', 'default'].map((name) => ({ name, context: { cluster: 'none', user: 'none' } })),
      users: [{ name: 'none', user: { token: 'not-a-token' } }],
    }),
  );
  const synthEnv = { ...env, ...extraEnv, KUBECONFIG: kubeconfig, CDKTF_OUTDIR: join(dir, 'out') };
  execFileSync('node', ['scripts/cdktf-app.js'], { cwd: ROOT, env: synthEnv, stdio: 'pipe' });
  const name = JSON.parse(
    execFileSync('node', ['scripts/cdktf-app.js', '--print-config'], { cwd: ROOT, env: synthEnv, encoding: 'utf8' }),
  ).stackName;
  const stackDir = join(dir, 'out', 'stacks', name);
  const file = join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.terraform.backend = { local: { path: join(dir, 'test.tfstate') } };
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
  tf(stackDir, 'init', '-input=false');
  return { dir, stackDir, json };
}

function tf(stackDir, ...args) {
  const r = spawnSync(TF, [`-chdir=${stackDir}`, ...args, '-no-color'], { encoding: 'utf8', env: process.env });
  assert.equal(r.status, 0, `${TF} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** terraform plan ARGS, then policy-check on its unmasked JSON: [exit status, output lines]. */
function planAndCheck({ stackDir, dir }, planArgs = [], checkArgs = []) {
  tf(stackDir, 'plan', '-input=false', '-out=review.tfplan', ...planArgs);
  const planJson = join(dir, 'plan.json');
  writeFileSync(planJson, tf(stackDir, 'show', '-json', 'review.tfplan'), { mode: 0o600 });
  const r = spawnSync('node', [join(ROOT, 'scripts/policy-check.mjs'), '--plan', planJson, ...checkArgs], {
    encoding: 'utf8',
  });
  assert.equal(r.stderr, '');
  return [r.status, r.stdout.trim().split('\n')];
}

const address = (json, type) => `${type}.${Object.keys(json.resource[type])[0]}`;

test('a first deploy of the local environment is allowed', () => {
  const [status, lines] = planAndCheck(stack());
  assert.deepEqual([status, lines], [0, ['policy check: allowed (data_loss, image_digest, secret_flow)']]);
});

test('the cluster environment: allowed when images go through a registry (pinned by digest), denied without one', () => {
  assert.equal(planAndCheck(stack({ TODO_ENV: 'cluster' }))[0], 0);
  const s = stack({ TODO_ENV: 'cluster', TODO_REGISTRY: 'none' });
  // First deploy: the release's values are unknown until the passwords exist, so the configuration is read.
  const [status, lines] = planAndCheck(s);
  assert.equal(status, 1);
  assert.match(
    lines[1],
    /^ {2}image_digest: helm_release\.release_94AF7AAB: the values reference 0 pushed image digest\(s\) for 2 image\(s\)/,
  );
  // With the passwords in state the values are known: each image is named.
  tf(
    s.stackDir,
    'apply',
    '-input=false',
    '-auto-approve',
    ...Object.keys(s.json.resource.random_password).map((n) => `-target=random_password.${n}`),
  );
  const [known, named] = planAndCheck(s);
  assert.equal(known, 1);
  assert.deepEqual(
    named
      .filter((l) => l.startsWith('  image_digest:'))
      .map((l) => l.match(/the image (todo-[a-z]+):/)?.[1])
      .sort(),
    ['todo-backend', 'todo-frontend'],
  );
  assert.equal(named.length, 3, named.join('\n'));
});

test('destroying and replacing the generated passwords is denied, and allowed with --allow-data-loss', () => {
  const s = stack();
  const passwords = Object.keys(s.json.resource.random_password).map((n) => `random_password.${n}`);
  tf(s.stackDir, 'apply', '-input=false', '-auto-approve', ...passwords.map((p) => `-target=${p}`));
  const [status, lines] = planAndCheck(s, ['-destroy']);
  assert.equal(status, 1);
  for (const p of passwords)
    assert.ok(
      lines.some((l) => l.startsWith(`  data_loss: ${p}: would destroy it`)),
      lines.join('\n'),
    );
  const [replaceStatus, replaced] = planAndCheck(s, [`-replace=${passwords[0]}`]);
  assert.equal(replaceStatus, 1);
  assert.ok(replaced.some((l) => l.startsWith(`  data_loss: ${passwords[0]}: would replace it`)));
  assert.equal(planAndCheck(s, ['-destroy'], ['--allow-data-loss'])[0], 0);
});

test('a password written into a namespace annotation is denied by both views: the mark and the reference', () => {
  let namespace;
  const s = stack({}, (json) => {
    namespace = address(json, 'kubernetes_namespace_v1');
    const [password] = Object.keys(json.resource.random_password);
    const ns = Object.values(json.resource.kubernetes_namespace_v1)[0];
    ns.metadata.annotations = { leaked: `\${random_password.${password}.result}` };
  });
  const passwords = Object.keys(s.json.resource.random_password).map((n) => `-target=random_password.${n}`);
  tf(s.stackDir, 'apply', '-input=false', '-auto-approve', ...passwords);
  const [status, lines] = planAndCheck(s);
  assert.equal(status, 1);
  const about = lines.filter((l) => l.startsWith(`  secret_flow: ${namespace}: metadata.0.annotations`));
  assert.equal(about.length, 2, lines.join('\n'));
  assert.match(
    about[0],
    /annotations reads the generated password random_password\.[^ ]+\.result, and it is not a sensitive field/,
  );
  assert.match(about[1], /annotations\.leaked holds a value derived from a secret, and it is not a sensitive field/);
});
