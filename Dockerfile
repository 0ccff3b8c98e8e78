# The API image for docker-compose.yml; Neo4j runs in its own official image.
# The browser assets the API serves (api/web) come from npm, at the lock file's versions.
FROM node:20-slim AS web
WORKDIR /web
COPY api/web/package.json api/web/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kb ./kb
COPY api ./api
COPY --from=web /web/node_modules ./api/web/node_modules
COPY cypher ./cypher
COPY seed ./seed
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["kb", "serve"]
