// The chart's NetworkPolicies, enforced on the real node (kube-network-policies,
// see test/cluster/manifests/network-policies.yaml): PostgreSQL admits the
// backend only, the backend the frontend, the ingress controller and the
// helm test pod only. Each probe is a pod running the backend's own image (so
// the node has it) that opens one TCP connection; probes that differ only in
// their labels must get different answers. Runs after faults.test.mjs.
import assert from 'node:assert/strict';
import {
  CONTEXT,
  KUBECONFIG,
  NS,
  RELEASE,
  deploy,
  deploymentImage,
  kubectl,
  run,
  step,
  viaIngress,
} from './harness.mjs';

// Opens TCP connections for up to 10 s and says how it went: "connected" at the
// first success, else the last failure ("timed out" or the error code). The
// retries give the policy controller time to learn a new pod's address: an
// allowed probe connects within them, a refused one fails all the way.
const PROBE = `
const [host, port] = process.argv.slice(1);
const deadline = Date.now() + 10000;
function attempt() {
  const s = require('net').connect(Number(port), host);
  const fail = (why) => {
    s.destroy();
    if (Date.now() > deadline) { console.log(why); process.exit(2); }
    setTimeout(attempt, 500);
  };
  s.setTimeout(3000);
  s.on('connect', () => { console.log('connected'); process.exit(0); });
  s.on('timeout', () => fail('timed out'));
  s.on('error', (e) => fail(e.code));
}
attempt();
`;
const LABELS = {
  backend: `app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=backend`,
  frontend: `app.kubernetes.io/name=todo-chatbot,app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=frontend`,
  none: 'todo-test=policy-probe',
};
// The app namespace is Pod Security "restricted": the probe complies.
const RESTRICTED = (name) =>
  JSON.stringify({
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  });

let image;
let n = 0;
/** Runs one probe pod in `namespace` with `labels`; resolves with what it printed. */
function probe({ namespace = NS, labels, host, port }) {
  const name = `policy-probe-${++n}`;
  // A refused probe exits non-zero, and kubectl with it: that is an answer, not an error.
  const r = run(
    'kubectl',
    [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      CONTEXT,
      'run',
      name,
      '-n',
      namespace,
      `--image=${image}`,
      '--image-pull-policy=IfNotPresent',
      '--override-type=strategic',
      '--restart=Never',
      `--labels=${labels}`,
      `--overrides=${RESTRICTED(name)}`,
      '--attach',
      '--rm',
      '--quiet',
      '--pod-running-timeout=60s',
      '--command',
      '--',
      'node',
      '-e',
      PROBE,
      host,
      String(port),
    ],
    { allowFailure: true },
  );
  return r.stdout.trim().split('\n').pop() ?? '';
}
const pg = { host: `${RELEASE}-postgresql-primary`, port: 5432 };
const backend = { host: `${RELEASE}-backend`, port: 8000 };

step('P0. the app is deployed, with its NetworkPolicies', () => {
  deploy();
  const policies = kubectl('-n', NS, 'get', 'networkpolicy', '-o', 'name').stdout.trim().split('\n').sort();
  assert.deepEqual(policies, [
    `networkpolicy.networking.k8s.io/${RELEASE}-backend`,
    `networkpolicy.networking.k8s.io/${RELEASE}-frontend`,
    `networkpolicy.networking.k8s.io/${RELEASE}-postgresql`,
  ]);
  image = deploymentImage(`${RELEASE}-backend`);
});

step('P1. PostgreSQL admits a pod with the backend labels and refuses the same pod without them', () => {
  assert.equal(probe({ labels: LABELS.backend, ...pg }), 'connected');
  const refused = probe({ labels: LABELS.none, ...pg });
  assert.notEqual(refused, 'connected', 'an unlabelled pod reached PostgreSQL');
  console.log(`  PostgreSQL from an unlabelled pod: ${refused}`);
});

step('P2. the backend admits the frontend and refuses any other pod, in its namespace or another', () => {
  assert.equal(probe({ labels: LABELS.frontend, ...backend }), 'connected');
  const sameNs = probe({ labels: LABELS.none, ...backend });
  assert.notEqual(sameNs, 'connected', 'an unlabelled pod reached the backend');
  const otherNs = probe({
    namespace: 'default',
    labels: LABELS.frontend,
    host: `${backend.host}.${NS}`,
    port: backend.port,
  });
  assert.notEqual(
    otherNs,
    'connected',
    'a pod of another namespace (even with the frontend labels) reached the backend',
  );
  console.log(`  backend from an unlabelled pod: ${sameNs}; from namespace default: ${otherNs}`);
});

step('P3. the ingress controller, a pod in ingress-nginx, still reaches the frontend and the backend', async () => {
  const page = await viaIngress('GET', '/');
  assert.equal(page.status, 200);
  const session = await viaIngress('GET', '/api/auth/session');
  assert.equal(session.status, 200, session.text);
});
