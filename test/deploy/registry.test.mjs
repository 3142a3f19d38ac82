// Beyond Minikube: the images pushed to a real registry (CNCF Distribution
// with htpasswd auth and TLS from a test CA: test/cluster/registry.sh) and
// pulled by digest by the node, with Terraform-managed pull credentials.
// Runs after faults.test.mjs (the app is deployed without a registry); the
// deploys here are the README's, with TODO_REGISTRY and TF_VAR_registry_*.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  NS,
  RELEASE,
  STACK_DIR,
  TF,
  WORKDIR,
  deploy,
  deploymentImage,
  eventually,
  helm,
  kubectlJson,
  run,
  signUp,
  step,
  transcript,
} from './harness.mjs';

const SERVER_TS = join(WORKDIR, 'app/backend/src/server.ts');
const r = {}; // the registry: address, user, password, CA
const env = (extra = {}) => ({
  TODO_REGISTRY: `${r.address}/team`,
  TF_VAR_registry_username: r.user,
  TF_VAR_registry_password: r.password,
  SSL_CERT_FILE: r.bundle, // Terraform's docker provider asks the registry for digests
  ...extra,
});

before(() => {
  execFileSync('bash', ['test/cluster/registry.sh', 'up'], { cwd: WORKDIR, stdio: 'inherit' });
  const vars = execFileSync('bash', ['test/cluster/registry.sh', 'env'], { cwd: WORKDIR, encoding: 'utf8' });
  const get = (name) => vars.match(new RegExp(`${name}=(\\S+)`))[1].replace(/^'|'$/g, '');
  Object.assign(r, {
    address: get('TODO_TEST_REGISTRY'),
    user: get('TODO_TEST_REGISTRY_USER'),
    password: get('TODO_TEST_REGISTRY_PASSWORD'),
    ca: readFileSync(get('TODO_TEST_REGISTRY_CA')),
    bundle: get('TODO_TEST_REGISTRY_BUNDLE'),
  });
});
after(() => {
  execFileSync('bash', ['test/cluster/registry.sh', 'down'], { cwd: WORKDIR, stdio: 'inherit' });
  // G2 removed the app's images from the node; image-sync copies each only once, so restart it to copy them again.
  execFileSync('bash', ['test/cluster/node.sh', 'restart', 'image-sync'], { cwd: WORKDIR, stdio: 'inherit' });
});

/** A GET or HEAD to the registry's API, as the user, trusting the test CA only. */
function registryApi(method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const [host, port] = r.address.split(':');
    const req = https.request(
      { host, port, method, path, ca: r.ca, auth: `${r.user}:${r.password}`, headers, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const tagsOf = async (repo) => JSON.parse((await registryApi('GET', `/v2/team/${repo}/tags/list`)).body).tags ?? [];
/** `ctr` on the node's containerd (namespace k8s.io, the kubelet's). */
const ctr = (...args) =>
  run('ctr', ['-a', process.env.TODO_NODE_CONTAINERD, '-n', 'k8s.io', ...args])
    .stdout.trim()
    .split('\n')
    .filter(Boolean);
const revision = () => JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout).at(-1).revision;

step(
  'G1. the preflight checks the registry: without credentials, and with a wrong password, it names the fix and nothing changes',
  async () => {
    const before = revision();
    const anonymous = deploy({
      env: env({ TF_VAR_registry_username: '', TF_VAR_registry_password: '' }),
      allowFailure: true,
    });
    assert.equal(anonymous.status, 1);
    assert.match(anonymous.output, new RegExp(`registry ${r.address} requires credentials`));
    assert.match(anonymous.output, /export TF_VAR_registry_username=\.\.\. TF_VAR_registry_password=\.\.\./);
    const wrong = deploy({ env: env({ TF_VAR_registry_password: 'not-the-password' }), allowFailure: true });
    assert.equal(wrong.status, 1);
    assert.match(wrong.output, new RegExp(`registry ${r.address} refused the credentials .*: a push would be refused`));
    assert.doesNotMatch(wrong.output, /==> (Synthesizing|terraform apply)/);
    const half = deploy({ env: env({ TF_VAR_registry_password: '' }), allowFailure: true });
    assert.match(half.output, /TF_VAR_registry_password is not set \(images\.registry needs both or neither\)/);
    assert.equal(revision(), before, 'the release was not touched');
    assert.deepEqual(await tagsOf('todo-backend').catch(() => []), [], 'nothing was pushed');
  },
);

step(
  "G2. deploy with a registry: both images pushed, the local copies gone from the node, which pulls them by digest (kubelet events); the digests are the registry's",
  async () => {
    // The node's containerd got the app's images from the suite's Docker engine (image-sync, as
    // Minikube's docker-env would): remove them, so nothing of them is left to reuse and the pods can
    // only start from what the registry serves.
    const appImages = () => ctr('images', 'ls', '-q').filter((ref) => /\/todo-(frontend|backend)[:@]/.test(ref));
    assert.ok(
      appImages().some((ref) => !ref.startsWith(r.address)),
      `the node had the local images: ${appImages().join(', ')}`,
    );
    ctr('images', 'rm', '--sync', ...appImages());
    assert.deepEqual(appImages(), []);
    const result = deploy({ env: env(), label: 'registry: first deploy' });
    assert.match(result.output, /Preflight[\s\S]*registry \S+ answers and accepts the credentials/);
    assert.equal((result.output.match(/docker_registry_image\.\S+: Creation complete/g) ?? []).length, 2, 'two pushes');
    for (const component of ['frontend', 'backend']) {
      const image = deploymentImage(`${RELEASE}-${component}`);
      assert.match(image, new RegExp(`^${r.address}/team/todo-${component}@sha256:[a-f0-9]{64}$`));
      const tag = readTagOf(component);
      const manifest = await registryApi('HEAD', `/v2/team/todo-${component}/manifests/${tag}`, {
        accept: MANIFEST_TYPES,
      });
      assert.equal(manifest.status, 200);
      assert.equal(
        image.split('@')[1],
        manifest.headers['docker-content-digest'],
        `${component}: the Deployment runs the digest the registry holds`,
      );
      const pulled = kubectlJson('-n', NS, 'get', 'events', '--field-selector', 'reason=Pulled').items.map(
        (e) => e.message,
      );
      assert.ok(
        pulled.some((m) => m.includes(`Successfully pulled image "${image}"`)),
        `no pull of ${image} in the kubelet's events: ${pulled.join(' | ')}`,
      );
    }
    const pullSecret = kubectlJson('-n', NS, 'get', 'secret', `${RELEASE}-registry`);
    assert.equal(pullSecret.type, 'kubernetes.io/dockerconfigjson');
    assert.deepEqual(
      kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-backend`).spec.template.spec.imagePullSecrets,
      [{ name: `${RELEASE}-registry` }],
    );
    await eventually('a sign-up through the ingress on the pulled images', () => signUp('registry'));
  },
);

/** The tag the stack built for a component (the state's docker_image name). */
function readTagOf(component) {
  const state = JSON.parse(run(TF, [`-chdir=${STACK_DIR}`, 'show', '-json'], { sensitive: true }).stdout);
  const image = state.values.root_module.resources.find(
    (x) => x.type === 'docker_image' && x.values.name.includes(`/todo-${component}:`),
  );
  return image.values.name.split(':').pop();
}

step('G3. a no-op redeploy pushes nothing; a backend edit pushes one image and changes one Deployment', async () => {
  const noop = deploy({ env: env(), label: 'registry: no-op redeploy' });
  assert.doesNotMatch(noop.output, /docker_registry_image\.\S+: Creat/);
  assert.match(noop.output, /No changes\./);

  const frontendBefore = kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-frontend`).metadata.generation;
  const backendBefore = deploymentImage(`${RELEASE}-backend`);
  appendFileSync(SERVER_TS, '\n// registry edit\n');
  const edit = deploy({ env: env(), label: 'registry: backend edit' });
  const pushes = edit.output.match(/docker_registry_image\.\S+: Creation complete/g) ?? [];
  assert.equal(pushes.length, 1, edit.output.slice(-3000));
  assert.match(pushes[0], /backend/);
  assert.notEqual(deploymentImage(`${RELEASE}-backend`), backendBefore);
  assert.equal(
    kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-frontend`).metadata.generation,
    frontendBefore,
    'the frontend Deployment is unchanged',
  );
  assert.equal((await tagsOf('todo-backend')).length, 2, 'the old tag is kept in the registry');
});

step(
  'G4. wrong credentials on the next deploy: it fails before anything changes, and the release keeps serving',
  async () => {
    const before = revision();
    appendFileSync(SERVER_TS, '\n// registry edit with a wrong password\n');
    const wrong = deploy({ env: env({ TF_VAR_registry_password: 'expired-token' }), allowFailure: true });
    assert.equal(wrong.status, 1);
    assert.match(wrong.output, /refused the credentials/);
    assert.equal(revision(), before);
    assert.equal((await tagsOf('todo-backend')).length, 2, 'nothing was pushed');
    await signUp('registry-after-refusal'); // the previous release still serves
  },
);

step(
  'G5. images.registry removed from the config: the plan still refreshes the pushes (their own credentials) and only forgets them (kept in the registry)',
  () => {
    const diff = run('npx', ['--no-install', 'cdktf', 'diff', '--skip-provider-lock'], {
      env: { SSL_CERT_FILE: r.bundle },
    });
    assert.doesNotMatch(diff.output, /Unable to get authConfig/);
    assert.match(diff.output, /# docker_registry_image\.backend-image_push_\S+ will be destroyed/);
    assert.match(diff.output, /# docker_registry_image\.frontend-image_push_\S+ will be destroyed/);
  },
);

test('no registry credential appears in any command output or in cdktf.out', () => {
  assert.ok(r.password && r.password.length >= 16);
  assert.ok(!transcript.join('\n').includes(r.password), 'the registry password was printed');
  const files = (dir) =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
  for (const file of files(join(WORKDIR, 'cdktf.out'))) {
    if (file.endsWith('.tfplan') || file.includes('/.terraform/')) continue;
    assert.ok(!readFileSync(file, 'utf8').includes(r.password), `the registry password is in ${file}`);
  }
});
