#!/usr/bin/env node
// The reviewable side of a saved plan (scripts/plan.sh, scripts/apply.sh):
//
//   node scripts/plan.mjs manifest STACK_DIR      the manifest of a plan about to be made (stdout)
//   node scripts/plan.mjs write PLAN_DIR [--markdown-only] [--policy-status S --policy-output FILE]
//        reads `terraform show -json` on stdin; writes PLAN_DIR/plan.json (sensitive values masked)
//        and PLAN_DIR/plan.md (the summary a reviewer reads); prints the summary
//   node scripts/plan.mjs check PLAN_DIR STACK_DIR  exit 1, naming each difference, when the plan was
//        made for another stack, config, inputs or state than this checkout has now
//
// The functions below are pure (plan JSON in, JSON or text out) and unit-tested
// in test/scripts/plan.test.mjs; the CLI around them only reads and writes files.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const MASK = '(sensitive)';

/**
 * Attributes that hold a secret whatever the provider marks: a random_password's
 * result is in clear in its `result` (marked sensitive) and `bcrypt_hash`; a
 * Secret's data; a registry push's credentials; Helm's set_sensitive.
 */
export const SECRET_ATTRIBUTES = {
  random_password: ['result', 'bcrypt_hash'],
  kubernetes_secret_v1: ['data', 'binary_data'],
  kubernetes_secret: ['data', 'binary_data'],
  docker_registry_image: ['auth_config'],
  helm_release: ['set_sensitive'],
};

/** Strings shorter than this are not scrubbed from other places (they would match everywhere). */
const MIN_SCRUB_LENGTH = 6;

const isObject = (v) => v !== null && typeof v === 'object';

/**
 * `value` with every part that `marks` (Terraform's *_sensitive shape: true,
 * or an object/array of the same shape) marks sensitive replaced by MASK.
 * Every masked string is added to `found`.
 */
function applyMarks(value, marks, found) {
  if (marks === true) {
    collectStrings(value, found);
    return value === null || value === undefined ? value : MASK;
  }
  if (!isObject(marks) || !isObject(value)) return value;
  const out = Array.isArray(value) ? [...value] : { ...value };
  for (const key of Object.keys(marks)) {
    if (key in out) out[key] = applyMarks(out[key], marks[key], found);
  }
  return out;
}

function collectStrings(value, found) {
  if (typeof value === 'string') found.add(value);
  else if (isObject(value)) for (const v of Object.values(value)) collectStrings(v, found);
}

/** A resource's attribute values with the marked parts and its type's secret attributes masked. */
function maskAttributes(type, values, marks, found) {
  if (!isObject(values)) return values;
  const secretAttributes = SECRET_ATTRIBUTES[type] ?? [];
  // Those are masked below, value by value: the marks would hide which keys a Secret has.
  const otherMarks = isObject(marks)
    ? Object.fromEntries(Object.entries(marks).filter(([k]) => !secretAttributes.includes(k)))
    : marks;
  const out = applyMarks(values, otherMarks, found);
  for (const attr of secretAttributes) {
    const v = out[attr];
    if (v === null || v === undefined) continue;
    // A map keeps its keys (which Secret keys change is worth reviewing), never its values.
    if (isObject(v) && !Array.isArray(v)) {
      collectStrings(v, found);
      out[attr] = Object.fromEntries(Object.keys(v).map((k) => [k, MASK]));
    } else {
      collectStrings(v, found);
      out[attr] = MASK;
    }
  }
  return out;
}

function maskModule(module, found) {
  if (!isObject(module)) return module;
  return {
    ...module,
    resources: (module.resources ?? []).map((r) => ({
      ...r,
      values: maskAttributes(r.type, r.values, r.sensitive_values, found),
    })),
    child_modules: (module.child_modules ?? []).map((m) => maskModule(m, found)),
  };
}

function maskOutputs(outputs, found) {
  if (!isObject(outputs)) return outputs;
  return Object.fromEntries(
    Object.entries(outputs).map(([name, o]) => [name, { ...o, value: applyMarks(o.value, o.sensitive, found) }]),
  );
}

/** In place of MASK where a secret map's value differs from before: a reviewer sees which key changes. */
export const MASK_CHANGED = '(sensitive, changed)';

function maskChange(type, change, found) {
  if (!isObject(change)) return change;
  const before = maskAttributes(type, change.before, change.before_sensitive, found);
  const after = maskAttributes(type, change.after, change.after_sensitive, found);
  for (const attr of SECRET_ATTRIBUTES[type] ?? []) {
    const was = change.before?.[attr];
    const is = change.after?.[attr];
    if (!isObject(was) || !isObject(is) || Array.isArray(is) || after[attr] === MASK) continue;
    for (const key of Object.keys(is)) {
      if (key in was && was[key] !== is[key]) after[attr][key] = MASK_CHANGED;
    }
  }
  return { ...change, before, after };
}

/** Replaces every occurrence of a secret inside any string of `value` (copies a provider did not mark). */
function scrub(value, secrets) {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

/** Text with each secret (and its JSON-escaped form, for JSON held in strings) replaced by MASK. */
export function scrubText(text, secrets) {
  let out = text;
  for (const s of secrets) {
    out = out.split(s).join(MASK);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out = out.split(escaped).join(MASK);
  }
  return out;
}

/**
 * The plan JSON (`terraform show -json`) with every sensitive value masked:
 * what before_sensitive/after_sensitive, sensitive_values and sensitive
 * outputs mark, the variables declared sensitive, the secret attributes of
 * SECRET_ATTRIBUTES; then any copy of one of those values elsewhere.
 * Returns { plan, secrets } (secrets: the masked strings, to scrub other text).
 */
export function maskPlan(plan) {
  const found = new Set();
  const sensitiveVariables = new Set(
    Object.entries(plan.configuration?.root_module?.variables ?? {})
      .filter(([, v]) => v.sensitive)
      .map(([name]) => name),
  );
  const masked = { ...plan };
  if (plan.variables) {
    masked.variables = Object.fromEntries(
      Object.entries(plan.variables).map(([name, v]) => [
        name,
        sensitiveVariables.has(name) ? { ...v, value: applyMarks(v.value, true, found) } : v,
      ]),
    );
  }
  if (plan.planned_values) {
    masked.planned_values = {
      ...plan.planned_values,
      outputs: maskOutputs(plan.planned_values.outputs, found),
      root_module: maskModule(plan.planned_values.root_module, found),
    };
  }
  if (plan.prior_state?.values) {
    masked.prior_state = {
      ...plan.prior_state,
      values: {
        ...plan.prior_state.values,
        outputs: maskOutputs(plan.prior_state.values.outputs, found),
        root_module: maskModule(plan.prior_state.values.root_module, found),
      },
    };
  }
  for (const key of ['resource_changes', 'resource_drift']) {
    if (plan[key]) masked[key] = plan[key].map((rc) => ({ ...rc, change: maskChange(rc.type, rc.change, found) }));
  }
  if (plan.output_changes) {
    masked.output_changes = Object.fromEntries(
      Object.entries(plan.output_changes).map(([name, c]) => [
        name,
        {
          ...c,
          before: applyMarks(c.before, c.before_sensitive, found),
          after: applyMarks(c.after, c.after_sensitive, found),
        },
      ]),
    );
  }
  const secrets = [...found]
    .filter((s) => s.length >= MIN_SCRUB_LENGTH && s !== MASK)
    .sort((a, b) => b.length - a.length);
  return { plan: scrub(masked, secrets), secrets };
}

// ---------------------------------------------------------------- the summary

/** Terraform's action list as one word. */
export function actionOf(change) {
  const a = change.actions ?? [];
  if (a.includes('delete') && a.includes('create')) return 'replace';
  if (a.length === 1 && ['create', 'update', 'delete', 'read'].includes(a[0])) return a[0];
  return change.importing ? 'import' : 'no-op';
}

/** Helm release values (a list of JSON/YAML documents, later ones win) as one object, or null when not JSON. */
function releaseValues(values) {
  if (!Array.isArray(values)) return null;
  const merged = {};
  for (const doc of values) {
    let parsed;
    try {
      parsed = JSON.parse(doc);
    } catch {
      return null; // YAML given by hand: compared as a whole
    }
    deepMerge(merged, parsed);
  }
  return merged;
}

function deepMerge(target, source) {
  for (const [k, v] of Object.entries(source ?? {})) {
    if (isObject(v) && !Array.isArray(v) && isObject(target[k]) && !Array.isArray(target[k])) deepMerge(target[k], v);
    else target[k] = v;
  }
}

function flatten(value, prefix = '', out = {}) {
  if (isObject(value) && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/** A values key whose value is a secret or derived from one: shown as changed, never with its value. */
export const isSecretKey = (key) => {
  const last = key.split('.').pop();
  return last !== 'existingSecret' && /password|passwd|secret|token|api[-_]?key|credential/i.test(last);
};

const show = (v) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/** The Helm values that change, key by key: [{ key, before, after }], secrets masked. */
export function valuesDiff(change) {
  if (change.after_unknown?.values === true) return [{ key: '(all values)', before: '', after: '(known after apply)' }];
  if (change.before?.values === MASK || change.after?.values === MASK) {
    return [{ key: '(all values)', before: '', after: 'sensitive: not shown' }];
  }
  const before = releaseValues(change.before?.values ?? []);
  const after = releaseValues(change.after?.values ?? []);
  if (!before || !after) {
    const same = JSON.stringify(change.before?.values) === JSON.stringify(change.after?.values);
    return same ? [] : [{ key: '(values, not JSON)', before: 'changed', after: 'changed' }];
  }
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((key) =>
      isSecretKey(key)
        ? { key, before: b[key] === undefined ? '(none)' : MASK, after: a[key] === undefined ? '(none)' : MASK }
        : { key, before: show(b[key]), after: show(a[key]) },
    );
}

const NAMESPACE_TYPES = new Set(['kubernetes_namespace_v1', 'kubernetes_namespace']);
const CLAIM_TYPES = new Set(['kubernetes_persistent_volume_claim_v1', 'kubernetes_persistent_volume_claim']);
const SECRET_TYPES = new Set(['kubernetes_secret_v1', 'kubernetes_secret']);

/** The risk flags of one resource change (already masked), as sentences for a reviewer. */
function risksOf(rc, action, values) {
  const risks = [];
  const destroys = action === 'delete' || action === 'replace';
  const verb = action === 'replace' ? 'REPLACES' : 'DESTROYS';
  const name = rc.change.before?.metadata?.[0]?.name ?? rc.change.before?.name;
  if (destroys && NAMESPACE_TYPES.has(rc.type)) {
    risks.push(
      `${verb} the namespace ${name ?? rc.address}: everything in it goes, the PostgreSQL claim and its data too`,
    );
  }
  if (destroys && CLAIM_TYPES.has(rc.type)) risks.push(`${verb} the claim ${name ?? rc.address}: its data is lost`);
  if (destroys && SECRET_TYPES.has(rc.type)) {
    risks.push(`${verb} the Secret ${name ?? rc.address}: the app's pods cannot start while it is missing`);
  }
  if (destroys && rc.type === 'random_password') {
    risks.push(
      `${verb} the password ${rc.address}: a new value is generated, and the PostgreSQL volume keeps the old one`,
    );
  }
  if (rc.type === 'helm_release') {
    if (destroys) risks.push(`${verb} the Helm release ${name ?? rc.address}: the app is down meanwhile`);
    const chartChange = values.find((v) => v.key === 'chartChecksum');
    if (action === 'update' && (rc.change.before?.chart !== rc.change.after?.chart || chartChange)) {
      risks.push(
        `changes the chart of the release ${name ?? rc.address}` +
          (chartChange
            ? ` (chartChecksum ${chartChange.before.slice(0, 12)} -> ${chartChange.after.slice(0, 12)})`
            : ''),
      );
    }
    for (const v of values.filter((x) => /^postgresql\.(enabled|persistence\.)/.test(x.key))) {
      risks.push(`changes ${v.key} (${v.before} -> ${v.after}): the PostgreSQL volume's settings`);
    }
  }
  return risks;
}

/** One line of detail for a resource change: what changes, in the reviewer's terms. */
function detailOf(rc, action) {
  const { before, after, after_unknown: unknown = {} } = rc.change;
  const parts = [];
  if (rc.type === 'docker_image') {
    parts.push(`${before?.name ?? '(none)'} -> ${unknown.name ? '(known after apply)' : (after?.name ?? '(none)')}`);
  } else if (rc.type === 'docker_registry_image') {
    parts.push(
      `digest ${before?.sha256_digest ?? '(none)'} -> ${unknown.sha256_digest ? '(known after apply)' : (after?.sha256_digest ?? '(none)')}`,
    );
  } else if (action === 'update' && isObject(before) && isObject(after)) {
    const changedKeys = Object.keys({ ...before, ...after }).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) || unknown[k] === true,
    );
    if (changedKeys.length) parts.push(`changes ${changedKeys.sort().join(', ')}`);
  }
  const forcing = (rc.change.replace_paths ?? []).map((p) => p.join('.'));
  if (forcing.length) parts.push(`replaced because of ${forcing.join(', ')}`);
  return parts.join('; ');
}

const COUNTED = ['create', 'update', 'replace', 'delete', 'import'];

/** What a reviewer needs from a MASKED plan: counts, changes, images, values and risks. */
export function summarize(plan) {
  const counts = Object.fromEntries(COUNTED.map((a) => [a, 0]));
  const changes = [];
  const images = [];
  const values = [];
  const risks = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const action = actionOf(rc.change);
    if (action === 'no-op' || action === 'read') continue;
    counts[action] += 1;
    changes.push({ address: rc.address, action, detail: detailOf(rc, action) });
    if (rc.type === 'docker_image' || rc.type === 'docker_registry_image') {
      images.push({ address: rc.address, action, detail: detailOf(rc, action) });
    }
    const releaseValuesDiff = rc.type === 'helm_release' && action === 'update' ? valuesDiff(rc.change) : [];
    if (rc.type === 'helm_release') values.push(...releaseValuesDiff.map((v) => ({ release: rc.address, ...v })));
    risks.push(...risksOf(rc, action, releaseValuesDiff));
  }
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => actionOf(c) !== 'no-op')
    .map(([name, c]) => ({
      name,
      action: actionOf(c),
      before: show(c.before ?? undefined),
      after: c.after_unknown === true ? '(known after apply)' : show(c.after ?? undefined),
    }));
  return { counts, changes, images, values, risks, outputs };
}

/** plan.md: the summary as Markdown. `meta`: stack, environment, context, created, planFile, policies. */
export function renderMarkdown(summary, meta) {
  const { counts, changes, images, values, risks, outputs } = summary;
  const code = (s) => `\`${String(s).replace(/`/g, "'")}\``;
  const lines = [
    `# Plan for ${meta.stack} (environment ${meta.environment}, context ${meta.context})`,
    '',
    `- Made: ${meta.created}`,
    `- Plan file: ${code(meta.planFile)}; apply exactly this plan: ${code(`npm run apply -- ${meta.planDir}`)}`,
    `- Changes: ${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to destroy${counts.import ? `, ${counts.import} to import` : ''}`,
    `- Policies: ${meta.policies ?? 'not evaluated'}`,
    '',
    '## Risks',
    '',
    ...(risks.length
      ? risks.map((r) => `- ⚠ ${r}`)
      : ['- none: no namespace, claim, Secret, password or chart change']),
    '',
    '## Resource changes',
    '',
    ...(changes.length
      ? changes.map((c) => `- ${c.action} ${code(c.address)}${c.detail ? `: ${c.detail}` : ''}`)
      : ['- none: the cluster already matches the configuration']),
  ];
  if (images.length) {
    lines.push('', '## Images', '', ...images.map((i) => `- ${code(i.address)}: ${i.detail || i.action}`));
  }
  if (values.length) {
    lines.push(
      '',
      '## Helm values that change',
      '',
      ...values.map((v) => `- ${code(v.key)}: ${code(v.before)} -> ${code(v.after)}`),
    );
  }
  if (outputs.length) {
    lines.push('', '## Outputs', '', ...outputs.map((o) => `- ${o.name}: ${code(o.before)} -> ${code(o.after)}`));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- the manifest

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Canonical JSON (sorted keys), so that a hash does not depend on key order. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The input hashes the stack computed at synth, read from the synthesized
 * JSON (the stack is their only owner): each image's content hash, and the
 * chart checksum the release's values carry.
 */
export function synthInputs(stackJson) {
  const images = {};
  for (const [name, r] of Object.entries(stackJson.resource?.docker_image ?? {})) {
    images[`docker_image.${name}`] = r.triggers?.content_hash ?? null;
  }
  let chartChecksum = null;
  for (const r of Object.values(stackJson.resource?.helm_release ?? {})) {
    const m = /"chartChecksum" = "([0-9a-f]+)"/.exec((r.values ?? []).join('\n'));
    if (m) chartChecksum = m[1];
  }
  return { images, chartChecksum };
}

/** The manifest recorded next to a plan: what it was made for. */
export function buildManifest({ config, stackJsonText, state }) {
  return {
    stack: config.stackName,
    environment: config.environment,
    context: config.kube.context,
    configHash: sha256(canonical(config)),
    inputs: synthInputs(JSON.parse(stackJsonText)),
    synthHash: sha256(stackJsonText),
    state: state ? { lineage: state.lineage, serial: state.serial } : null,
  };
}

/** Why a plan made for `planned` must not be applied to `current` (empty: it may). */
export function compareManifests(planned, current) {
  const reasons = [];
  if (planned.stack !== current.stack || planned.environment !== current.environment) {
    reasons.push(
      `it was made for stack ${planned.stack} (environment ${planned.environment}), and this is ${current.stack} (environment ${current.environment}): select that environment (TODO_ENV) or make a plan for this one`,
    );
    return reasons;
  }
  if (planned.configHash !== current.configHash) {
    reasons.push(
      `the configuration differs from the one the plan was made with (context ${planned.context} then, ${current.context} now; TODO_CONFIG, TODO_* and KUBE* settings count)`,
    );
  }
  for (const [image, hash] of Object.entries(planned.inputs.images)) {
    const now = current.inputs.images[image];
    if (now !== hash) {
      reasons.push(
        `the inputs of ${image} changed since the plan (content hash ${String(hash).slice(0, 16)} then, ${String(now ?? 'none').slice(0, 16)} now): its files or build args were edited`,
      );
    }
  }
  for (const image of Object.keys(current.inputs.images)) {
    if (!(image in planned.inputs.images)) reasons.push(`${image} is new since the plan`);
  }
  if (planned.inputs.chartChecksum !== current.inputs.chartChecksum) {
    reasons.push(
      `the chart changed since the plan (checksum ${String(planned.inputs.chartChecksum).slice(0, 16)} then, ${String(current.inputs.chartChecksum).slice(0, 16)} now)`,
    );
  }
  if (reasons.length === 0 && planned.synthHash !== current.synthHash) {
    reasons.push("the synthesized stack differs from the one the plan was made from: the stacks' code changed");
  }
  if (planned.state && current.state) {
    if (planned.state.lineage !== current.state.lineage) {
      reasons.push(
        'the plan is stale: the state is another one than the plan was made against (restored or recreated since)',
      );
    } else if (planned.state.serial !== current.state.serial) {
      reasons.push(
        `the plan is stale: the state changed since the plan was made (serial ${planned.state.serial} then, ${current.state.serial} now): another deploy or apply ran in between, so what the plan would change is no longer what you reviewed`,
      );
    }
  } else if (planned.state && !current.state) {
    reasons.push('the plan was made against the local state, and this configuration uses a remote one');
  }
  return reasons;
}

// ---------------------------------------------------------------- the CLI

class UserError extends Error {}

function printConfig() {
  const r = spawnSync('node', [join(ROOT, 'scripts/cdktf-app.js'), '--print-config'], { encoding: 'utf8' });
  if (r.status !== 0) throw new UserError(r.stderr.trim() || 'the configuration could not be read');
  return JSON.parse(r.stdout);
}

function readStateSerial(config) {
  if (!config.stateFile) return null; // remote state: Terraform's own stale check guards it
  const file = join(ROOT, config.stateFile);
  if (!existsSync(file) || !readFileSync(file, 'utf8').trim()) return { lineage: null, serial: 0 };
  const state = JSON.parse(readFileSync(file, 'utf8'));
  return { lineage: state.lineage, serial: state.serial };
}

function currentManifest(stackDir) {
  const config = printConfig();
  const stackJsonText = readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8');
  return buildManifest({ config, stackJsonText, state: readStateSerial(config) });
}

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function write(planDir, args) {
  const manifest = JSON.parse(readFileSync(join(planDir, 'manifest.json'), 'utf8'));
  const { plan, secrets } = maskPlan(JSON.parse(readFileSync(0, 'utf8')));
  writeFileSync(join(planDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
  const policyOutput = option(args, '--policy-output');
  const denials =
    policyOutput && existsSync(policyOutput) ? scrubText(readFileSync(policyOutput, 'utf8'), secrets).trim() : '';
  const status = option(args, '--policy-status') ?? 'not evaluated';
  const policies = denials ? [status, ...denials.split('\n').map((line) => `  - ${line.trim()}`)].join('\n') : status;
  const summary = summarize(plan);
  const markdown = scrubText(
    renderMarkdown(summary, {
      ...manifest,
      created: manifest.created,
      planDir,
      planFile: join(planDir, 'plan.tfplan'),
      policies,
    }),
    secrets,
  );
  writeFileSync(join(planDir, 'plan.md'), markdown, { mode: 0o600 });
  if (args.includes('--markdown-only')) {
    process.stdout.write(markdown);
    return;
  }
  const c = summary.counts;
  console.log(
    `Plan: ${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to destroy${c.import ? `, ${c.import} to import` : ''}.`,
  );
  for (const r of summary.risks) console.log(`  ⚠ ${r}`);
  console.log(`Policies: ${policies}`);
}

function main(argv) {
  const [command, ...args] = argv;
  if (command === 'manifest') {
    const [stackDir] = args;
    const manifest = { ...currentManifest(stackDir), created: option(args, '--created') };
    process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
  } else if (command === 'write') {
    write(args[0], args.slice(1));
  } else if (command === 'check') {
    const [planDir, stackDir] = args;
    const planned = JSON.parse(readFileSync(join(planDir, 'manifest.json'), 'utf8'));
    const reasons = compareManifests(planned, currentManifest(stackDir));
    if (reasons.length) {
      throw new UserError(
        [
          `${planDir} cannot be applied, and nothing was changed:`,
          ...reasons.map((r) => `  - ${r}`),
          'Make a new plan and review it: npm run plan',
        ].join('\n'),
      );
    }
  } else {
    throw new UserError('usage: node scripts/plan.mjs manifest|write|check … (see the comment at its top)');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
