// What a Terraform Cloud/Enterprise run would upload, listed with go-slug
// (the library the CLI's upload uses; test/infra/toolchain/slug): with the
// workspace's working directory cdktf.out/stacks/<stack>, the CLI packs the
// repository root. A copy of the tracked tree, synthesized, gets the files a
// local deploy leaves behind (state, plans, node_modules, Terraform's plan
// and .terraform/): none may be in the archive, and everything the stack and
// its Docker builds read must be. Without .terraformignore the same copy
// uploads the secrets, which the first test shows.
import dockerignore from '@balena/dockerignore';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, copyCheckout } from './checkout-copy.mjs';

const SLUG_LS = process.env.SLUG_LS || 'slug-ls';
const env = cleanEnv();

let copy, stackDir, synthesized;
const LEFT_BEHIND = [
  'state/todo-local.tfstate',
  'state/backups/todo-local-20261205T000000Z-s3.tfstate',
  'plans/todo-local.tfplan',
  'plans/plan.json',
  'node_modules/cdktf/index.js',
  'app/backend/node_modules/pg/index.js',
  'cdktf.out/stacks/todo-local/plan',
  'cdktf.out/stacks/todo-local/.terraform/providers/registry.terraform.io/hashicorp/helm/p',
  'cdktf.out/stacks/todo-local/terraform.todo-local.tfstate',
  '.env',
];

function slugList() {
  const r = spawnSync(SLUG_LS, [copy], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error?.code === 'ENOENT') throw new Error('slug-ls is missing: bash test/infra/toolchain.sh slug');
  assert.equal(r.status, 0, r.stderr);
  return { files: new Set(r.stdout.split('\n').filter((f) => f && !f.endsWith('/'))), summary: r.stderr.trim() };
}

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === '.git' ? [] : walk(join(dir, e.name), base)) : [relative(base, join(dir, e.name))],
  );
}

before(() => {
  copy = copyCheckout('tfc-upload-', ['.terraformignore']);
  execFileSync('node', ['scripts/cdktf-app.js'], { cwd: copy, env, stdio: 'ignore' });
  stackDir = join(copy, 'cdktf.out/stacks/todo-local');
  synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  for (const file of LEFT_BEHIND) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), 'left behind by a local deploy\n');
  }
});
after(() => spawnSync('rm', ['-rf', copy]));

test('without .terraformignore the upload would carry state, plans and node_modules (so the next tests can fail)', () => {
  renameSync(join(copy, '.terraformignore'), join(copy, 'terraformignore.off'));
  try {
    const { files } = slugList();
    for (const file of [
      'state/todo-local.tfstate',
      'plans/todo-local.tfplan',
      'node_modules/cdktf/index.js',
      'cdktf.out/stacks/todo-local/plan',
    ]) {
      assert.ok(files.has(file), `${file} expected in the default upload`);
    }
  } finally {
    renameSync(join(copy, 'terraformignore.off'), join(copy, '.terraformignore'));
  }
});

test('with .terraformignore: no state, plan, node_modules, .terraform/ or local secret is uploaded', () => {
  const { files, summary } = slugList();
  console.log(`  upload: ${summary.replace(/^slug-ls: /, '')}`);
  assert.deepEqual(
    LEFT_BEHIND.filter((f) => files.has(f)),
    [],
  );
  const forbidden = [...files].filter((f) =>
    /(^|\/)(state|plans|node_modules|\.terraform|\.git)\/|\.tfstate|\.tfplan$|^cdktf\.out\/stacks\/[^/]+\/plan$|(^|\/)\.env/.test(
      f,
    ),
  );
  assert.deepEqual(forbidden, []);
});

test('the stack folder (its JSON and the chart asset) is uploaded whole', () => {
  const { files } = slugList();
  const stackFiles = walk(stackDir)
    .filter((f) => !/^(plan|\.terraform\/|terraform\..*\.tfstate)/.test(f))
    .map((f) => `cdktf.out/stacks/todo-local/${f}`);
  assert.ok(stackFiles.includes('cdktf.out/stacks/todo-local/cdk.tf.json'));
  assert.ok(
    stackFiles.some((f) => f.endsWith('/Chart.yaml')),
    'the chart asset',
  );
  assert.deepEqual(
    stackFiles.filter((f) => !files.has(f)),
    [],
  );
});

test("every file the stack's Docker builds send (context through .dockerignore) is uploaded", () => {
  const { files } = slugList();
  const images = Object.values(synthesized.resource.docker_image);
  assert.equal(images.length, 2);
  for (const image of images) {
    const context = resolve(stackDir, image.build.context);
    assert.equal(context, copy, 'the build context is the uploaded root');
    assert.ok(files.has(image.build.dockerfile), `${image.build.dockerfile} uploaded`);
  }
  const sent = dockerignore()
    .add(readFileSync(join(copy, '.dockerignore'), 'utf8'))
    .filter(walk(copy));
  assert.ok(sent.some((f) => f.startsWith('app/backend/src/')) && sent.some((f) => f.startsWith('app/frontend/src/')));
  assert.deepEqual(
    sent.filter((f) => !files.has(f)),
    [],
  );
  assert.ok(files.has('.dockerignore'));
});
