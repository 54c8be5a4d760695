# Docket: one image, three roles (docker compose runs api and worker from it).
# Node 24 runs the TypeScript sources directly (type stripping): there is no build output.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the root package's postinstall (patch-package), which patches postgres.js: the patch must be here too.
COPY patches ./patches/
# Production dependencies only; install scripts are limited to the ones package.json allows.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=4000 DATA_DIR=/app/.data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY migrations ./migrations
# 1000 is the image's `node` user (numeric, so npm run dockerfile:check can run the line too).
RUN mkdir -p /app/.data && chown -R 1000:1000 /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Roles: --role api | worker | all (the default). DATABASE_URL is required in a container:
# the embedded PostgreSQL is for laptops.
# Its steps are checked without a container engine by npm run dockerfile:check.
ENTRYPOINT ["node", "src/main.ts"]
CMD ["--role", "all"]
