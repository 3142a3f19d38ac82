// A throwaway copy of this checkout as a fresh clone would have it: the
// tracked files (as they are in the working tree) and the app bundle, which
// is self-contained, so the copy synthesizes without node_modules.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The caller's environment without any setting that would change the stack (backend, registry, config). */
export const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(TODO_|TF_CLOUD_|TF_WORKSPACE$|TF_VAR_|PG_CONN_STR$|CDKTF_|KUBECONFIG$|KUBE_CONTEXT$)/.test(k),
    ),
  );

export function copyCheckout(prefix, extraFiles = []) {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of [...tracked, ...extraFiles]) {
    if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(copy, file), { preserveTimestamps: true });
  }
  // Rebuilds the bundle in the checkout when a source is newer, then copies it (timestamps kept: no rebuild in the copy).
  execFileSync('node', ['scripts/cdktf-app.js', '--print-config'], { cwd: ROOT, env: cleanEnv(), stdio: 'ignore' });
  cpSync(join(ROOT, 'dist/main.js'), join(copy, 'dist/main.js'), { preserveTimestamps: true });
  return copy;
}

/** A copy of the checkout with a kubeconfig (`<copy>/kubeconfig`) that points nowhere: no command in it may reach a cluster. */
export function copyCheckoutWithoutCluster(prefix) {
  const copy = copyCheckout(prefix);
  writeFileSync(
    join(copy, 'kubeconfig'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'none', cluster: { server: 'https://127.0.0.1:9' } }],
      contexts: [{ name: 'minikube', context: { cluster: 'none', user: 'none' } }],
      users: [{ name: 'none', user: { token: 'not-a-token' } }],
    }),
  );
  return copy;
}
