import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contextSources, hashDirectory, imageInputs } from '../stacks/content-hash';
import { FIXTURE_PROJECT, makeTree, removeTree, writeFiles } from './fixture';

const BACKEND = 'docker/backend.Dockerfile';
const FRONTEND = 'docker/frontend.Dockerfile';

describe('image inputs', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree(FIXTURE_PROJECT);
  });
  afterEach(() => removeTree(root));

  const tags = () => ({ backend: imageInputs(root, BACKEND).hash, frontend: imageInputs(root, FRONTEND).hash });

  test('the backend image hashes exactly its Dockerfile, .dockerignore and the copied, non-ignored files', () => {
    expect(imageInputs(root, BACKEND).files).toEqual([
      '.dockerignore',
      'app/backend/migrations/001_init.sql',
      'app/backend/package-lock.json',
      'app/backend/package.json',
      'app/backend/src/server.ts',
      BACKEND,
    ]);
  });

  test('wildcards, JSON-form COPY and files outside app/ are followed for the frontend', () => {
    expect(imageInputs(root, FRONTEND).files).toEqual([
      '.dockerignore',
      'app/frontend/index.html',
      'app/frontend/package-lock.json',
      'app/frontend/package.json',
      'app/frontend/src/main.tsx',
      'docker/frontend.Dockerfile',
      'docker/nginx.conf',
    ]);
  });

  test('the same tree in another folder tags alike (paths are relative: every clone builds the same tags)', () => {
    const elsewhere = makeTree(FIXTURE_PROJECT);
    try {
      expect(imageInputs(elsewhere, BACKEND).hash).toEqual(tags().backend);
      expect(imageInputs(elsewhere, FRONTEND).hash).toEqual(tags().frontend);
    } finally {
      removeTree(elsewhere);
    }
  });

  test('a backend source change changes only the backend hash', () => {
    const before = tags();
    writeFiles(root, { 'app/backend/src/server.ts': 'export const port = 8001;\n' });
    const after = tags();
    expect(after.backend).not.toEqual(before.backend);
    expect(after.frontend).toEqual(before.frontend);
  });

  test('a frontend change changes only the frontend hash', () => {
    const before = tags();
    writeFiles(root, { 'docker/nginx.conf': 'server { listen 8081; }\n' });
    const after = tags();
    expect(after.frontend).not.toEqual(before.frontend);
    expect(after.backend).toEqual(before.backend);
  });

  test.each([
    ['a dockerignored test file', 'app/backend/src/server.test.ts'],
    ['a file in node_modules', 'app/backend/node_modules/dep/index.js'],
    ['a file no COPY names', 'app/backend/README.md'],
    ['a file of the other service', 'app/frontend/src/main.tsx'],
  ])('editing %s does not change the backend hash', (_what, file) => {
    const before = imageInputs(root, BACKEND).hash;
    writeFiles(root, { [file]: 'changed\n' });
    expect(imageInputs(root, BACKEND).hash).toEqual(before);
  });

  test('touching a file (mtime only) does not change the hash', () => {
    const before = imageInputs(root, BACKEND).hash;
    const file = path.join(root, 'app/backend/src/server.ts');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    expect(imageInputs(root, BACKEND).hash).toEqual(before);
  });

  test('the hash does not depend on the order files were created in', () => {
    const entries = Object.entries(FIXTURE_PROJECT);
    const reversed = makeTree(Object.fromEntries(entries.reverse()));
    try {
      expect(imageInputs(reversed, BACKEND).hash).toEqual(imageInputs(root, BACKEND).hash);
    } finally {
      removeTree(reversed);
    }
  });

  test('renaming a file changes the hash even when contents stay the same', () => {
    const before = imageInputs(root, BACKEND).hash;
    fs.renameSync(
      path.join(root, 'app/backend/migrations/001_init.sql'),
      path.join(root, 'app/backend/migrations/002_init.sql'),
    );
    expect(imageInputs(root, BACKEND).hash).not.toEqual(before);
  });

  test('adding a new source file changes the hash', () => {
    const before = imageInputs(root, BACKEND).hash;
    writeFiles(root, { 'app/backend/src/routes.ts': 'export {};\n' });
    expect(imageInputs(root, BACKEND).hash).not.toEqual(before);
  });

  test('build arguments (another base image) are part of the hash', () => {
    const before = imageInputs(root, BACKEND).hash;
    expect(imageInputs(root, BACKEND, { NODE_IMAGE: 'local/node:20' }).hash).not.toEqual(before);
  });

  test('an edited .dockerignore changes the hash (it decides what goes in)', () => {
    const before = imageInputs(root, BACKEND).hash;
    writeFiles(root, { '.dockerignore': `${FIXTURE_PROJECT['.dockerignore']}\n**/migrations` });
    const after = imageInputs(root, BACKEND);
    expect(after.hash).not.toEqual(before);
    expect(after.files).not.toContain('app/backend/migrations/001_init.sql');
  });
});

describe('allowlist-style .dockerignore ("*" then "!exceptions")', () => {
  test('files re-included by exceptions are hashed; everything else, node_modules included, is not', () => {
    const root = makeTree({
      ...FIXTURE_PROJECT,
      '.dockerignore': [
        '*',
        '!app/backend/package.json',
        '!app/backend/package-lock.json',
        '!app/backend/src/',
        '!app/backend/migrations/',
        '**/node_modules',
        '**/*.test.ts',
      ].join('\n'),
      'app/backend/src/node_modules/x.js': 'ignored\n',
    });
    try {
      const inputs = imageInputs(root, BACKEND);
      expect(inputs.files).toEqual([
        '.dockerignore',
        'app/backend/migrations/001_init.sql',
        'app/backend/package-lock.json',
        'app/backend/package.json',
        'app/backend/src/server.ts',
        BACKEND,
      ]);
      const before = inputs.hash;
      writeFiles(root, { 'app/backend/README.md': 'changed\n' });
      expect(imageInputs(root, BACKEND).hash).toEqual(before);
      writeFiles(root, { 'app/backend/src/server.ts': 'changed\n' });
      expect(imageInputs(root, BACKEND).hash).not.toEqual(before);
    } finally {
      removeTree(root);
    }
  });
});

describe('contextSources', () => {
  test('reads COPY and ADD sources, skips --from stages, handles flags and JSON form', () => {
    const dockerfile = [
      'FROM a AS build',
      'COPY --chown=1000:1000 app/x.json app/y.json ./',
      'ADD ["app/z dir/f.txt", "/dst/"]',
      'COPY --from=build /out /app',
      'copy app/lower \\',
      '  /dst',
      'RUN echo COPY not/this /x',
    ].join('\n');
    expect(contextSources(dockerfile)).toEqual(['app/x.json', 'app/y.json', 'app/z dir/f.txt', 'app/lower']);
  });
});

describe('chart checksum', () => {
  test('changes when any chart file changes, and only then', () => {
    const root = makeTree(FIXTURE_PROJECT);
    try {
      const chart = path.join(root, 'helm/todo-chatbot');
      const first = hashDirectory(chart);
      expect(hashDirectory(chart)).toEqual(first);
      writeFiles(root, { 'helm/todo-chatbot/templates/configmap.yaml': 'kind: ConfigMap\nmetadata: {}\n' });
      expect(hashDirectory(chart)).not.toEqual(first);
    } finally {
      removeTree(root);
    }
  });
});

describe("the repository's own Dockerfiles", () => {
  const repo = path.resolve(__dirname, '..');

  test('the backend image hashes its sources, migrations and lock file; never node_modules, tests, dist or the frontend', () => {
    const files = imageInputs(repo, BACKEND).files;
    expect(files).toEqual(
      expect.arrayContaining([BACKEND, 'app/backend/package-lock.json', 'app/backend/src/server.ts']),
    );
    expect(files.some((f) => f.startsWith('app/backend/migrations/'))).toBe(true);
    expect(files.filter((f) => /(^|\/)(node_modules|dist|test)\//.test(f) || f.startsWith('app/frontend/'))).toEqual(
      [],
    );
  });

  test('the frontend image hashes its sources and the nginx config; never the backend or node_modules', () => {
    const files = imageInputs(repo, FRONTEND).files;
    expect(files).toEqual(expect.arrayContaining([FRONTEND, 'app/frontend/index.html', 'app/frontend/src/main.tsx']));
    expect(files.some((f) => f.startsWith('docker/nginx/'))).toBe(true);
    expect(files.filter((f) => f.includes('node_modules/') || f.startsWith('app/backend/'))).toEqual([]);
  });

  describe('in a copy of the repository (its .dockerignore, Dockerfiles and app sources)', () => {
    let copy: string;
    beforeAll(() => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-cdktf-repo-'));
      for (const entry of ['.dockerignore', 'docker', 'app/backend', 'app/frontend']) {
        fs.cpSync(path.join(repo, entry), path.join(copy, entry), {
          recursive: true,
          filter: (src) => !/(^|[/\\])(node_modules|dist)$/.test(src),
        });
      }
    });
    afterAll(() => removeTree(copy));
    const tag = (dockerfile: string) => imageInputs(copy, dockerfile).hash.slice(0, 16); // AppImage's tag

    test.each([
      ['a frontend unit test', FRONTEND, 'app/frontend/src/__tests__/App.test.tsx'],
      ['the frontend test setup', FRONTEND, 'app/frontend/src/test/setup.ts'],
      ['a backend test', BACKEND, 'app/backend/test/unit/auth.test.ts'],
    ])('editing %s keeps the image tag (tests are no image input)', (_what, dockerfile, file) => {
      const before = tag(dockerfile);
      expect(fs.existsSync(path.join(copy, file))).toBe(true);
      fs.appendFileSync(path.join(copy, file), '\n// edited\n');
      expect(tag(dockerfile)).toEqual(before);
    });

    test('editing a frontend source changes the frontend tag (the control for the test above)', () => {
      const before = tag(FRONTEND);
      fs.appendFileSync(path.join(copy, 'app/frontend/src/main.tsx'), '\n// edited\n');
      expect(tag(FRONTEND)).not.toEqual(before);
    });
  });
});
