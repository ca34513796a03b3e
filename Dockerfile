# Build: every dependency, the Prisma client generated, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1
COPY package.json package-lock.json prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
COPY jobs ./jobs
# npm ci generates the Prisma client (postinstall) and builds dist/ (prepare).
RUN npm ci --no-audit --no-fund

# Run: production dependencies only, and the compiled program.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# No install scripts: the client is already generated and compiled into dist/.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# node runs as PID 1, not under npm: SIGTERM from `docker stop` reaches it and it stops cleanly.
CMD ["node", "dist/src/main.js"]
