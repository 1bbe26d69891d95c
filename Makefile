# hostmend: set-up, test, bench and the everyday tasks. `make audit` and `make test` are all a fresh
# Debian machine needs; both install what they use.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

DENO_VERSION := 2.9.6
TOOLS := .tools
# Use a Deno 2 already on PATH; otherwise the pinned one from the npm package, in a git-ignored folder.
DENO := $(shell d=$$(command -v deno 2>/dev/null) && "$$d" --version 2>/dev/null | grep -q '^deno 2\.' && echo "$$d" || echo $(CURDIR)/$(TOOLS)/node_modules/deno/deno)
export PATH := $(dir $(DENO)):$(PATH)

# Debian packages the tests use (real journals, real package managers, cron, network namespaces, ansible)
TEST_PACKAGES := systemd systemd-journal-remote dnf rpm createrepo-c cron ansible iproute2 util-linux procps ncdu iputils-ping sshpass openssh-server openssl git
BENCH_PACKAGES := hyperfine gdu time

.PHONY: help deno setup audit test lint fmt bench
help:
	@echo "make audit   disk-audit of / (installs Deno if needed)"
	@echo "make test    fmt check, lint, type check and every test (installs what the tests need)"
	@echo "make lint    fmt check, lint and type check only"
	@echo "make bench   the benchmarks in bench/ (see bench/README.md)"

$(TOOLS)/node_modules/deno/deno:
	mkdir -p $(TOOLS)
	npm install --silent --no-audit --no-fund --prefix $(TOOLS) deno@$(DENO_VERSION)
	@touch $@

deno:
	@if [ "$(DENO)" = "$(CURDIR)/$(TOOLS)/node_modules/deno/deno" ]; then $(MAKE) -s $(TOOLS)/node_modules/deno/deno; fi
	@$(DENO) install --quiet --frozen

define apt_ensure
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

setup: deno
	$(call apt_ensure,$(TEST_PACKAGES))

audit: deno
	$(DENO) task disk-audit /

lint: deno
	$(DENO) task --quiet lint

fmt: deno
	$(DENO) fmt

# deno test's own summary is followed by the plain "tests: N passed, N failed" line.
test: setup lint
	@status=0; $(DENO) task --quiet test 2>&1 | tee .test.log || status=$$?; \
	sed 's/\x1b\[[0-9;]*m//g' .test.log | awk '/^(ok|FAILED) \| [0-9]+ passed/ { p=$$3; f=$$0; sub(/.*\| /, "", f); sub(/ failed.*/, "", f) } END { if (p != "") printf "tests: %d passed, %d failed\n", p, f }'; \
	exit $$status

bench: setup
	$(call apt_ensure,$(BENCH_PACKAGES))
	$(DENO) run --allow-all bench/disk_audit_bench.ts
