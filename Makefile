# Agora's one-word entry points. `make run` and `make test` install what is missing first.
CARGO_TARGET_DIR ?= $(HOME)/.cache/agora/target
export CARGO_TARGET_DIR

.PHONY: run test deps ui app bindings fmt lint e2e screenshots icons bench fuzz package budgets

run: deps ui            ## install what is missing, build and start the app
	cargo run -p agora-desktop

test: deps              ## install what is missing and run every check and test, end-to-end included
	bash scripts/test.sh

deps:                   ## system packages, npm packages and tauri-driver, when missing
	bash scripts/install-deps.sh

ui:                     ## build the web frontend into ui/dist
	npm --prefix ui run build

app: ui                 ## build the desktop binary
	cargo build -p agora -p agora-desktop

bindings:               ## regenerate the TypeScript bindings from the Rust types
	AGORA_UPDATE_BINDINGS=1 cargo test --test bindings

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

e2e: app                ## the end-to-end tests in the real window under Xvfb
	bash scripts/e2e.sh

screenshots: e2e        ## the e2e run saves a screenshot of every section in artifacts/screenshots

icons:                  ## redraw the icon source and make every size from it
	bash icons/make-source.sh
	ui/node_modules/.bin/tauri icon icons/source/agora.png -o icons
	rm -rf icons/android icons/ios

bench:                  ## criterion benchmarks of the store, the planner, the voice checks, relationships and contact imports
	cargo bench --bench store --bench plan --bench voice --bench people --bench contacts

package: deps           ## the .deb installer (app, `agora` command line, icons, desktop entry); see docs/PACKAGING.md
	bash scripts/package.sh

FUZZ_SECONDS ?= 60
FUZZ_TARGETS = contacts_csv contacts_vcard ics_import voice_guide voice_check network_counts bluesky_facets
fuzz:                   ## every fuzz target for FUZZ_SECONDS seconds each (nightly and cargo-fuzz; see docs/QUALITY.md)
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t fuzz/artifacts/$$t && \
	  CARGO_TARGET_DIR=$(HOME)/.cache/agora/fuzz-target nice -n 10 cargo +nightly fuzz run $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix=fuzz/artifacts/$$t/ \
	    || exit 1; \
	done

budgets: deps           ## start-up and memory of the release app on an empty library and the benchmark dataset
	bash scripts/budgets.sh
