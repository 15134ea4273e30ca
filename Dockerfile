# Shotbin relay: receives provider webhooks, stores them in SQLite, streams them to editors' panels.
# The image holds the compiled `shotbin` command (lib/), production dependencies only, and ffmpeg
# (the relay will run take QA). See docs/relay.md for every setting.
#   docker build -t shotbin-relay .
#   docker run -d --name shotbin-relay -p 127.0.0.1:8787:8787 -v shotbin-relay-data:/data \
#     -e SHOTBIN_RELAY_PUBLIC_URL=https://relay.example.com \
#     -e SHOTBIN_RELAY_USERS="ana=<token> ben=<token>" \
#     -e SHOTBIN_RELAY_REPLICATE_WEBHOOK_SECRET=whsec_... \
#     -e SHOTBIN_RELAY_METRICS_TOKEN=<token> \
#     shotbin-relay
#
# Node 24: an LTS line with security fixes until April 2028 (Node 22 gets them until April 2027; Node 20,
# which the old image used, ended in April 2026). CI tests the engines floor, Node 20.19+.
ARG NODE_IMAGE=node:24-slim

# 1. Build: every dependency, then the CLI compiled from src/ into lib/ (esbuild).
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY build ./build
COPY src ./src
RUN npm run build:cli

# 2. Production dependencies only, with the tools better-sqlite3 needs if no prebuilt binary fits.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The image: Node, ffmpeg, the production dependencies and lib/. No sources, no compilers.
FROM ${NODE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
# In a container the relay must listen on every interface to be reachable through the published
# port; publish it on the host's loopback (-p 127.0.0.1:8787:8787) behind a reverse proxy.
ENV NODE_ENV=production \
    SHOTBIN_RELAY_HOST=0.0.0.0 \
    SHOTBIN_RELAY_PORT=8787 \
    SHOTBIN_RELAY_DB=/data/relay.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY --from=build /app/lib ./lib
COPY assets ./assets
# The database (and its -wal/-shm files) lives on a volume owned by an unprivileged user.
RUN groupadd --system shotbin \
 && useradd --system --gid shotbin --no-create-home --home-dir /app shotbin \
 && mkdir -p /data \
 && chown shotbin:shotbin /data
USER shotbin
VOLUME ["/data"]
EXPOSE 8787
# SIGTERM: stop accepting, finish in-flight requests, close panel sockets with a reason, exit 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.SHOTBIN_RELAY_PORT || 8787) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/shotbin.js", "relay"]
