# The two quick-start commands: `make run` and `make test`.
.PHONY: setup run test lint bench

setup:
	bash tools/setup.sh

run: setup
	.venv/bin/graphkit extract --format jsonl -o out/measures.jsonl

test: setup
	.venv/bin/ruff check graphkit tests bench
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python bench/extract.py
