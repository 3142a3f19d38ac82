// scripts/lib/prepare.sh restore_state_if_emptied, which the INT traps of
// deploy and apply run: Terraform's second Ctrl-C exits at once and can leave
// the local state file empty; the state from just before the run (the backup
// prepare_release made) is put back. A checkout of its own (scripts/ copied,
// so that scripts/state.mjs finds this state/ folder, not the repository's).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, beforeEach, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const checkout = mkdtempSync(join(tmpdir(), 'interrupted-state-'));
after(() => rmSync(checkout, { recursive: true, force: true }));
for (const name of readdirSync(ROOT)) {
  if (name === 'scripts') cpSync(join(ROOT, name), join(checkout, name), { recursive: true });
  else if (!['cdktf.out', 'dist', '.git', 'state', 'plans'].includes(name))
    symlinkSync(join(ROOT, name), join(checkout, name));
}
const STATE = join(checkout, 'state/todo-local.tfstate');
const BACKUPS = join(checkout, 'state/backups');
const before = JSON.stringify({
  version: 4,
  serial: 41,
  lineage: 'test-lineage',
  resources: [
    { mode: 'managed', type: 'kubernetes_namespace_v1', name: 'ns', instances: [{ attributes: { id: 'todo' } }] },
  ],
});

function restoreIfEmptied() {
  return spawnSync(
    'bash',
    ['-c', '. scripts/lib/prepare.sh && CFG_STATE_FILE=state/todo-local.tfstate && restore_state_if_emptied'],
    { cwd: checkout, encoding: 'utf8' },
  );
}

beforeEach(() => {
  rmSync(join(checkout, 'state'), { recursive: true, force: true });
  mkdirSync(BACKUPS, { recursive: true, mode: 0o700 });
  writeFileSync(join(BACKUPS, 'todo-local-20261205T120000Z-s41.tfstate'), before, { mode: 0o600 });
});

test('an empty state file after the interrupt: the backup from before the run is put back', () => {
  writeFileSync(STATE, '');
  const r = restoreIfEmptied();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Terraform stopped while writing state\/todo-local\.tfstate and left it empty or broken/);
  assert.match(
    r.stderr,
    /Restored state\/todo-local\.tfstate from state\/backups\/todo-local-20261205T120000Z-s41\.tfstate/,
  );
  assert.equal(readFileSync(STATE, 'utf8'), before);
});

test('a state file cut off mid-write is put back too', () => {
  writeFileSync(STATE, before.slice(0, 40));
  assert.match(restoreIfEmptied().stderr, /left it empty or broken/);
  assert.equal(readFileSync(STATE, 'utf8'), before);
});

test('a whole state file is left alone, and so is a remote backend', () => {
  const after = before.replace('"serial":41', '"serial":42');
  writeFileSync(STATE, after);
  const r = restoreIfEmptied();
  assert.equal(r.stderr, '');
  assert.equal(readFileSync(STATE, 'utf8'), after);
  writeFileSync(STATE, '');
  const remote = spawnSync('bash', ['-c', '. scripts/lib/prepare.sh && CFG_STATE_FILE= && restore_state_if_emptied'], {
    cwd: checkout,
    encoding: 'utf8',
  });
  assert.equal(remote.stderr, '');
  assert.equal(readFileSync(STATE, 'utf8'), '');
});
