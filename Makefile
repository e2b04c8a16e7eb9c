# Rapport — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
RAPPORT_HOME ?= $(HOME)/.local/share/rapport
DEMO_DIR ?= .rapport/demo
DEMO_CUSTOMERS ?= 300
DEMO_SEED ?= 42
RELEASE_BIN = .build/release/rapport

.PHONY: demo test crash-test build release postgres bench-ingest bench-merge eval-febrl fuzz-api clean-demo format

## demo: install what is missing, build, start the embedded PostgreSQL, load demo data, show a timeline
demo: postgres release
	@scripts/demo.sh "$(RELEASE_BIN)" "$(DEMO_DIR)" "$(DEMO_CUSTOMERS)" "$(DEMO_SEED)"

## test: the whole test suite (outage tests alone), then the ingest crash test, against one throwaway PostgreSQL
test: postgres
	SWIFT="$(SWIFT)" scripts/with-test-postgres.sh scripts/run-tests.sh 2>&1 | tee .build-test.log; exit $${PIPESTATUS[0]}

## crash-test: kill `rapport ingest` with SIGKILL at random moments, re-run, check the store (CRASH_SEED, CRASH_KILLS)
crash-test: postgres
	scripts/with-test-postgres.sh scripts/crash-ingest.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product rapport

postgres:
	@scripts/ensure-postgres.sh

## bench-ingest: rapport ingest against raw COPY of the same 1M rows (see docs/benchmarks.md)
bench-ingest: postgres release
	"$(RELEASE_BIN)" bench ingest --rows $${ROWS:-1000000}

clean-demo:
	rm -rf "$(DEMO_DIR)"

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## bench-merge: merge and unmerge cost with 10 and 100,000 interactions (target ratio ≤ 1.2)
bench-merge: postgres release
	"$(RELEASE_BIN)" bench merge

## eval-febrl: merge-suggestion precision/recall/F1 and time on Febrl, against Splink (needs PyPI)
eval-febrl: postgres release
	scripts/eval-febrl.sh "$(RELEASE_BIN)"

## fuzz-api: schemathesis against the served openapi.yaml with a reader and a steward token (docs/http.md)
fuzz-api: postgres build
	scripts/with-test-postgres.sh scripts/fuzz-api.sh
