# Backend image: Todo AI Chatbot API (Fastify, Node 24 LTS), port 8000.
#
# Build from the REPOSITORY ROOT (the context the CDKTF stack uses):
#   docker build -f docker/backend.Dockerfile -t todo-backend .
# Inputs (exactly what reaches the image; .dockerignore allowlists the same):
#   docker/backend.Dockerfile, app/backend/{package.json,package-lock.json,
#   tsconfig*.json,src/,migrations/}
#
# The base is a build argument so another Node 24 image can be used, e.g. the
# local stand-in of the offline tests (test/infra/base-images.sh prints its name).
# Default: the official image, pinned to a patch release. To pin by digest as
# well, append @sha256:<digest>; look it up with
# `docker buildx imagetools inspect node:24.22.3-alpine` (the offline test
# machines reach no registry, so no digest is pinned here).
# Node 24 is the Active LTS line (supported until 2028-04-30); Node 20 reached
# end of life on 2026-04-30. This ARG owns the images' Node version: the
# frontend's NODE_IMAGE, the app packages' engines and @types/node and the
# offline stand-in base are tested against it (__tests__/node-versions.test.ts).
# Kept compatible with the classic builder (no RUN --mount, no COPY --chmod).
ARG NODE_IMAGE=node:24.22.3-alpine

# ---- build: all dependencies, TypeScript -> dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependency layer first: a source edit reuses it.
COPY app/backend/package.json app/backend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=warn
COPY app/backend/ ./
# Transpile only, file by file, to the layout `tsc` emits (dist/server.js...):
# esbuild takes ~0.1 s where tsc's type check took ~7 s of CPU, and this step
# is on every edit's path to a running pod. Types are checked before code
# lands: `npm run typecheck` in the backend's tests, `npm run build` (tsc).
RUN node_modules/.bin/esbuild $(find src -name '*.ts') --outdir=dist --outbase=src \
      --platform=node --format=cjs --target=node24 --sourcemap --log-level=warning

# ---- production dependencies only
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY app/backend/package.json app/backend/package-lock.json ./
# Type declarations, TypeScript sources, source maps and docs of dependencies
# are never loaded at run time (about half of node_modules' size).
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=warn \
 && npm cache clean --force \
 && find node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' \
      -o -name '*.map' -o -name '*.md' \) -delete

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
# org.opencontainers.image.revision is the content hash, set by the stack at build time.
LABEL org.opencontainers.image.title="todo-backend" \
      org.opencontainers.image.description="Todo AI Chatbot API: tasks, chat agent with tools, MCP server" \
      org.opencontainers.image.source="https://github.com/todo-chatbot/todo-chatbot" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    PORT=8000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY app/backend/package.json ./
COPY app/backend/migrations ./migrations
COPY --from=build /src/dist ./dist
# Numeric uid/gid: Kubernetes' runAsNonRoot can verify it without /etc/passwd.
USER 1000:1000
EXPOSE 8000
# No curl needed: Node has fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (the server closes
# gracefully on SIGTERM/SIGINT).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
