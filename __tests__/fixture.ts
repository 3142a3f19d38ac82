import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Writes files (relative path -> content) under a new temp directory and returns it. */
export function makeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-cdktf-test-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A miniature project with the same shape as this repository: two Dockerfiles, app sources, a chart. */
export const FIXTURE_PROJECT: Record<string, string> = {
  '.dockerignore': ['**/node_modules', '**/dist', '**/*.test.ts', 'cdktf.out', '.git'].join('\n'),
  'docker/backend.Dockerfile': [
    'ARG NODE_IMAGE=node:20-alpine',
    'FROM ${NODE_IMAGE} AS build',
    'COPY app/backend/package.json app/backend/package-lock.json ./',
    'COPY app/backend/src ./src',
    'COPY app/backend/migrations ./migrations',
    'FROM ${NODE_IMAGE}',
    'COPY --from=build /app/dist ./dist',
  ].join('\n'),
  'docker/frontend.Dockerfile': [
    'ARG NODE_IMAGE=node:20-alpine',
    'FROM ${NODE_IMAGE} AS build',
    'COPY app/frontend/package*.json ./',
    'COPY ["app/frontend/index.html", "./"]',
    'COPY app/frontend/src/ ./src/',
    'COPY docker/nginx.conf /etc/nginx/conf.d/default.conf',
  ].join('\n'),
  'docker/nginx.conf': 'server { listen 8080; }\n',
  'app/backend/package.json': '{"name":"backend"}\n',
  'app/backend/package-lock.json': '{}\n',
  'app/backend/README.md': 'not in the image\n',
  'app/backend/src/server.ts': 'export const port = 8000;\n',
  'app/backend/src/server.test.ts': 'test("x", () => {});\n',
  'app/backend/migrations/001_init.sql': 'create table t (id int);\n',
  'app/backend/node_modules/dep/index.js': 'module.exports = 1;\n',
  'app/frontend/package.json': '{"name":"frontend"}\n',
  'app/frontend/package-lock.json': '{}\n',
  'app/frontend/index.html': '<!doctype html>\n',
  'app/frontend/src/main.tsx': 'export {};\n',
  'helm/todo-chatbot/Chart.yaml': 'apiVersion: v2\nname: todo-chatbot\nversion: 0.1.0\n',
  'helm/todo-chatbot/values.yaml': 'backend: {}\n',
  'helm/todo-chatbot/templates/configmap.yaml': 'kind: ConfigMap\n',
};
