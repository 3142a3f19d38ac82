// Deploy scenarios on a real single-node Kubernetes (test/cluster/node.sh:
// containerd, kubelet, CoreDNS, a hostpath StorageClass and an ingress
// controller for class nginx on 127.0.0.1) and a real Docker engine, through
// the commands the README gives users. Run by test/infra/test-deploy.sh, which
// prepares the node, the workdir (a copy of the repository) and the
// environment. Steps run in order and share state; after a failed step the
// rest are skipped.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CDKTF_FLAGS,
  CONTEXT,
  KUBECONFIG,
  NS,
  RELEASE,
  STACK_DIR,
  WORKDIR,
  cdktf,
  changed,
  deploy,
  deploymentImage,
  eventually,
  helm,
  imageIds,
  kubectl,
  kubectlJson,
  planChanges,
  podsOf,
  run,
  secretData,
  signUp,
  stateList,
  step,
  timings,
  transcript,
  viaIngress,
} from './harness.mjs';

const snapshot = {};

step('0. the preflight names a missing context and its fix, and refuses to deploy', () => {
  const result = run('bash', ['scripts/deploy.sh', ...CDKTF_FLAGS], {
    env: { KUBE_CONTEXT: 'no-such-context' },
    allowFailure: true,
  });
  assert.notEqual(result.status, 0);
  assert.match(result.output, /kube context "no-such-context" not found/);
  assert.match(result.output, new RegExp(`fix: set KUBE_CONTEXT to one of: .*${CONTEXT}`));
  assert.match(result.output, /Preflight failed/);
  assert.doesNotMatch(
    result.output,
    /==> (Synthesizing|terraform apply)/,
    'Terraform must not run after a failed preflight',
  );
  assert.match(run('bash', ['scripts/doctor.sh']).output, /Preflight passed/);
  // Past the preflight (plain `cdktf diff`), the providers still name the context instead of trying localhost.
  const diff = run('npx', ['--no-install', 'cdktf', 'diff', ...CDKTF_FLAGS], {
    env: { KUBE_CONTEXT: 'no-such-context' },
    allowFailure: true,
  });
  assert.notEqual(diff.status, 0);
  assert.match(diff.output, /context "no-such-context" does not exist/);
  assert.doesNotMatch(diff.output, /localhost|127\.0\.0\.1/);
});

step('1. first deploy builds both images and creates namespace, secret, release and ingress', () => {
  const result = deploy({ label: 'first deploy' });
  assert.match(result.output, /docker_image\.frontend-image_[A-Z0-9_]+: Creation complete/);
  assert.match(result.output, /docker_image\.backend-image_[A-Z0-9_]+: Creation complete/);

  const state = stateList();
  for (const type of [
    'docker_image',
    'kubernetes_namespace_v1',
    'random_password',
    'kubernetes_secret_v1',
    'helm_release',
    'kubernetes_ingress_v1',
  ]) {
    assert.ok(
      state.some((a) => a.startsWith(`${type}.`)),
      `terraform state list lacks ${type}: ${state.join(', ')}`,
    );
  }
  assert.equal(state.filter((a) => a.startsWith('docker_image.')).length, 2);
  assert.equal(state.filter((a) => a.startsWith('random_password.')).length, 2);

  const status = JSON.parse(helm('status', RELEASE, '-n', NS, '-o', 'json').stdout);
  assert.equal(status.info.status, 'deployed');

  const secret = secretData();
  for (const key of ['DATABASE_URL', 'POSTGRES_PASSWORD', 'AUTH_SECRET']) assert.ok(secret[key], `secret lacks ${key}`);
  assert.equal(secret.OPENAI_API_KEY, undefined, 'no OPENAI_API_KEY unless given');
  assert.ok(secret.DATABASE_URL.includes(`@${RELEASE}-postgresql-primary:5432/todo`));
  snapshot.secret = secret;

  const ingress = kubectlJson('-n', NS, 'get', 'ingress', RELEASE);
  assert.equal(ingress.spec.ingressClassName, 'nginx');
  assert.equal(ingress.spec.rules[0].host, 'todo.local');
  assert.deepEqual(
    ingress.spec.rules[0].http.paths.map((p) => [p.path, p.backend.service.name, p.backend.service.port.number]),
    [
      ['/api', `${RELEASE}-backend`, 8000],
      ['/', `${RELEASE}-frontend`, 8080],
    ],
  );

  for (const name of [`${RELEASE}-backend`, `${RELEASE}-frontend`]) {
    const d = kubectlJson('-n', NS, 'get', 'deployment', name);
    assert.equal(d.status.availableReplicas, d.spec.replicas, `${name} is not available`);
  }
  snapshot.backendImage = deploymentImage(`${RELEASE}-backend`);
  snapshot.frontendImage = deploymentImage(`${RELEASE}-frontend`);
  snapshot.frontendGeneration = kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-frontend`).metadata.generation;
  snapshot.images = imageIds();
  assert.match(readFileSync(join(STACK_DIR, 'cdk.tf.json'), 'utf8'), /"name": "todo-backend:[0-9a-f]{16}"/);
  // The local state holds the secrets in plaintext: its folder is owner-only, so no other user can open it.
  assert.equal(statSync(join(WORKDIR, 'state')).mode & 0o777, 0o700);
});

step(
  '1a. every pod really runs: containers started and Ready, 0 restarts, admitted under Pod Security "restricted"',
  () => {
    const ns = kubectlJson('get', 'namespace', NS);
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    const pods = podsOf();
    const components = pods.map((p) => p.metadata.labels['app.kubernetes.io/component']).sort();
    assert.deepEqual(components, ['backend', 'frontend', 'postgresql'], `pods: ${pods.map((p) => p.metadata.name)}`);
    for (const pod of pods) {
      assert.equal(pod.status.phase, 'Running', `${pod.metadata.name} is ${pod.status.phase}`);
      for (const c of pod.status.containerStatuses) {
        assert.ok(
          c.ready && c.state.running,
          `${pod.metadata.name}/${c.name} is not running and ready: ${JSON.stringify(c.state)}`,
        );
        assert.equal(c.restartCount, 0, `${pod.metadata.name}/${c.name} restarted ${c.restartCount} times`);
      }
    }
    // The PostgreSQL volume was provisioned by the default StorageClass, as on Minikube.
    const pvc = kubectlJson('-n', NS, 'get', 'pvc').items[0];
    assert.equal(pvc.status.phase, 'Bound');
    assert.equal(pvc.spec.storageClassName, 'standard');
  },
);

step(
  '1b. through the ingress controller (127.0.0.1, Host: todo.local): the SPA at /, and sign-up, a chat turn and the task list under /api',
  async () => {
    const page = await eventually('the SPA through the ingress', async () => {
      const res = await viaIngress('GET', '/');
      return res.status === 200 && res;
    });
    assert.match(page.headers['content-type'], /text\/html/);
    assert.match(page.text, /<div id="root">/);
    // A client-side route falls back to the SPA, not to a 404.
    assert.equal((await viaIngress('GET', '/tasks/anything')).status, 200);

    const token = await signUp('ingress');
    const chat = await viaIngress('POST', '/api/chat', { token, body: { message: 'add buy milk tomorrow' } });
    assert.equal(chat.status, 200, chat.text);
    assert.deepEqual(
      chat.json.tool_calls.map((c) => c.name),
      ['add_task'],
    );
    const tasks = await viaIngress('GET', '/api/tasks', { token });
    assert.equal(tasks.status, 200);
    assert.deepEqual(
      tasks.json.tasks.map((t) => t.title),
      ['buy milk'],
    );
    assert.equal((await viaIngress('GET', '/api/tasks')).status, 401, 'the API refuses a request without a session');
  },
);

step('1c. helm test runs its pod, which reaches both Services by name (cluster DNS) and passes', () => {
  const result = helm('test', RELEASE, '-n', NS, '--timeout', '120s');
  assert.match(result.output, /Phase:\s+Succeeded/);
});

step('2. redeploying unchanged code changes no resource and builds no image', () => {
  const changes = planChanges();
  assert.deepEqual(changed(changes), [], 'the plan should be empty');
  const result = deploy({ label: 'no-op deploy' });
  assert.doesNotMatch(result.output, /docker_image\.[^:]+: (Creating|Destroying|Modifying)/);
  assert.doesNotMatch(result.output, /helm_release\.[^:]+: Modifying/);
  assert.match(result.output, /No changes|0 added, 0 changed, 0 destroyed/);
  assert.deepEqual(imageIds(), snapshot.images, 'no image was built or removed');
});

step('3. a backend source change rebuilds only the backend image and rolls only the backend', () => {
  const file = join(WORKDIR, 'app/backend/src/server.ts');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n// deploy test: a harmless change\n`);
  const changes = planChanges();
  const touched = changed(changes)
    .map(([address, actions]) => `${address.replace(/_[A-F0-9]{8}$/, '')} ${actions}`)
    .sort();
  assert.ok(
    touched.some((t) => /^docker_image\.backend-image/.test(t) && /create/.test(t)),
    `backend image not replaced: ${touched}`,
  );
  assert.ok(!touched.some((t) => /^docker_image\.frontend-image/.test(t)), `frontend image touched: ${touched}`);
  assert.ok(
    touched.some((t) => /^helm_release\./.test(t) && /update/.test(t)),
    `release not updated: ${touched}`,
  );
  assert.equal(touched.length, 2, `unexpected changes: ${touched}`);

  const result = deploy({ label: 'backend change deploy' });
  assert.match(result.output, /docker_image\.backend-image_[A-Z0-9_]+: Creation complete/);
  assert.doesNotMatch(result.output, /docker_image\.frontend-image_[A-Z0-9_]+: Creat/);
  assert.notEqual(deploymentImage(`${RELEASE}-backend`), snapshot.backendImage);
  assert.equal(deploymentImage(`${RELEASE}-frontend`), snapshot.frontendImage);
  assert.equal(
    kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-frontend`).metadata.generation,
    snapshot.frontendGeneration,
  );
  snapshot.backendImage = deploymentImage(`${RELEASE}-backend`);
});

step('4. drift made with kubectl is reported by cdktf diff and undone by cdktf deploy', () => {
  kubectl(
    '-n',
    NS,
    'patch',
    'ingress',
    RELEASE,
    '--type=json',
    '-p',
    '[{"op":"replace","path":"/spec/rules/0/host","value":"drift.local"}]',
  );
  kubectl(
    '-n',
    NS,
    'patch',
    'secret',
    'todo-chatbot-secrets',
    '-p',
    JSON.stringify({ data: { AUTH_SECRET: Buffer.from('drifted').toString('base64') } }),
  );
  const diff = cdktf('diff');
  // cdktf prints each address followed by its construct path: "kubernetes_ingress_v1.ingress_5C580050 (ingress/ingress)".
  assert.match(diff.output, /# kubernetes_ingress_v1\.\S+ (\(\S+\) )?will be updated in-place/);
  assert.match(diff.output, /# kubernetes_secret_v1\.\S+ (\(\S+\) )?will be updated in-place/);
  assert.match(diff.output, /drift\.local/);
  // The cdktf CLI itself, as a user may run it: npm run deploy does what it does, on the same stack and state.
  const repaired = cdktf('deploy', '--auto-approve');
  assert.match(repaired.output, /kubernetes_ingress_v1\.\S+( \(\S+\))?: Modifications complete/);
  assert.equal(kubectlJson('-n', NS, 'get', 'ingress', RELEASE).spec.rules[0].host, 'todo.local');
  assert.equal(secretData().AUTH_SECRET, snapshot.secret.AUTH_SECRET);
});

step(
  '5. a failing upgrade times out, Helm rolls back, the previous revision keeps running, the next good deploy works',
  () => {
    const before = JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout);
    const badConfig = join(WORKDIR, 'unschedulable.json');
    // 64 CPUs on this 2-CPU node: the new backend pod never schedules, so the Deployment never becomes ready.
    writeFileSync(
      badConfig,
      JSON.stringify({
        backend: { resources: { requests: { cpu: '64' }, limits: { cpu: '64' } } },
        release: { timeoutSeconds: 45 },
      }),
    );
    const result = deploy({ env: { TODO_CONFIG: badConfig }, allowFailure: true, label: 'failing deploy' });
    assert.notEqual(result.status, 0, 'the deploy should fail');
    assert.ok(result.seconds < 45 + 120, `the failure took ${result.seconds} s`);
    assert.match(result.output, /timed out|context deadline exceeded|rolled back|rollback/i);

    const history = JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout);
    assert.ok(history.length > before.length, 'a new revision was attempted');
    const last = history[history.length - 1];
    assert.equal(last.status, 'deployed');
    assert.match(last.description, /Rollback/i);
    const backend = kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-backend`);
    assert.equal(backend.spec.template.spec.containers[0].resources.requests.cpu, '150m');
    assert.equal(backend.status.availableReplicas, backend.spec.replicas);
    assert.equal(deploymentImage(`${RELEASE}-backend`), snapshot.backendImage);

    deploy({ label: 'good deploy after failure' });
    assert.equal(JSON.parse(helm('status', RELEASE, '-n', NS, '-o', 'json').stdout).info.status, 'deployed');
    assert.deepEqual(changed(planChanges()), []);
  },
);

step('6. random passwords stay the same across all of the above', () => {
  const now = secretData();
  assert.equal(now.POSTGRES_PASSWORD, snapshot.secret.POSTGRES_PASSWORD);
  assert.equal(now.AUTH_SECRET, snapshot.secret.AUTH_SECRET);
  assert.equal(now.DATABASE_URL, snapshot.secret.DATABASE_URL);
});

// The "external" database: a PostgreSQL outside the release (its own namespace), reached by DNS name as a Neon URL would be.
const EXTERNAL_DB = { user: 'neon_user', password: 's3cret-ext-PW', database: 'todo', ns: 'todo-external-db' };
const EXTERNAL_DATABASE_URL = `postgres://${EXTERNAL_DB.user}:${EXTERNAL_DB.password}@external-pg.${EXTERNAL_DB.ns}.svc.cluster.local:5432/${EXTERNAL_DB.database}`;

function startExternalDatabase() {
  const manifest = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: EXTERNAL_DB.ns } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'external-pg', namespace: EXTERNAL_DB.ns, labels: { app: 'external-pg' } },
      spec: {
        securityContext: { runAsUser: 999, runAsGroup: 999, runAsNonRoot: true },
        containers: [
          {
            name: 'postgres',
            image: 'postgres:17.6-bookworm',
            imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'POSTGRES_USER', value: EXTERNAL_DB.user },
              { name: 'POSTGRES_PASSWORD', value: EXTERNAL_DB.password },
              { name: 'POSTGRES_DB', value: EXTERNAL_DB.database },
              { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
            ],
            ports: [{ containerPort: 5432 }],
            readinessProbe: {
              exec: { command: ['pg_isready', '-h', '127.0.0.1', '-U', EXTERNAL_DB.user] },
              periodSeconds: 2,
            },
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
          },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'external-pg', namespace: EXTERNAL_DB.ns },
      spec: { selector: { app: 'external-pg' }, ports: [{ port: 5432 }] },
    },
  ];
  const file = join(WORKDIR, 'external-db.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest }));
  run('kubectl', ['--kubeconfig', KUBECONFIG, '--context', CONTEXT, 'apply', '-f', file], { sensitive: true });
  rmSync(file);
  kubectl('-n', EXTERNAL_DB.ns, 'wait', '--for=condition=Ready', 'pod/external-pg', '--timeout=120s');
}

const OPENAI_API_KEY = 'sk-test-OPENAI-0123456789abcdef';

const externalMode = () => {
  const file = join(WORKDIR, 'external-database.json');
  writeFileSync(file, JSON.stringify({ database: { mode: 'external' } }));
  return { TODO_CONFIG: file };
};

step(
  '6a. database mode "external" with TF_VAR_database_url forgotten: the deploy fails before anything changes, naming the variable',
  () => {
    const revisions = JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout).length;
    const before = secretData();
    const result = deploy({ env: externalMode(), allowFailure: true, label: 'forgotten database variable' });
    assert.notEqual(result.status, 0, 'the deploy should fail');
    const said = result.output.replace(/[│\s]+/g, ' '); // Terraform wraps and frames its messages
    assert.match(said, /TF_VAR_database_url must be set/);
    assert.match(said, /Nothing was changed/);
    assert.equal(
      JSON.parse(helm('history', RELEASE, '-n', NS, '-o', 'json').stdout).length,
      revisions,
      'no new release revision',
    );
    assert.deepEqual(secretData(), before, 'the Secret is unchanged');
    assert.equal(
      kubectl('-n', NS, 'get', 'statefulset', '-o', 'name').stdout.trim(),
      `statefulset.apps/${RELEASE}-postgresql`,
    );
  },
);

step(
  '6b. database mode "external" (e.g. Neon): the in-chart PostgreSQL is off; the URL and an OpenAI key reach only the Secret',
  async () => {
    startExternalDatabase();
    deploy({
      env: { ...externalMode(), TF_VAR_database_url: EXTERNAL_DATABASE_URL, TF_VAR_openai_api_key: OPENAI_API_KEY },
      label: 'external database deploy',
    });
    const secret = secretData();
    assert.equal(secret.DATABASE_URL, EXTERNAL_DATABASE_URL);
    assert.equal(secret.OPENAI_API_KEY, OPENAI_API_KEY);
    assert.equal(
      kubectl('-n', NS, 'get', 'statefulset', '--ignore-not-found', '-o', 'name').stdout.trim(),
      '',
      'no PostgreSQL StatefulSet',
    );
    const values = JSON.parse(helm('get', 'values', RELEASE, '-n', NS, '-o', 'json').stdout);
    assert.equal(values.postgresql.enabled, false);
    assert.ok(
      !JSON.stringify(values).includes('neon') && !JSON.stringify(values).includes('sk-test'),
      'no secret is a Helm value',
    );
    const backend = kubectlJson('-n', NS, 'get', 'deployment', `${RELEASE}-backend`);
    assert.equal(backend.status.availableReplicas, backend.spec.replicas);
    // The backend really uses the external database: a sign-up lands in its users table.
    await eventually(
      'a sign-up through the ingress against the external database',
      async () => (await signUp('external')) !== '',
    );
    const users = run('kubectl', [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      CONTEXT,
      '-n',
      EXTERNAL_DB.ns,
      'exec',
      'external-pg',
      '--',
      'psql',
      '-h',
      '/var/run/postgresql',
      '-U',
      EXTERNAL_DB.user,
      '-d',
      EXTERNAL_DB.database,
      '-tAc',
      "SELECT count(*) FROM users WHERE email LIKE 'external-%'",
    ]).stdout.trim();
    assert.ok(Number(users) >= 1, `users signed up through the ingress in the external database: ${users}`);
    kubectl('delete', 'namespace', EXTERNAL_DB.ns, '--wait=false');
  },
);

step(
  '7. cdktf destroy removes everything it created, the database volume included, and a deploy after it works again',
  async () => {
    run('npx', ['--no-install', 'cdktf', 'destroy', 'todo-local', '--auto-approve', ...CDKTF_FLAGS], {
      label: 'destroy',
    });
    assert.deepEqual(stateList(), []);
    assert.equal(kubectl('get', 'namespace', NS, '--ignore-not-found').stdout.trim(), '');
    assert.equal(helm('list', '-A', '-q').stdout.trim(), '');
    // The database volume went with the namespace (StorageClass reclaimPolicy Delete, as on Minikube).
    await eventually('the database volume to be released and deleted', () =>
      kubectlJson('get', 'pv').items.every((pv) => pv.spec.claimRef?.namespace !== NS),
    );
    deploy({ label: 'deploy after destroy' });
    assert.equal(JSON.parse(helm('status', RELEASE, '-n', NS, '-o', 'json').stdout).info.status, 'deployed');
    // A new, empty database: the user from before the destroy is gone, and sign-up works again.
    await signUp('after-destroy');
  },
);

test('no secret value appears in any command output', () => {
  assert.ok(snapshot.secret, 'the first deploy did not get far enough to read the secret');
  const all = transcript.join('\n');
  for (const key of ['POSTGRES_PASSWORD', 'AUTH_SECRET', 'DATABASE_URL']) {
    assert.ok(!all.includes(snapshot.secret[key]), `${key} was printed by a command`);
  }
  assert.ok(!all.includes('s3cret-ext-PW'), 'the external database URL was printed by a command');
  assert.ok(!all.includes(OPENAI_API_KEY), 'the OpenAI key was printed by a command');
});

// Not a test: a report of how long each deploy took (also written as JSON for the README's figures).
after(() => {
  const lines = Object.entries(timings).map(([k, v]) => `  ${k}: ${v.toFixed(1)} s`);
  console.log(`deploy timings:\n${lines.join('\n')}`);
  writeFileSync(
    join(process.env.TODO_TEST_RESULTS ?? WORKDIR, 'deploy-timings.json'),
    JSON.stringify(timings, null, 2),
  );
});
