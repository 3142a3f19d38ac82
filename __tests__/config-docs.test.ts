/**
 * The README's configuration table is the user's reference: it must list
 * exactly the settings of stacks/config.ts, with the local environment's
 * defaults and the environment variables that really set them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, overridesFromEnv } from '../stacks/environments';
import { configSettings } from './settings';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

type Row = { field: string; defaultCell: string; variable: string };
function configurationTable(): Row[] {
  const section = README.split(/^## /m).find((s) => s.startsWith('Configuration\n'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  return section
    .split('\n')
    .filter((line) => /^\| `[\w.]+` \|/.test(line))
    .map((line) => {
      const [field, defaultCell, variable] = line
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      return { field: field.replace(/`/g, ''), defaultCell, variable: variable.replace(/`/g, '') };
    });
}

const at = (object: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<any>((o, k) => (o === undefined ? undefined : o[k]), object);

test('the README configuration table lists every setting of stacks/config.ts, once', () => {
  expect(configurationTable().map((r) => r.field)).toEqual(expect.arrayContaining(configSettings()));
  expect(
    configurationTable()
      .map((r) => r.field)
      .sort(),
  ).toEqual(configSettings());
});

test("its defaults are the local environment's", () => {
  const checked = configurationTable().filter((row) => {
    const value = at(ENVIRONMENTS.local, row.field);
    const single = /^`([^`]*)`$/.exec(row.defaultCell);
    if (single)
      expect([row.field, String(Array.isArray(value) ? value.join(':') : value)]).toEqual([row.field, single[1]]);
    else if (row.defaultCell === 'none')
      expect([
        row.field,
        value === undefined || (typeof value === 'object' && Object.keys(value!).length === 0),
      ]).toEqual([row.field, true]);
    else if (row.defaultCell === 'empty') expect([row.field, value]).toEqual([row.field, '']);
    else return false; // a described default (resources), checked by the stack tests
    return true;
  });
  expect(checked.length).toBeGreaterThan(20);
});

test('the variable named in each row sets that field', () => {
  const samples: Record<string, [string, unknown]> = {
    TODO_NAMESPACE: ['todo-other', 'todo-other'],
    KUBECONFIG: ['/k/config', ['/k/config']],
    KUBE_CONTEXT: ['kind-dev', 'kind-dev'],
    TODO_HOST: ['todo.example.org', 'todo.example.org'],
    TODO_BUILD_ARGS: ['NODE_IMAGE=n:1', { NODE_IMAGE: 'n:1' }],
    TODO_REGISTRY: ['registry.example.org/me', 'registry.example.org/me'],
  };
  const rows = configurationTable().filter((r) => r.variable);
  expect(rows.map((r) => r.variable).sort()).toEqual(Object.keys(samples).sort());
  for (const row of rows) {
    const [value, expected] = samples[row.variable];
    expect([row.variable, at(overridesFromEnv({ [row.variable]: value }), row.field)]).toEqual([
      row.variable,
      expected,
    ]);
  }
});

test('the README stays a short guide (under 300 lines)', () => {
  expect(README.split('\n').length).toBeLessThan(300);
});
