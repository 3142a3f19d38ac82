#!/usr/bin/env node
// The local Terraform state: backups, restore, and recovery from the cluster.
// Users run it through scripts/state.sh (which holds the deploy lock):
//
//   npm run state:backups                 list the backups of this environment's state
//   npm run state:restore [-- FILE]       put a backup back (default: the newest)
//   npm run state:recover                 rebuild a lost state from the cluster, passwords kept
//   npm run state -- list | show ADDRESS  terraform state of any backend (local, pg, cloud),
//                                         read-only and without the lock, secrets masked
//
// scripts/deploy.sh (which already holds the lock) runs `check` and `backup`
// before every apply. Every fact (stack, namespace, context, state file,
// which Secret key holds which password) comes from `main.ts --print-config`
// and the synthesized stack; none is restated here.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
/** Backups kept per stack: enough to step back over a bad week, bounded so secrets do not pile up. */
export const KEEP_BACKUPS = 10;
const TF = process.env.TERRAFORM_BINARY_NAME || 'terraform';

class UserError extends Error {}

function printConfig() {
  const r = spawnSync('node', [join(ROOT, 'scripts/cdktf-app.js'), '--print-config'], { encoding: 'utf8' });
  if (r.status !== 0) throw new UserError(r.stderr.trim() || 'the configuration could not be read');
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------- the state file

/** The state's JSON, or null when the file is missing. A broken file is an error that names it. */
function readState(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) return null;
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the file's first bytes, which may be anything.
    throw new UserError(
      `${file} is not valid JSON: it is not a state file, or it is broken. Restore a backup: npm run state:restore`,
    );
  }
  if (typeof state.lineage !== 'string' || typeof state.serial !== 'number' || !Array.isArray(state.resources)) {
    throw new UserError(`${file} is not a Terraform state file (no lineage, serial or resources).`);
  }
  return state;
}

const resourceCount = (state) => (state?.resources ?? []).filter((r) => r.mode === 'managed').length;

function backupDir() {
  const dir = join(ROOT, 'state', 'backups');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(join(ROOT, 'state'), 0o700);
  chmodSync(dir, 0o700);
  return dir;
}

/** This stack's backups, newest first. The UTC timestamp in the name sorts them. */
export function listBackups(dir, stack) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => new RegExp(`^${stack}-\\d{8}T\\d{6}Z-s\\d+\\.tfstate$`).test(name))
    .sort()
    .reverse()
    .map((name) => join(dir, name));
}

/** `todo-local-20261130T101500Z-s42.tfstate`: stack, time, and the state's serial. */
export function backupName(stack, serial, now = new Date()) {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stack}-${stamp}-s${serial}.tfstate`;
}

/** Copies the state into state/backups (owner-only) and drops all but the newest KEEP_BACKUPS. */
function backup(config, { quiet = false } = {}) {
  const file = join(ROOT, config.stateFile);
  const state = readState(file);
  if (!state || resourceCount(state) === 0) return null;
  const dir = backupDir();
  const newest = listBackups(dir, config.stackName)[0];
  if (newest && readFileSync(newest, 'utf8') === readFileSync(file, 'utf8')) return newest; // unchanged since
  const target = join(dir, backupName(config.stackName, state.serial));
  copyFileSync(file, target);
  chmodSync(target, 0o600);
  for (const old of listBackups(dir, config.stackName).slice(KEEP_BACKUPS)) rmSync(old);
  if (!quiet)
    console.log(
      `State backed up: ${relative(target)} (serial ${state.serial}, ${resourceCount(state)} resources; the newest ${KEEP_BACKUPS} are kept)`,
    );
  return target;
}

const relative = (file) => (file.startsWith(`${ROOT}/`) ? file.slice(ROOT.length + 1) : file);

// ---------------------------------------------------------------- the cluster

function kubectl(config, args, { allowFailure = false } = {}) {
  const r = spawnSync('kubectl', ['--context', config.kube.context, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: kubeconfigPaths(config) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error)
    throw new UserError(
      `kubectl could not run (${r.error.message}); install it: https://kubernetes.io/docs/tasks/tools/`,
    );
  if (r.status !== 0 && !allowFailure) throw new UserError(kubectlFailure(config, args, r.stderr));
  return r;
}

/** kubectl's error, with the fix when the context itself is missing (the commonest cause). */
export function kubectlFailure(config, args, stderr) {
  const context = config.kube.context;
  const message = `kubectl --context ${context} ${args.join(' ')} failed:\n${stderr.trim()}`;
  if (!/context .* (does not exist|not found)/.test(stderr)) return message;
  return (
    `${message}\nFix: the context "${context}" is not in ${kubeconfigPaths(config)}. ` +
    `Start the cluster (minikube start --addons=ingress), or run this again with KUBE_CONTEXT (and KUBECONFIG) ` +
    `naming the cluster the app runs in: kubectl config get-contexts lists them.`
  );
}

const kubeconfigPaths = (config) =>
  config.kube.configPaths.map((p) => p.replace(/^~(?=\/|$)/, process.env.HOME ?? '~')).join(':');

/** What of this app the cluster already runs: its Secret and its Helm release, by name. */
function appInCluster(config) {
  const ns = config.namespace;
  const secret = kubectl(config, [
    '-n',
    ns,
    'get',
    'secret',
    config.secretName,
    '--ignore-not-found',
    '-o',
    'name',
  ]).stdout.trim();
  const release = kubectl(config, [
    '-n',
    ns,
    'get',
    'secrets',
    '-l',
    `owner=helm,name=${config.releaseName}`,
    '-o',
    'name',
  ]).stdout.trim();
  const found = [];
  if (release) found.push(`Helm release ${config.releaseName}`);
  if (secret) found.push(`Secret ${config.secretName}`);
  return found;
}

// ---------------------------------------------------------------- commands

/** Before an apply: a missing state next to a running app would mean new passwords and "already exists" errors. */
function check(config) {
  const state = readState(join(ROOT, config.stateFile));
  if (resourceCount(state) > 0) return;
  const found = appInCluster(config);
  if (found.length === 0) return; // a first deploy
  const newest = listBackups(join(ROOT, 'state', 'backups'), config.stackName)[0];
  throw new UserError(
    [
      `The state file ${config.stateFile} is ${state ? 'empty' : 'missing'}, but the cluster (context ${config.kube.context}) already runs this app in namespace ${config.namespace}: ${found.join(', ')}.`,
      'Deploying now would generate new passwords and stop at objects that already exist, so nothing was changed. Two ways back:',
      `  npm run state:restore    # put back the newest backup${newest ? ` (${relative(newest)})` : ' (none here yet)'}; npm run state:backups lists them`,
      '  npm run state:recover    # rebuild the state from the cluster, keeping the passwords its Secret holds',
    ].join('\n'),
  );
}

function list(config) {
  const backups = listBackups(join(ROOT, 'state', 'backups'), config.stackName);
  if (backups.length === 0)
    return console.log(`No backups of ${config.stateFile} yet (one is made before every deploy).`);
  console.log(`Backups of ${config.stateFile}, newest first (restore one: npm run state:restore -- FILE):`);
  for (const file of backups) {
    const state = readState(file);
    console.log(
      `  ${relative(file)}  serial ${state.serial}, ${resourceCount(state)} resources, ${statSync(file).mtime.toISOString()}`,
    );
  }
}

function restore(config, from) {
  const backups = listBackups(join(ROOT, 'state', 'backups'), config.stackName);
  const file = from ? resolve(from) : backups[0];
  if (!file)
    throw new UserError(
      `No backup of ${config.stateFile} to restore (state/backups/ has none for stack ${config.stackName}).`,
    );
  if (!existsSync(file)) throw new UserError(`${from}: no such file.`);
  // Read now: the backup of the current state below may prune the very file being restored.
  const text = readFileSync(file, 'utf8');
  const state = readState(file);
  if (!state || resourceCount(state) === 0)
    throw new UserError(
      `${relative(file)} holds no resources: restoring it would lose track of the app. Pick another backup (npm run state:backups).`,
    );
  const target = join(ROOT, config.stateFile);
  let current = null;
  try {
    current = readState(target);
  } catch {
    // A broken state file is what a restore is for: keep it aside, never in the way.
    renameSync(target, `${target}.broken`);
    console.log(`${config.stateFile} was broken; it is kept as ${config.stateFile}.broken.`);
  }
  // The state it must belong to: the current one, else (lost) the lineage of this stack's newest backup.
  const reference =
    resourceCount(current) > 0
      ? { state: current, name: config.stateFile }
      : backups[0] && file !== backups[0]
        ? { state: readState(backups[0]), name: relative(backups[0]) }
        : null;
  if (reference && reference.state.lineage !== state.lineage) {
    throw new UserError(
      `${relative(file)} belongs to another state (lineage ${state.lineage}) than ${reference.name} (lineage ${reference.state.lineage}): it was not made from this deployment's state. Nothing was changed.`,
    );
  }
  const replaced = backup(config, { quiet: true });
  mkdirSync(join(ROOT, 'state'), { recursive: true, mode: 0o700 });
  writeFileSync(`${target}.restoring`, text, { mode: 0o600 });
  chmodSync(`${target}.restoring`, 0o600);
  renameSync(`${target}.restoring`, target);
  console.log(
    `Restored ${config.stateFile} from ${relative(file)} (serial ${state.serial}, ${resourceCount(state)} resources).`,
  );
  if (replaced) console.log(`The state it replaced is kept as ${relative(replaced)}.`);
  console.log('See what a deploy would change now: npm run diff');
}

/**
 * Rebuilds a lost state: imports what the cluster has (namespace, Secret,
 * release, Ingress) and the random_passwords with the values the Secret
 * holds, in one plan that is checked before it is applied: no password may
 * change, nothing may be destroyed or replaced. The images are built again,
 * from Docker's cache.
 */
function recover(config) {
  const stateFile = join(ROOT, config.stateFile);
  const existing = readState(stateFile);
  if (resourceCount(existing) > 0) {
    throw new UserError(
      `${config.stateFile} holds ${resourceCount(existing)} resources: there is nothing to recover. (To rebuild it anyway, move it away first.)`,
    );
  }
  const found = appInCluster(config);
  if (!found.some((f) => f.startsWith('Secret'))) {
    throw new UserError(
      `The cluster (context ${config.kube.context}) has no Secret ${config.secretName} in namespace ${config.namespace}: there is nothing to recover from. A plain deploy creates the app: npm run deploy`,
    );
  }

  console.log(`==> Synthesizing stack ${config.stackName}`);
  sh('npx', ['--no-install', 'cdktf', 'synth'], { cwd: ROOT });
  const stackDir = join(ROOT, 'cdktf.out', 'stacks', config.stackName);
  const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));

  const secret = JSON.parse(
    kubectl(config, ['-n', config.namespace, 'get', 'secret', config.secretName, '-o', 'json']).stdout,
  );
  const secretValue = (key) => {
    const value = secret.data?.[key];
    if (!value)
      throw new UserError(
        `Secret ${config.secretName} has no ${key}: it was not made by this stack, so it cannot be recovered from.`,
      );
    return Buffer.from(value, 'base64').toString('utf8');
  };
  const { imports, passwords } = importsFor(stack, config.passwordSecretKeys, secretValue);

  // The password values travel as variables in this process's environment:
  // never on a command line, never in a file.
  const env = { ...process.env };
  const importFile = join(stackDir, 'recover-imports.tf.json');
  const variable = {};
  for (const [name, value] of Object.entries(passwords)) {
    variable[name] = { type: 'string' };
    env[`TF_VAR_${name}`] = value;
  }
  writeFileSync(importFile, JSON.stringify({ variable, import: imports }, null, 2));
  const planFile = join(ROOT, 'state', `${config.stackName}.recover.tfplan`); // owner-only folder: a plan holds values
  const redact = redactor(Object.values(passwords));
  try {
    console.log(
      `==> Importing from the cluster (context ${config.kube.context}): ${imports.map((i) => i.to).join(', ')}`,
    );
    sh(TF, [`-chdir=${stackDir}`, 'init', '-input=false', '-no-color'], { env, quiet: true, redact });
    sh(TF, [`-chdir=${stackDir}`, 'plan', '-input=false', '-no-color', `-out=${planFile}`], {
      env,
      quiet: true,
      redact,
    });
    const plan = JSON.parse(
      execFileSync(TF, [`-chdir=${stackDir}`, 'show', '-json', planFile], {
        encoding: 'utf8',
        env,
        maxBuffer: 256 * 1024 * 1024,
      }),
    );
    const summary = summarizePlan(plan);
    for (const line of summary.lines) console.log(`  ${line}`);
    if (summary.refused.length) {
      throw new UserError(
        `Recovery stopped before applying anything: the plan would ${summary.refused.join('; ')}.\n` +
          'Make the configuration match what was deployed (the same TODO_ENV, TODO_CONFIG and TF_VAR_* values), then run npm run state:recover again.',
      );
    }
    console.log(
      '==> Applying: the imports, the image builds (from the cache: same tags), and Terraform-only settings of the release',
    );
    sh(TF, [`-chdir=${stackDir}`, 'apply', '-input=false', '-no-color', planFile], { env, redact });
  } finally {
    rmSync(importFile, { force: true });
    rmSync(planFile, { force: true });
    if (existsSync(stateFile)) chmodSync(stateFile, 0o600);
  }
  console.log(
    `Recovered ${config.stateFile}: ${resourceCount(readState(stateFile))} resources, passwords as the cluster's Secret holds them. Check: npm run diff`,
  );
  backup(config);
}

/** Import blocks for every importable resource of the synthesized stack; the passwords by Secret key. */
export function importsFor(stack, passwordSecretKeys, secretValue) {
  const resources = stack.resource ?? {};
  const namespaces = Object.entries(resources.kubernetes_namespace_v1 ?? {});
  if (namespaces.length !== 1) throw new Error(`expected one namespace in the stack, found ${namespaces.length}`);
  const namespace = namespaces[0][1].metadata.name;
  const imports = [{ to: `kubernetes_namespace_v1.${namespaces[0][0]}`, id: namespace }];
  for (const type of ['kubernetes_secret_v1', 'kubernetes_ingress_v1']) {
    for (const [name, r] of Object.entries(resources[type] ?? {}))
      imports.push({ to: `${type}.${name}`, id: `${namespace}/${r.metadata.name}` });
  }
  for (const [name, r] of Object.entries(resources.helm_release ?? {}))
    imports.push({ to: `helm_release.${name}`, id: `${namespace}/${r.name}` });
  const passwords = {};
  for (const [name, r] of Object.entries(resources.random_password ?? {})) {
    const id = r['//']?.metadata?.path?.split('/').pop();
    const key = passwordSecretKeys[id];
    if (!key) throw new Error(`random_password.${name} (${id}) has no Secret key in passwordSecretKeys`);
    const variable = `recover_${id}`;
    passwords[variable] = secretValue(key);
    imports.push({ to: `random_password.${name}`, id: `\${var.${variable}}` });
  }
  return { imports, passwords };
}

/**
 * What the recovery plan does, a line per resource, and what it must not do:
 * destroy or replace anything, create what should have been imported, change
 * a password, or change the Secret's data. In-place updates are expected:
 * an import cannot read back Terraform-only settings (the release's
 * `atomic`, `timeout`…; `wait_for_*`) nor the `kubernetes.io/` labels the
 * namespace already has, so applying them changes nothing in the cluster.
 */
export function summarizePlan(plan) {
  const lines = [];
  const refused = [];
  for (const change of plan.resource_changes ?? []) {
    const { actions: all, importing, before, after, after_unknown: unknown } = change.change;
    const actions = all.filter((a) => a !== 'no-op' && a !== 'read');
    const what = [importing ? 'import' : null, ...actions].filter(Boolean).join(' + ') || 'no change';
    lines.push(`${change.address}: ${what}`);
    if (actions.includes('delete')) refused.push(`destroy or replace ${change.address}`);
    // Images cannot be imported: built again from the cache, and pushed again (same content, same digest) with a registry.
    else if (actions.includes('create') && !['docker_image', 'docker_registry_image'].includes(change.type)) {
      refused.push(`create ${change.address}, which the cluster should have had`);
    } else if (actions.length && change.type === 'random_password')
      refused.push(`change the password ${change.address}`);
    else if (
      actions.length &&
      change.type === 'kubernetes_secret_v1' &&
      (unknown?.data || !sameJson(before?.data, after?.data))
    ) {
      refused.push(`change the data of ${change.address} (a TF_VAR_* value differs from the one deployed?)`);
    }
  }
  return { lines, refused };
}

const sameJson = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Replaces every given secret value in a text: Terraform prints import IDs. */
export function redactor(values) {
  const secrets = values.filter((v) => v && v.length >= 8);
  return (text) => secrets.reduce((t, s) => t.split(s).join('(sensitive value)'), text);
}

function sh(command, args, { cwd = ROOT, env = process.env, quiet = false, redact = (t) => t } = {}) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = redact(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (!quiet || r.status !== 0) process.stdout.write(output);
  if (r.error) throw new UserError(`${command} could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new UserError(
      `${basename(command)} ${args.find((a) => !a.startsWith('-')) ?? ''} failed (exit ${r.status}); its output is above.`,
    );
  return output;
}

// ---------------------------------------------------------------- inspection

export const MASK = '(sensitive value)';

/**
 * A resource's values with what the state marks sensitive replaced by MASK
 * (`sensitive_values` mirrors `values`: true where a value is sensitive), and
 * any other string that contains one of `secrets` masked too, so that a
 * password that leaked into a plain field is not printed either.
 */
export function maskValues(values, marks, secrets = []) {
  if (marks === true) return MASK;
  if (Array.isArray(values))
    return values.map((v, i) => maskValues(v, Array.isArray(marks) ? marks[i] : undefined, secrets));
  if (values && typeof values === 'object') {
    return Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        maskValues(v, marks && typeof marks === 'object' ? marks[k] : undefined, secrets),
      ]),
    );
  }
  if (typeof values === 'string' && secrets.some((secret) => values.includes(secret))) return MASK;
  return values;
}

/** Every sensitive string of the state's resources (at least 8 characters: shorter ones would mask common words). */
export function sensitiveStrings(resources) {
  const found = new Set();
  const collect = (values, marks) => {
    if (marks === true) {
      const add = (v) => {
        if (typeof v === 'string' && v.length >= 8) found.add(v);
        else if (v && typeof v === 'object') Object.values(v).forEach(add);
      };
      return add(values);
    }
    if (values && typeof values === 'object' && marks && typeof marks === 'object') {
      for (const k of Object.keys(marks)) collect(values[k], marks[k]);
    }
  };
  for (const r of resources) collect(r.values, r.sensitive_values);
  return [...found];
}

/** The managed and data resources of `terraform show -json`, child modules included. */
export function stateResources(shown) {
  const walk = (module) => [...(module?.resources ?? []), ...(module?.child_modules ?? []).flatMap(walk)];
  return walk(shown?.values?.root_module);
}

/**
 * The stack folder, synthesized and initialized for the environment's backend
 * when it is not yet (or was made for another backend): never a deploy's
 * plan, apply or lock, only what `cdktf synth` and `terraform init` do.
 */
function readyStackDir(config) {
  const stackDir = join(ROOT, 'cdktf.out', 'stacks', config.stackName);
  const stackFile = join(stackDir, 'cdk.tf.json');
  const backendOf = (json) => (json.terraform?.cloud ? 'cloud' : Object.keys(json.terraform?.backend ?? {})[0]);
  const wanted = config.stateBackend ?? (config.stateFile ? 'local' : 'cloud');
  if (!existsSync(stackFile) || backendOf(JSON.parse(readFileSync(stackFile, 'utf8'))) !== wanted) {
    console.error(`Synthesizing stack ${config.stackName} (${wanted} state)...`);
    sh('node', [join(ROOT, 'scripts/cdktf-app.js')], { quiet: true });
  }
  // Terraform's record of the initialized backend: its type must be the stack's.
  const initialized = join(stackDir, '.terraform', 'terraform.tfstate');
  const initializedType = existsSync(initialized)
    ? JSON.parse(readFileSync(initialized, 'utf8')).backend?.type
    : undefined;
  const expectedType = wanted === 'cloud' ? 'cloud' : wanted;
  if (initializedType !== expectedType || !existsSync(join(stackDir, '.terraform', 'providers'))) {
    console.error(`Initializing ${relativeToRoot(stackDir)} (terraform init)...`);
    sh(TF, [`-chdir=${stackDir}`, 'init', '-input=false', '-no-color', '-reconfigure'], { quiet: true });
  }
  return stackDir;
}

const relativeToRoot = (path) => path.slice(ROOT.length + 1);

/** `npm run state -- list` and `npm run state -- show ADDRESS`: read-only, no lock, secrets masked. */
function inspect(config, [what, address, ...rest]) {
  if (!['list', 'show'].includes(what) || (what === 'show') !== Boolean(address) || rest.length) {
    throw new UserError('usage: npm run state -- list | npm run state -- show ADDRESS (an address from list)');
  }
  // No local state file: nothing to read, and no reason to need the providers (offline, no mirror).
  if (config.stateFile && !existsSync(join(ROOT, config.stateFile))) {
    if (what === 'show') {
      throw new UserError(
        `No resource ${address}: ${config.stateFile}: file not found, so nothing is deployed from this checkout.`,
      );
    }
    console.error(
      `The state of ${config.stackName} holds no resources (nothing deployed yet: ${config.stateFile}: file not found).`,
    );
    return;
  }
  const stackDir = readyStackDir(config);
  // `terraform show -json` reads the state through the backend without locking it (`state list` fails on no state).
  const out = spawnSync(TF, [`-chdir=${stackDir}`, 'show', '-json', '-no-color'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  // Only stderr on failure: stdout may hold values.
  if (out.status !== 0) {
    throw new UserError(`terraform show -json failed in ${relativeToRoot(stackDir)}:\n${out.stderr.trim()}`);
  }
  const resources = stateResources(JSON.parse(out.stdout));
  if (what === 'list') {
    for (const r of resources) console.log(r.address);
    if (resources.length === 0)
      console.error(`The state of ${config.stackName} holds no resources (nothing deployed yet).`);
    return;
  }
  const resource = resources.find((r) => r.address === address);
  if (!resource) {
    throw new UserError(
      `No resource ${address} in the state of ${config.stackName}; the addresses are: npm run state -- list`,
    );
  }
  const masked = maskValues(resource.values, resource.sensitive_values, sensitiveStrings(resources));
  console.log(`# ${resource.address} (${resource.type}, provider ${resource.provider_name}); sensitive values masked`);
  console.log(JSON.stringify(masked, null, 2));
}

// ---------------------------------------------------------------- main

const COMMANDS = {
  backup: (config) => backup(config),
  check,
  list,
  restore: (config, args) => restore(config, args[0]),
  recover,
  inspect,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (!COMMANDS[command]) throw new UserError(`usage: state.mjs ${Object.keys(COMMANDS).join('|')} [FILE|ARGS]`);
    const config = printConfig();
    if (!config.stateFile && command !== 'inspect') {
      if (command === 'backup' || command === 'check') process.exit(0);
      throw new UserError(
        config.stateBackend === 'pg'
          ? `state:backups, state:restore and state:recover are for local state; this environment keeps its state in PostgreSQL (TODO_STATE_BACKEND=pg, schema ${config.pgSchemaName}): back it up with the database (pg_dump), and inspect it with npm run state -- list.`
          : 'This environment keeps its state in Terraform Cloud (TF_CLOUD_ORGANIZATION/TF_WORKSPACE): its state versions and restores are there.',
      );
    }
    COMMANDS[command](config, args);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
