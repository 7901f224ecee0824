# Passerelle: one image for both processes (api: dist/apps/api/src/main.js, worker: dist/apps/worker/src/main.js).
# docker-compose.yml chooses the command; the default is the api. Node 24 LTS (the code also runs on Node 20.19+).

# ---- build: install everything, compile with swc, then drop the dev dependencies
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV CI=true NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json .swcrc ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ---- runtime: production dependencies and the compiled code only, run as a non-root user
FROM node:24-bookworm-slim AS runtime
# A larger young generation (ADR 0016): +30 % requests/s on the class wall, measured by bench feed-read.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=64 \
    PORT=3000 \
    DATA_DIR=/app/.data \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Attribute-mapping presets are read at run time.
COPY federation/profiles ./federation/profiles
# DATA_DIR is only used in embedded mode (no DATABASE_URL); it must be writable by the runtime user.
RUN mkdir -p /app/.data && chown node:node /app/.data
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
