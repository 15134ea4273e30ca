# Shotbin relay: receives provider webhooks, stores them in SQLite, streams them to editors' panels.
#   docker build -t shotbin-relay .
#   docker run -d --name shotbin-relay -p 8787:8787 -v shotbin-relay-data:/data \
#     -e SHOTBIN_RELAY_PUBLIC_URL=https://relay.example.com \
#     -e SHOTBIN_RELAY_USERS="ana=<token> ben=<token>" \
#     -e SHOTBIN_RELAY_REPLICATE_WEBHOOK_SECRET=whsec_... \
#     shotbin-relay
# See the README's Relay section for every setting.

# Dependencies, with the tools better-sqlite3 needs if no prebuilt binary fits this platform.
FROM node:20-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    SHOTBIN_RELAY_HOST=0.0.0.0 \
    SHOTBIN_RELAY_PORT=8787 \
    SHOTBIN_RELAY_DB=/data/relay.sqlite
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
# The database (and its -wal/-shm files) lives on a volume owned by an unprivileged user.
RUN groupadd --system shotbin \
 && useradd --system --gid shotbin --no-create-home --home-dir /app shotbin \
 && mkdir -p /data \
 && chown shotbin:shotbin /data
USER shotbin
VOLUME ["/data"]
EXPOSE 8787
# SIGTERM: stop accepting, finish in-flight requests, close panel sockets with a reason.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.SHOTBIN_RELAY_PORT || 8787) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/shotbin.js", "relay"]
