# The Lotgraph API and web app in a container; Neo4j runs in its own container (docker-compose.yml).
# Stage 1 builds the web app (Vite is a development dependency); stage 2 holds what runs.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Neo4j runs in its own container, so the local-Neo4j build step (postinstall) is skipped.
ENV NEO4J_URI=bolt://neo4j:7687
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY . .
COPY --from=web /app/web/dist ./web/dist
ENV HOST=0.0.0.0 PORT=4000 LOTGRAPH_DATA_DIR=/data
EXPOSE 4000
CMD ["node", "bin/lotgraph.mjs", "start"]
