// The phase breakdown `npm run dev` and the deploy bench print, from a deploy's
// output lines (times are given, not read from the clock).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phaseClock } from '../../scripts/lib/deploy-phases.mjs';

const backendEdit = [
  [100, '==> Preflight'],
  [1900, '==> State and release'],
  [2600, '==> Synthesizing and initializing cdktf.out/stacks/todo-local (the cdktf app, terraform init when needed)'],
  [3100, '==> terraform apply (environment local, context todo-node)'],
  [5000, 'docker_image.images_backend_image_0A1B2C3D (images/backend/image): Destroying... [id=sha256:1]'],
  [5100, 'docker_image.images_backend_image_0A1B2C3D (images/backend/image): Creating...'],
  [8100, 'docker_image.images_backend_image_0A1B2C3D: Creation complete after 3s [id=sha256:2]'],
  [8300, '\x1b[1mhelm_release.release_6E7F (release): Modifying... [id=todo-chatbot]\x1b[0m'],
  [9000, 'helm_release.release_6E7F: Still modifying... [10s elapsed]'],
  [12300, 'helm_release.release_6E7F: Modifications complete after 4s [id=todo-chatbot]'],
  [12400, '==> Done'],
  [12600, 'The Todo AI Chatbot is at: http://todo.local'],
];

test('a backend edit: each phase from its first line to the next phase, gaps added to the phase before', () => {
  const clock = phaseClock(0);
  for (const [at, line] of backendEdit) clock.line(line, at);
  assert.deepEqual(clock.phases(13000), [
    ['npm ci check, config', 100],
    ['preflight, state check, backup', 2500],
    ['synth, init', 500],
    ['terraform plan (in apply)', 1900],
    ['image build', 3300],
    ['Helm upgrade and rollout', 4100],
    ['state backup, URL', 600],
  ]);
  assert.equal(clock.url, 'http://todo.local');
  assert.equal(clock.startOf('image build'), 5000);
});

test('a no-op deploy has no build and no upgrade phase', () => {
  const clock = phaseClock(0);
  for (const [at, line] of backendEdit.filter(([, l]) => !/docker_image|helm_release/.test(l))) clock.line(line, at);
  assert.deepEqual(
    clock.phases(13000).map(([name]) => name),
    [
      'npm ci check, config',
      'preflight, state check, backup',
      'synth, init',
      'terraform plan (in apply)',
      'state backup, URL',
    ],
  );
  assert.equal(clock.startOf('image build'), undefined);
});
