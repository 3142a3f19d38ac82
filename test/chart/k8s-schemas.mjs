// Kubernetes manifest schemas without internet, from the OpenAPI (v2) document
// that ships in the k8s.io/kubernetes Go module (api/openapi-spec/swagger.json).
//
//   node k8s-schemas.mjs generate <swagger.json> <outdir>
//       writes one JSON schema per kind in kubeconform's layout
//       (<kind>-<group>-<version>.json, lower case, e.g. deployment-apps-v1.json),
//       standalone (definitions inlined as local refs) and strict
//       (additionalProperties: false on every object with known properties),
//       like openapi2jsonschema --strict --stand-alone.
//   node k8s-schemas.mjs validate <schemadir> <rendered.yaml> <label> [<rendered.yaml> <label>...]
//       validates every document of renderings against those schemas (ajv);
//       prints TAP-style lines and exits 1 on any failure. Used when
//       kubeconform is not installed.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);

function fileName(group, version, kind) {
  // kubeconform: ResourceKind + KindSuffix, where KindSuffix is
  // "-<first label of the group>-<version>" ("-<version>" for the core group).
  const g = group ? `-${group.split('.')[0].toLowerCase()}` : '';
  return `${kind.toLowerCase()}${g}-${version.toLowerCase()}.json`;
}

function strictify(schema, isRoot = false) {
  if (Array.isArray(schema)) return schema.map((s) => strictify(s));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strictify(s)]));
    } else if (k.startsWith('x-kubernetes-') || k === 'description') {
      // drop: vendor extensions and prose
    } else if (typeof v === 'object') {
      out[k] = strictify(v);
    } else {
      out[k] = v;
    }
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  if (!isRoot && typeof out.type === 'string' && !out.$ref) out.type = [out.type, 'null'];
  return out;
}

function refsOf(schema, acc = new Set()) {
  if (Array.isArray(schema)) schema.forEach((s) => refsOf(s, acc));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') acc.add(v.replace('#/definitions/', ''));
      else refsOf(v, acc);
    }
  }
  return acc;
}

function generate(swaggerPath, outDir) {
  const spec = JSON.parse(readFileSync(swaggerPath, 'utf8'));
  const defs = { ...spec.definitions };
  // Special types, as openapi2jsonschema and kubeconform's schemas have them.
  defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  const strictDefs = Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, strictify(v)]));
  mkdirSync(outDir, { recursive: true });
  let n = 0;
  for (const def of Object.values(defs)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!gvks || !def.properties?.kind) continue;
    for (const { group, version, kind } of gvks) {
      const root = strictify(def, true);
      root.properties.apiVersion = { type: 'string', enum: [group ? `${group}/${version}` : version] };
      root.properties.kind = { type: 'string', enum: [kind] };
      root.required = [...new Set([...(root.required ?? []), 'apiVersion', 'kind'])];
      // collect the transitive definitions this kind needs
      const need = new Set();
      const queue = [...refsOf(root)];
      while (queue.length) {
        const r = queue.pop();
        if (need.has(r)) continue;
        need.add(r);
        queue.push(...refsOf(strictDefs[r]));
      }
      root.$schema = 'http://json-schema.org/draft-07/schema#';
      root.definitions = Object.fromEntries([...need].sort().map((r) => [r, strictDefs[r]]));
      writeFileSync(join(outDir, fileName(group, version, kind)), JSON.stringify(root));
      n++;
    }
  }
  writeFileSync(join(outDir, 'SOURCE'), `${swaggerPath}\n`);
  console.log(`wrote ${n} schemas to ${outDir}`);
}

async function validate(schemaDir, ...pairs) {
  const { default: Ajv } = await import('ajv');
  const { parseAllDocuments } = await import('yaml');
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new Map();
  let failed = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const [renderedPath, label] = [pairs[i], pairs[i + 1]];
    const docs = parseAllDocuments(readFileSync(renderedPath, 'utf8'))
      .map((d) => d.toJS())
      .filter((d) => d != null);
    for (const doc of docs) {
      const [group, version] = doc.apiVersion?.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
      const id = `${doc.kind}/${doc.metadata?.name}`;
      const file = join(schemaDir, fileName(group, version ?? '', doc.kind ?? ''));
      if (!existsSync(file)) {
        failed++;
        console.log(`not ok - ${label}: ${id} (${doc.apiVersion}) has a schema`);
        continue;
      }
      if (!compiled.has(file)) compiled.set(file, ajv.compile(JSON.parse(readFileSync(file, 'utf8'))));
      const check = compiled.get(file);
      if (check(doc)) {
        console.log(`ok - ${label}: ${id} is a valid ${doc.apiVersion} ${doc.kind}`);
      } else {
        failed++;
        console.log(`not ok - ${label}: ${id} is a valid ${doc.apiVersion} ${doc.kind}`);
        for (const e of check.errors.slice(0, 5))
          console.log(`#   ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}

if (cmd === 'generate' && args.length === 2) generate(...args);
else if (cmd === 'validate' && args.length >= 3 && args.length % 2 === 1) await validate(...args);
else {
  console.error(
    'usage: node k8s-schemas.mjs generate <swagger.json> <outdir> | validate <schemadir> (<rendered.yaml> <label>)...',
  );
  process.exit(2);
}
