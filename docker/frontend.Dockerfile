# Frontend image: Todo AI Chatbot web UI (React + Vite), served by unprivileged
# nginx on port 8080. Calls the API at the relative path /api (the Ingress
# routes /api to the backend).
#
# Build from the REPOSITORY ROOT (the context the CDKTF stack uses):
#   docker build -f docker/frontend.Dockerfile -t todo-frontend .
# Inputs (exactly what reaches the image; .dockerignore allowlists the same):
#   docker/frontend.Dockerfile, docker/nginx/{nginx.conf,default.conf,security-headers.conf},
#   app/frontend/{package.json,package-lock.json,tsconfig*.json,vite.config.*,
#   index.html,src/,public/}
#
# Bases are build arguments; defaults are the official images, pinned. The
# offline tests pass local stand-ins:
#   --build-arg NODE_IMAGE=todo-local/node:24-bookworm --build-arg NGINX_IMAGE=todo-local/nginx:bookworm
# To pin by digest as well, append @sha256:<digest> to a default (look it up with
# `docker buildx imagetools inspect <image>`; public Dockerfiles pin
# nginxinc/nginx-unprivileged:1.30.4-alpine-slim@sha256:e88d990b349df8cf4aa82f16642d7a23375016638c9ace4e5c6ca25028e62e65,
# not verifiable from the offline test machines). alpine-slim: nginx without
# njs and extra modules, which the SPA does not need (the size target < 30 MB).
# Kept compatible with the classic builder (no RUN --mount, no COPY --chmod).
# NODE_IMAGE: the same as the backend's, whose ARG owns the version (tested).
ARG NODE_IMAGE=node:24.22.3-alpine
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.30.4-alpine-slim

# ---- build: npm ci + vite build -> /src/dist (index.html + assets/)
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependency layer first: a source edit reuses it.
COPY app/frontend/package.json app/frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=warn
# Everything else that .dockerignore lets through from app/frontend
# (tsconfig*.json, vite.config.*, index.html, src/, public/ when present).
COPY app/frontend/ ./
RUN npm run build

# ---- runtime: static files only, no Node.js
FROM ${NGINX_IMAGE} AS runtime
# org.opencontainers.image.revision is the content hash, set by the stack at build time.
LABEL org.opencontainers.image.title="todo-frontend" \
      org.opencontainers.image.description="Todo AI Chatbot web UI (static SPA on unprivileged nginx)" \
      org.opencontainers.image.source="https://github.com/todo-chatbot/todo-chatbot" \
      org.opencontainers.image.licenses="MIT"
COPY docker/nginx/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx/default.conf /etc/nginx/conf.d/default.conf
COPY docker/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /src/dist /usr/share/nginx/html
# Same uid as nginx-unprivileged's `nginx` user; numeric for runAsNonRoot.
USER 101:101
EXPOSE 8080
# busybox wget: in the official alpine image and in the local stand-in.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
