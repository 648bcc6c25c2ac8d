# The two quick-start commands: `make run` and `make test`.
GK = .venv/bin/graphkit
OUT = out

.PHONY: setup run test lint bench bench-scale bench-scale-100

setup:
	bash tools/setup.sh

# Build the knowledge graph from data/corpus and write its reports and views to out/.
run: setup
	mkdir -p $(OUT)
	$(GK) build
	$(GK) validate
	$(GK) extract --format jsonl -o $(OUT)/measures.jsonl
	$(GK) export --format csv -o $(OUT)/ledger.csv
	$(GK) export --format ttl -o $(OUT)/graph.ttl
	$(GK) centrality --format csv -o $(OUT)/centrality.csv
	$(GK) centrality --by province --format csv -o $(OUT)/centrality-by-province.csv
	$(GK) communities --format csv -o $(OUT)/communities.csv
	$(GK) compare --what concentration --format csv -o $(OUT)/concentration.csv
	$(GK) view cooperation -o $(OUT)/cooperation.html

test: setup
	.venv/bin/ruff check graphkit tests bench tools
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python bench/extract.py
	.venv/bin/python bench/store_queries.py
	.venv/bin/python bench/build.py --sizes 1
	.venv/bin/python bench/analyses.py --sizes 1

# sizes 1x and 10x, the Dask build and the Virtuoso load at 10x: under 15 minutes on 2 cores
bench-scale: setup
	.venv/bin/python bench/scale.py

# the 100x run: 10x built here, 100x on a Dask cluster, the cookbook on both, Virtuoso at 100x
bench-scale-100: setup
	.venv/bin/python bench/scale.py --hundred
