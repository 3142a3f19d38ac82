// Structural assertions on one `helm template` rendering of helm/todo-chatbot.
//
//   node assert.mjs <rendered.yaml> <chart-dir> <combo-values.yaml> <release> <label>
//
// Expectations are derived from the chart's values.yaml merged with the
// combination's values, so each combination checks what it should. Prints one
// TAP-style line per check ("ok - ..." / "not ok - ...") and exits 1 when any
// check failed.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

const [renderedPath, chartDir, comboPath, release, label] = process.argv.slice(2);
if (!label) {
  console.error('usage: node assert.mjs <rendered.yaml> <chart-dir> <combo-values.yaml> <release> <label>');
  process.exit(2);
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function merge(base, over) {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

const values = merge(
  parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')),
  parse(readFileSync(comboPath, 'utf8')) ?? {},
);
const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
const docs = parseAllDocuments(readFileSync(renderedPath, 'utf8'))
  .map((d) => {
    if (d.errors.length) throw new Error(`YAML error in rendering: ${d.errors[0].message}`);
    return d.toJS();
  })
  .filter((d) => d != null);

let failed = 0;
function check(name, cond, detail) {
  if (cond) {
    console.log(`ok - ${label}: ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${label}: ${name}`);
    if (detail !== undefined) console.log(`#   ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
}
const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
const ofKind = (kind) => docs.filter((d) => d.kind === kind);
const canon = (v) =>
  Array.isArray(v)
    ? v.map(canon)
    : isObj(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canon(v[k])]),
        )
      : v;
const eq = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));

// Every combination is rendered as release "todo-chatbot", whose objects are
// named "todo-chatbot-…" (written out, not recomputed from _helpers.tpl; the
// naming rules themselves are helm-unittest's: helm/todo-chatbot/tests/names_test.yaml).
const fullname = 'todo-chatbot';
if (release !== fullname) throw new Error(`assert.mjs expects release ${fullname}, got ${release}`);

const pg = values.postgresql.enabled;
const secretName = values.existingSecret || `${fullname}-secrets`;

// --- every object -------------------------------------------------------
check(
  'every object has apiVersion, kind, metadata.name',
  docs.every((d) => d.apiVersion && d.kind && d.metadata?.name),
  docs.filter((d) => !(d.apiVersion && d.kind && d.metadata?.name)).map((d) => d.kind),
);
check(
  'every object carries the instance label',
  docs.every((d) => d.metadata?.labels?.['app.kubernetes.io/instance'] === release),
);
const names = docs.map((d) => `${d.kind}/${d.metadata?.name}`);
check('object names are unique per kind', new Set(names).size === names.length, names);

// --- contract names and ports ---------------------------------------------
for (const [c, port] of [
  ['backend', values.backend.service.port],
  ['frontend', values.frontend.service.port],
]) {
  const dep = find('Deployment', `${fullname}-${c}`);
  const svc = find('Service', `${fullname}-${c}`);
  check(`Deployment ${fullname}-${c} exists`, !!dep);
  check(
    `Service ${fullname}-${c} exposes port ${port} named http`,
    svc?.spec?.ports?.some((p) => p.name === 'http' && p.port === port && p.targetPort === 'http'),
    svc?.spec?.ports,
  );
  if (dep && svc) {
    const podLabels = dep.spec.template.metadata.labels;
    check(
      `Service ${c} selects the ${c} pods only`,
      Object.entries(svc.spec.selector).every(([k, v]) => podLabels[k] === v) &&
        svc.spec.selector['app.kubernetes.io/component'] === c,
    );
    check(
      `Deployment ${c} selector matches its pod labels`,
      Object.entries(dep.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v),
    );
    const ctr = dep.spec.template.spec.containers[0];
    const img = values[c].image;
    // By digest when one is given: what runs is exactly what was pushed.
    const ref = img.digest ? `${img.repository}@${img.digest}` : `${img.repository}:${img.tag || chart.appVersion}`;
    check(`${c} image is ${ref}`, ctr.image === ref && ctr.imagePullPolicy === img.pullPolicy, ctr.image);
    check(
      `${c} pods name the image pull Secrets (${(values.imagePullSecrets ?? []).map((x) => x.name).join(', ') || 'none'})`,
      eq(dep.spec.template.spec.imagePullSecrets ?? [], values.imagePullSecrets ?? []),
      dep.spec.template.spec.imagePullSecrets,
    );
    // The frontend image's nginx listens on 8080 (docker/nginx/default.conf); the API on the PORT it is given.
    const containerPort = c === 'frontend' ? 8080 : values.backend.containerPort;
    check(
      `${c} container port http is ${containerPort}`,
      ctr.ports?.some((p) => p.name === 'http' && p.containerPort === containerPort),
    );
    check(`${c} resources equal the values`, eq(ctr.resources, values[c].resources), ctr.resources);
    // Zero-downtime upgrades (seen failing nothing under load on a real node): a new pod is
    // Ready before an old one goes, and an old one serves on while the ingress catches up.
    const rolling = dep.spec.strategy?.rollingUpdate;
    check(
      `${c} rolls with maxUnavailable ${values.rollout.maxUnavailable} and maxSurge ${values.rollout.maxSurge}`,
      dep.spec.strategy?.type === 'RollingUpdate' &&
        rolling?.maxUnavailable === values.rollout.maxUnavailable &&
        rolling?.maxSurge === values.rollout.maxSurge,
      dep.spec.strategy,
    );
    const preStop = ctr.lifecycle?.preStop?.sleep?.seconds;
    check(
      `${c} keeps serving ${values.rollout.preStopSleepSeconds} s after leaving the Service (preStop sleep)`,
      values.rollout.preStopSleepSeconds ? preStop === values.rollout.preStopSleepSeconds : ctr.lifecycle === undefined,
      ctr.lifecycle,
    );
    const grace = dep.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    const drain = c === 'backend' ? values.backend.shutdownDrainSeconds : 0;
    check(
      `${c}: the preStop sleep${drain ? ' and the drain' : ''} fit in the termination grace period`,
      (preStop ?? 0) + drain + 10 <= grace,
      { preStop, drain, grace },
    );
    if (c === 'backend') {
      const probe = ctr.readinessProbe;
      check(
        'backend: the drain outlasts the readiness probe, so the pod is unready before it stops accepting',
        drain === 0 || drain > probe.periodSeconds * probe.failureThreshold,
        { drain, probe },
      );
    }
  }
}
if (label === 'default') {
  // The figures of the original plan (issue "CDKTF deployment", Chart).
  const res = (d) => d?.spec?.template?.spec?.containers?.[0]?.resources;
  check(
    'default frontend resources: requests 100m/128Mi, limits 200m/256Mi',
    eq(res(find('Deployment', `${fullname}-frontend`)), {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
    }),
  );
  check(
    'default backend resources: requests 150m/256Mi, limits 300m/512Mi',
    eq(res(find('Deployment', `${fullname}-backend`)), {
      requests: { cpu: '150m', memory: '256Mi' },
      limits: { cpu: '300m', memory: '512Mi' },
    }),
  );
}
const cm = find('ConfigMap', `${fullname}-config`);
check(
  `ConfigMap ${fullname}-config holds PORT, LOG_LEVEL, TRUSTED_PROXIES, SHUTDOWN_DRAIN_MS, LLM_BASE_URL, LLM_MODEL, COOKIE_SECURE=${values.ingress.tls.enabled}`,
  cm &&
    eq(cm.data, {
      PORT: String(values.backend.containerPort),
      LOG_LEVEL: values.backend.logLevel,
      TRUSTED_PROXIES: values.backend.trustedProxies,
      SHUTDOWN_DRAIN_MS: String(values.backend.shutdownDrainSeconds * 1000),
      LLM_BASE_URL: values.backend.llm.baseUrl,
      LLM_MODEL: values.backend.llm.model,
      // Served over HTTPS: a Secure session cookie.
      COOKIE_SECURE: String(values.ingress.tls.enabled),
    }),
  cm?.data,
);
check(
  'ConfigMap carries the chart checksum annotation exactly when chartChecksum is set',
  (cm?.metadata?.annotations?.['todo-chatbot/chart-checksum'] ?? '') === values.chartChecksum,
);

// --- Secret ---------------------------------------------------------------
const secrets = ofKind('Secret');
if (values.existingSecret) {
  check(
    'no Secret is rendered with existingSecret',
    secrets.length === 0,
    secrets.map((s) => s.metadata.name),
  );
} else {
  const s = find('Secret', `${fullname}-secrets`);
  check(`Secret ${fullname}-secrets is rendered`, !!s && secrets.length === 1);
  const data = Object.fromEntries(
    Object.entries(s?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
  check(
    'Secret has DATABASE_URL, POSTGRES_PASSWORD and AUTH_SECRET',
    ['DATABASE_URL', 'POSTGRES_PASSWORD', 'AUTH_SECRET'].every((k) => data[k]),
    Object.keys(data),
  );
  check('generated passwords are long', data.POSTGRES_PASSWORD?.length >= 32 && data.AUTH_SECRET?.length >= 32);
  const wantUrl = pg
    ? `postgres://${values.postgresql.auth.username}:${encodeURIComponent(data.POSTGRES_PASSWORD)}@${fullname}-postgresql-primary:5432/${values.postgresql.auth.database}`
    : values.externalDatabase.url;
  check(
    'DATABASE_URL points at the right database',
    data.DATABASE_URL === wantUrl,
    pg ? 'expected the in-chart PostgreSQL URL' : 'expected externalDatabase.url',
  );
  check(
    'OPENAI_API_KEY is in the Secret exactly when backend.llm.apiKey is given',
    values.backend.llm.apiKey ? data.OPENAI_API_KEY === values.backend.llm.apiKey : !('OPENAI_API_KEY' in data),
  );
  check('the Secret is kept on uninstall', s?.metadata?.annotations?.['helm.sh/resource-policy'] === 'keep');
}

// --- backend wiring --------------------------------------------------------
const backend = find('Deployment', `${fullname}-backend`);
const frontend = find('Deployment', `${fullname}-frontend`);
if (backend) {
  const ctr = backend.spec.template.spec.containers[0];
  const env = Object.fromEntries((ctr.env ?? []).map((e) => [e.name, e]));
  for (const k of ['DATABASE_URL', 'AUTH_SECRET']) {
    check(
      `backend ${k} comes from Secret ${secretName}`,
      env[k]?.valueFrom?.secretKeyRef?.name === secretName &&
        env[k].valueFrom.secretKeyRef.key === k &&
        !env[k].valueFrom.secretKeyRef.optional,
    );
  }
  check(
    'backend OPENAI_API_KEY is an optional secretKeyRef',
    env.OPENAI_API_KEY?.valueFrom?.secretKeyRef?.name === secretName &&
      env.OPENAI_API_KEY.valueFrom.secretKeyRef.optional === true,
  );
  check(
    'backend reads the ConfigMap',
    ctr.envFrom?.some((e) => e.configMapRef?.name === `${fullname}-config`),
  );
  check(
    'no secret value is passed as a plain env value',
    !(ctr.env ?? []).some(
      (e) => ['DATABASE_URL', 'AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD'].includes(e.name) && 'value' in e,
    ),
  );
  check(
    'backend probes: startup+liveness /healthz, readiness /readyz',
    ctr.startupProbe?.httpGet?.path === '/healthz' &&
      ctr.livenessProbe?.httpGet?.path === '/healthz' &&
      ctr.readinessProbe?.httpGet?.path === '/readyz' &&
      [ctr.startupProbe, ctr.livenessProbe, ctr.readinessProbe].every((p) => p.httpGet.port === 'http'),
  );
  const ann = backend.spec.template.metadata.annotations ?? {};
  check('backend pods carry checksum/config', /^[0-9a-f]{64}$/.test(ann['checksum/config'] ?? ''), ann);
  if (values.secretChecksum) {
    check('backend checksum/secret is the secretChecksum value', ann['checksum/secret'] === values.secretChecksum, ann);
  } else if (values.existingSecret) {
    check('no checksum/secret without secretChecksum for an existingSecret', !('checksum/secret' in ann), ann);
  } else {
    // sha256 of the Secret's data as the chart renders it (toYaml: sorted keys,
    // no trailing newline): the annotation and the Secret see the same values.
    const sdata = find('Secret', `${fullname}-secrets`)?.data ?? {};
    const want = createHash('sha256')
      .update(
        Object.keys(sdata)
          .sort()
          .map((k) => `${k}: ${sdata[k]}`)
          .join('\n'),
      )
      .digest('hex');
    check('backend checksum/secret is the sha256 of the rendered Secret data', ann['checksum/secret'] === want, {
      annotation: ann['checksum/secret'],
      want,
    });
  }
  for (const [k, v] of Object.entries(values.podAnnotations)) {
    check(`backend pods carry podAnnotation ${k}`, ann[k] === v);
  }
}
if (frontend) {
  const ctr = frontend.spec.template.spec.containers[0];
  check(
    'frontend probes: startup, liveness and readiness on /healthz',
    [ctr.startupProbe, ctr.livenessProbe, ctr.readinessProbe].every(
      (p) => p?.httpGet?.path === '/healthz' && p.httpGet.port === 'http',
    ),
  );
  const ann = frontend.spec.template.metadata.annotations ?? {};
  check(
    'frontend pods do not roll on Secret or ConfigMap changes',
    !('checksum/secret' in ann) && !('checksum/config' in ann),
    ann,
  );
  check('frontend gets no secrets', !(ctr.env ?? []).length && !(ctr.envFrom ?? []).length);
}

// --- replicas, HPA, PDB ----------------------------------------------------
for (const c of ['frontend', 'backend']) {
  const v = values[c];
  const dep = find('Deployment', `${fullname}-${c}`);
  const hpa = find('HorizontalPodAutoscaler', `${fullname}-${c}`);
  const pdb = find('PodDisruptionBudget', `${fullname}-${c}`);
  if (v.autoscaling.enabled) {
    check(
      `${c}: HPA present and targets its Deployment`,
      hpa?.apiVersion === 'autoscaling/v2' &&
        hpa.spec.scaleTargetRef.name === `${fullname}-${c}` &&
        hpa.spec.scaleTargetRef.kind === 'Deployment' &&
        hpa.spec.minReplicas === v.autoscaling.minReplicas &&
        hpa.spec.maxReplicas === v.autoscaling.maxReplicas &&
        hpa.spec.metrics[0].resource.target.averageUtilization === v.autoscaling.targetCPUUtilizationPercentage,
      hpa?.spec,
    );
    check(`${c}: no replicas field while the HPA is on`, dep && !('replicas' in dep.spec), dep?.spec?.replicas);
  } else {
    check(`${c}: no HPA`, !hpa);
    check(`${c}: replicas = ${v.replicaCount}`, dep?.spec?.replicas === v.replicaCount, dep?.spec?.replicas);
  }
  const want = v.autoscaling.enabled ? v.autoscaling.minReplicas > 1 : v.replicaCount > 1;
  check(`${c}: PDB ${want ? 'present' : 'absent'}`, want ? !!pdb : !pdb);
  if (pdb) {
    check(
      `${c}: PDB selects the ${c} pods`,
      pdb.apiVersion === 'policy/v1' &&
        pdb.spec.selector.matchLabels['app.kubernetes.io/component'] === c &&
        pdb.spec.minAvailable === values.podDisruptionBudget.minAvailable,
    );
  }
}

// --- PostgreSQL ------------------------------------------------------------
const pgObjects = docs.filter((d) => d.metadata?.labels?.['app.kubernetes.io/component'] === 'postgresql');
if (!pg) {
  check(
    'no PostgreSQL objects when postgresql.enabled=false',
    pgObjects.length === 0,
    pgObjects.map((d) => `${d.kind}/${d.metadata.name}`),
  );
} else {
  const sts = find('StatefulSet', `${fullname}-postgresql`);
  const svc = find('Service', `${fullname}-postgresql`);
  check('PostgreSQL headless Service on 5432', svc?.spec?.clusterIP === 'None' && svc.spec.ports[0].port === 5432);
  check('PostgreSQL StatefulSet uses the headless Service', sts?.spec?.serviceName === `${fullname}-postgresql`);
  const client = find('Service', `${fullname}-postgresql-primary`);
  check(
    'PostgreSQL client Service is a ClusterIP (its name resolves while the pod restarts) on 5432',
    client?.spec?.type === 'ClusterIP' &&
      client.spec.clusterIP === undefined &&
      client.spec.ports[0].port === 5432 &&
      JSON.stringify(client.spec.selector) === JSON.stringify(sts?.spec?.selector?.matchLabels),
  );
  const vct = sts?.spec?.volumeClaimTemplates?.[0];
  check(
    'PostgreSQL data on a volumeClaimTemplate of the configured size',
    vct?.spec?.resources?.requests?.storage === values.postgresql.persistence.size,
  );
  const sc = values.postgresql.persistence.storageClass;
  check(
    'PostgreSQL storageClassName follows persistence.storageClass',
    sc === '' ? !('storageClassName' in (vct?.spec ?? {})) : vct?.spec?.storageClassName === (sc === '-' ? '' : sc),
  );
  const ctr = sts?.spec?.template?.spec?.containers?.[0];
  const env = Object.fromEntries((ctr?.env ?? []).map((e) => [e.name, e]));
  check(
    'POSTGRES_PASSWORD from the Secret key POSTGRES_PASSWORD',
    env.POSTGRES_PASSWORD?.valueFrom?.secretKeyRef?.name === secretName &&
      env.POSTGRES_PASSWORD.valueFrom.secretKeyRef.key === 'POSTGRES_PASSWORD',
  );
  check(
    'POSTGRES_USER/POSTGRES_DB from postgresql.auth',
    env.POSTGRES_USER?.value === values.postgresql.auth.username &&
      env.POSTGRES_DB?.value === values.postgresql.auth.database,
  );
  check(
    'PGDATA is a subdirectory of the data volume',
    /^\/var\/lib\/postgresql\/data\/.+/.test(env.PGDATA?.value ?? '') &&
      ctr.volumeMounts.some((m) => m.name === 'data' && m.mountPath === '/var/lib/postgresql/data'),
  );
  check(
    'PostgreSQL probes run pg_isready',
    [ctr?.startupProbe, ctr?.livenessProbe, ctr?.readinessProbe].every((p) => p?.exec?.command?.[0] === 'pg_isready'),
  );
  check(
    '/var/run/postgresql is a writable emptyDir',
    ctr?.volumeMounts?.some(
      (m) =>
        m.mountPath === '/var/run/postgresql' &&
        sts.spec.template.spec.volumes.some((v) => v.name === m.name && v.emptyDir),
    ),
  );
  check(
    'PostgreSQL runs as uid 999',
    (ctr?.securityContext?.runAsUser ?? sts?.spec?.template?.spec?.securityContext?.runAsUser) === 999,
  );
}

// --- every pod and container: hardened, with resources ----------------------
const pods = docs.flatMap((d) => {
  if (['Deployment', 'StatefulSet'].includes(d.kind))
    return [{ id: `${d.kind}/${d.metadata.name}`, spec: d.spec.template.spec }];
  if (d.kind === 'Pod') return [{ id: `Pod/${d.metadata.name}`, spec: d.spec }];
  return [];
});
check(
  'pods found',
  pods.length >= (pg ? 4 : 3),
  pods.map((p) => p.id),
);
for (const { id, spec } of pods) {
  check(`${id}: service-account token not mounted`, spec.automountServiceAccountToken === false);
  const psc = spec.securityContext ?? {};
  check(
    `${id}: pod runs as non-root with a numeric uid`,
    psc.runAsNonRoot === true && Number.isInteger(psc.runAsUser) && psc.runAsUser > 0,
  );
  for (const ctr of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = ctr.securityContext ?? {};
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    const bad = [];
    if (sc.allowPrivilegeEscalation !== false) bad.push('allowPrivilegeEscalation');
    if (sc.readOnlyRootFilesystem !== true) bad.push('readOnlyRootFilesystem');
    if (sc.privileged === true) bad.push('privileged');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) bad.push('capabilities.drop ALL');
    if ((sc.capabilities?.add ?? []).length) bad.push('capabilities.add');
    if (seccomp !== 'RuntimeDefault') bad.push('seccompProfile RuntimeDefault');
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) bad.push('runAsNonRoot');
    check(`${id}/${ctr.name}: hardened securityContext`, bad.length === 0, `missing: ${bad.join(', ')}`);
    const r = ctr.resources ?? {};
    check(
      `${id}/${ctr.name}: cpu and memory requests and limits`,
      r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory,
      r,
    );
    const vols = Object.fromEntries((spec.volumes ?? []).map((v) => [v.name, v]));
    if (ctr.name !== 'health') {
      check(
        `${id}/${ctr.name}: /tmp is a writable emptyDir`,
        (ctr.volumeMounts ?? []).some((m) => m.mountPath === '/tmp' && vols[m.name]?.emptyDir && !m.readOnly),
      );
    }
  }
}

// --- ServiceAccount ----------------------------------------------------------
const saName = values.serviceAccount.create
  ? values.serviceAccount.name || fullname
  : values.serviceAccount.name || 'default';
const sa = find('ServiceAccount', saName);
if (values.serviceAccount.create) {
  check('ServiceAccount with token automount off', sa?.automountServiceAccountToken === false);
} else {
  check('no ServiceAccount rendered with serviceAccount.create=false', ofKind('ServiceAccount').length === 0);
}
const workloads = pods.filter((p) => !p.id.startsWith('Pod/'));
check(
  `every workload uses ServiceAccount ${saName}`,
  workloads.every((p) => (p.spec.serviceAccountName ?? 'default') === saName),
  workloads.map((p) => p.spec.serviceAccountName),
);

// --- NetworkPolicies ---------------------------------------------------------
const nps = ofKind('NetworkPolicy');
if (!values.networkPolicy.enabled) {
  check('no NetworkPolicy with networkPolicy.enabled=false', nps.length === 0);
} else {
  const ns = values.networkPolicy.ingressControllerNamespace;
  const peers = (np) => (np?.spec?.ingress ?? []).flatMap((r) => r.from ?? []);
  const fromNs = (np) =>
    peers(np).some((p) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns && !p.podSelector);
  const fromComp = (np, c) =>
    peers(np).some((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/component'] === c && !p.namespaceSelector);
  const fe = find('NetworkPolicy', `${fullname}-frontend`);
  const be = find('NetworkPolicy', `${fullname}-backend`);
  const db = find('NetworkPolicy', `${fullname}-postgresql`);
  const selects = (np, c) =>
    np?.spec?.podSelector?.matchLabels?.['app.kubernetes.io/component'] === c &&
    np.spec.policyTypes.includes('Ingress');
  check(
    'frontend NetworkPolicy: from the ingress controller namespace',
    selects(fe, 'frontend') && fromNs(fe) && !fromComp(fe, 'backend'),
  );
  check(
    'backend NetworkPolicy: from frontend pods and the ingress controller namespace only',
    selects(be, 'backend') &&
      fromNs(be) &&
      fromComp(be, 'frontend') &&
      peers(be).every(
        (p) =>
          fromNs({ spec: { ingress: [{ from: [p] }] } }) ||
          ['frontend', 'test'].includes(p.podSelector?.matchLabels?.['app.kubernetes.io/component']),
      ),
    peers(be),
  );
  if (pg) {
    check(
      'PostgreSQL NetworkPolicy: from backend pods only',
      selects(db, 'postgresql') &&
        peers(db).length === 1 &&
        fromComp(db, 'backend') &&
        db.spec.ingress.every((r) => r.ports?.length === 1),
      peers(db),
    );
  } else {
    check('no PostgreSQL NetworkPolicy without PostgreSQL', !db);
  }
}

// --- Ingress ---------------------------------------------------------------
const ings = ofKind('Ingress');
if (!values.ingress.enabled) {
  check('no Ingress with ingress.enabled=false', ings.length === 0);
} else {
  const ing = ings[0];
  const rule = ing?.spec?.rules?.[0];
  const path = (p) => rule?.http?.paths?.find((x) => x.path === p);
  check(
    `Ingress for host ${values.ingress.host}, class ${values.ingress.className}`,
    ings.length === 1 && ing.spec.ingressClassName === values.ingress.className && rule.host === values.ingress.host,
  );
  check(
    'Ingress routes /api to the backend and / to the frontend',
    path('/api')?.backend?.service?.name === `${fullname}-backend` &&
      path('/')?.backend?.service?.name === `${fullname}-frontend` &&
      path('/api').pathType === 'Prefix' &&
      path('/').pathType === 'Prefix',
  );
  if (values.ingress.tls.enabled) {
    check(
      'Ingress TLS uses the given secret for the host',
      ing.spec.tls?.[0]?.secretName === values.ingress.tls.secretName &&
        ing.spec.tls[0].hosts.includes(values.ingress.host),
    );
  } else {
    check('Ingress without TLS', !ing.spec.tls);
  }
  check('Ingress annotations equal the values', eq(ing.metadata.annotations ?? {}, values.ingress.annotations));
}

// --- helm test pod ----------------------------------------------------------
const testPod = ofKind('Pod').find((p) => p.metadata?.annotations?.['helm.sh/hook'] === 'test');
check(
  'a helm test pod with a delete policy',
  !!testPod && /hook-succeeded/.test(testPod.metadata.annotations['helm.sh/hook-delete-policy'] ?? ''),
);
if (testPod) {
  const script = [...(testPod.spec.containers[0].command ?? []), ...(testPod.spec.containers[0].args ?? [])].join(' ');
  check(
    "helm test calls both Services' health endpoints",
    script.includes(`http://${fullname}-backend:${values.backend.service.port}/healthz`) &&
      script.includes(`http://${fullname}-frontend:${values.frontend.service.port}/healthz`),
    script,
  );
  check(
    'helm test image follows tests.image',
    testPod.spec.containers[0].image === `${values.tests.image.repository}:${values.tests.image.tag}`,
  );
}

process.exit(failed ? 1 : 0);
