# Two entry points, both from a fresh clone:
#   make demo   install, then code the seed article (or our own example when ../shared is absent)
#   make test   install, then run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
SEED := ../shared/examples/seed-fr.txt
EXAMPLE := $(if $(wildcard $(SEED)),$(SEED),examples/ministers-en.txt)

.PHONY: install demo test bench eval

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[en,ray,test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/dyadwatch code $(EXAMPLE) --date 2024-10-15 --format table

test: install
	$(PY) -m pytest -q

eval: install
	$(VENV)/bin/dyadwatch eval ../shared/benchmarks/plover-gsr-en.jsonl
	$(VENV)/bin/dyadwatch eval ../shared/benchmarks/up-es-dev.jsonl

bench: install
	$(PY) bench/speed.py --docs 500 --lang fr --out bench/results/speed-fr.json
	$(PY) bench/speed.py --docs 500 --lang en --out bench/results/speed-en.json
