import { Testing, Token } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { AppRelease } from '../stacks/constructs/app-release';
import { loadConfig } from '../stacks/environments';
import { TodoStack } from '../stacks/todo-stack';
import { FIXTURE_PROJECT, makeTree, removeTree } from './fixture';

// test/chart/values/stack.yaml is what the chart tests render as "the stack's
// values". It must stay what the stack really sends, or the chart tests test
// a deployment nobody makes.
const STACK_YAML = path.join(__dirname, '..', 'test', 'chart', 'values', 'stack.yaml');
// Content hashes: the fixture tree's differ from the example's, by design.
const HASHES = new Set(['tag', 'chartChecksum', 'secretChecksum']);

type Tree = { [key: string]: unknown };
const isTree = (v: unknown): v is Tree =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !Token.isUnresolved(v);

/** Every leaf as "path = value" ("…= <expression>" for a Terraform expression, "…= <hash>" for content hashes). */
function leaves(v: unknown, at = ''): string[] {
  if (isTree(v)) return Object.keys(v).flatMap((k) => leaves(v[k], at ? `${at}.${k}` : k));
  const key = at.split('.').pop()!;
  if (HASHES.has(key)) return [`${at} = <hash>`];
  if (Token.isUnresolved(v)) return [`${at} = <expression>`];
  return [`${at} = ${JSON.stringify(v)}`];
}

let projectRoot: string;
beforeEach(() => {
  projectRoot = makeTree(FIXTURE_PROJECT);
});
afterEach(() => removeTree(projectRoot));

test('test/chart/values/stack.yaml has every key the local stack sends the chart, and the same values', () => {
  const config = loadConfig('local', {});
  const app = Testing.app({ outdir: path.join(projectRoot, 'cdktf.out') });
  const stack = new TodoStack(app, config.stackName, { config, projectRoot });
  const release = stack.node.findAll().find((c): c is AppRelease => c instanceof AppRelease);
  expect(release).toBeDefined();

  const sent = leaves(release!.values);
  const file = leaves(parse(fs.readFileSync(STACK_YAML, 'utf8')));
  // Where the stack sends a Terraform expression (a resource's name, a digest), the file holds an example.
  const expressions = new Set(sent.filter((l) => l.endsWith('= <expression>')).map((l) => l.split(' = ')[0]));
  expect([...expressions]).toEqual(['existingSecret']);
  const asSent = file.map((l) => (expressions.has(l.split(' = ')[0]) ? `${l.split(' = ')[0]} = <expression>` : l));
  expect(asSent.sort()).toEqual([...sent].sort());
});
