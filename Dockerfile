# The API image for docker-compose.yml; Neo4j runs in its own official image.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kb ./kb
COPY api ./api
COPY cypher ./cypher
COPY seed ./seed
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["kb", "serve"]
