# syntax=docker/dockerfile:1
# Agent OS headless (`agent-os serve`) for a server: README "Run it 24/7 on a server".
# docker build -t agent-os . && docker run -p 7317:7317 -v agent-os-data:/data \
#   -e AGENT_OS_TOKEN -e AGENT_OS_ALLOWED_HOSTS=localhost agent-os   (AGENT_OS_TOKEN: openssl rand -hex 32)

# Build stage: compilers for better-sqlite3 (built from source) and the dev dependencies of the build.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# No Electron runtime in a server image; node-gyp uses the image's own Node headers, not a download.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# Dependencies first (a cached layer until the lockfile changes); install scripts are skipped here and
# the one native addon is compiled on its own below.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm rebuild better-sqlite3 \
  && npm run build \
  && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: Node, tini as PID 1 (forwards SIGTERM, reaps the tasks' orphans) and the app, no compilers.
# tini -s: it still reaps when it is not PID 1 (docker run --init, or the tests that run this start).
FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 agentos \
  && useradd --system --uid 10001 --gid agentos --home-dir /data --no-create-home --shell /usr/sbin/nologin agentos \
  && mkdir -p /data \
  && chown agentos:agentos /data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist/headless ./dist/headless
COPY --from=build /app/dist/renderer ./dist/renderer
COPY --from=build /app/assets/examples ./assets/examples
COPY --from=build /app/scripts/container-start.sh ./scripts/
RUN ln -s /app/bin/agent-os.js /usr/local/bin/agent-os
# The home (config.yml, agent-os.db, logs, the token file when AGENT_OS_TOKEN is not set) lives on the volume.
ENV NODE_ENV=production \
    AGENT_OS_HOME=/data
VOLUME ["/data"]
EXPOSE 7317
USER 10001:10001
# /healthz answers without a token and says nothing but "ok"; it follows $PORT like the server does.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 7317) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# All in ENTRYPOINT, no CMD: Railway's startCommand replaces ENTRYPOINT (railway.json repeats this line),
# and whether a platform then appends CMD or not, nothing differs. `docker run IMAGE --flag` reaches serve.
ENTRYPOINT ["/usr/bin/tini", "-s", "--", "/app/scripts/container-start.sh"]
