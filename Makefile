# gotrain: build the WebAssembly module and the page, serve it, test it.
#
#   make serve   build, then serve www/ on http://$(HOST):$(PORT)/
#   make test    install what the tests need, then run every test
#   make test-kernels  core's tests on the WebAssembly SIMD and scalar kernels
#   make build   www/gotrain.wasm (+ .gz/.br), its kernel modules, wasm_exec.js, serve
#   make check-size  fail if www/gotrain.wasm.br is over $(WASM_BUDGET_KB) KB (make test does it)
#   make bench   speed side by side with TF.js & co (build/bench/results.md)
#   make clean   remove build outputs (make distclean: build/node_modules too)
#
# Every recipe runs under bash -euo pipefail, so any failing step stops make.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

GO    ?= go
NODE  ?= node
NPM   ?= npm
HOST  ?= 127.0.0.1
PORT  ?= 8080

GOROOT   := $(shell $(GO) env GOROOT 2>/dev/null)
# Go >= 1.24 keeps the wasm support files in lib/wasm; older ones in misc/wasm.
WASM_LIB := $(firstword $(wildcard $(GOROOT)/lib/wasm $(GOROOT)/misc/wasm))
HAVE_WASM_PKG := $(wildcard wasm/*.go)

WASM      := www/gotrain.wasm
WASM_EXEC := www/wasm_exec.js
WWW_LICENSE := www/LICENSE
# gotrain.wasm runs the inner loops of a training step in a WebAssembly kernel
# module written in text (core/internal/kernel/*.wat, assembled by
# build/wat2wasm.mjs with npm's wabt) that gotrain.js instantiates on the Go
# program's memory: Go build tag $(KERNEL_TAG)
# (core/internal/kernel/dispatch_wasm.go). Without the tag, Go loops.
KERNEL_DIR    := core/internal/kernel
KERNEL_TAG    := wasmkernel
# The tags gotrain.wasm is built with: the kernel module, and litemat, which
# swaps gonum's mat.Dense for core/internal/mat's stand-in (gonum/mat links fmt,
# os and reflect: ~70 KB of brotli). make build WASM_TAGS=litemat for Go's
# loops.
WASM_TAGS     ?= $(KERNEL_TAG) litemat
# Inlining off (-l) for every package but those of the training step: the
# runtime's and the standard library's inlined copies cost ~35 KB of brotli,
# and only the packages listed keep training at full speed (later -gcflags
# patterns win for the packages they match). CSV parsing and model JSON run
# about a fifth slower; see build/wasmsize.md.
WASM_INLINE   := github.com/gotrain/gotrain/core github.com/gotrain/gotrain/core/internal/kernel github.com/gotrain/gotrain/core/internal/mat math math/bits math/rand/v2 internal/chacha8rand
# Compiled without bounds checks (-B): the kernel package, whose exported
# functions check every bound before its loops run (as the WebAssembly
# kernel module's loops, which check nothing, rely on): 2.6 KB of brotli.
WASM_NOBOUNDS := github.com/gotrain/gotrain/core/internal/kernel
WASM_GCFLAGS  := -gcflags=all=-l $(foreach p,$(WASM_INLINE),-gcflags=$(p)=$(if $(filter $(p),$(WASM_NOBOUNDS)),-B))
# Go's garbage collector before 1.26's Green Tea (GOEXPERIMENT=nogreenteagc,
# Go's documented opt-out): one thread in WebAssembly gains nothing from the
# new one's parallel span scanning, and it costs 8 KB of brotli. Empty (the
# default collector) with a Go that no longer knows the setting.
ifndef WASM_GOEXPERIMENT
WASM_GOEXPERIMENT := $(shell GOEXPERIMENT=nogreenteagc $(GO) env GOEXPERIMENT 2>/dev/null)
endif
# The size budget of gotrain.wasm with brotli, in KB of 1024 bytes: the one
# place it is stated (make check-size; build/wasmsize.md says what it holds).
WASM_BUDGET_KB := 650
KERNEL_SIMD   := www/gotrain-kernel.wasm
KERNEL_SCALAR := www/gotrain-kernel-scalar.wasm
SERVE_BIN := build/.bin/serve
# The npm packages of the tools, tests and benchmarks live in build/ (build/package.json);
# www/package.json is the library package and has no dependencies.
NPM_STAMP := build/node_modules/.npm-ci.stamp
# Listed explicitly: `node --test DIR` means different things across Node versions.
NODE_TESTS = $(sort $(wildcard build/test/*.test.mjs build/test/*.test.js))

# "==> step" headers keep `make test` readable.
step = @if [ -t 1 ]; then printf '\n\033[1m==> %s\033[0m\n' "$(1)"; else printf '\n==> %s\n' "$(1)"; fi

.PHONY: all build wasm kernels serve test test-deps chromium vet test-go test-wasm test-kernels \
        test-node check-size bench clean distclean check-go check-node help print-wasm-tags \
        print-wasm-gcflags print-wasm-budget print-wasm-goexperiment FORCE

all: build

# The header comment above, down to its first blank line, with the
# variables it names filled in.
help:
	@sed -n '3,/^$$/p' Makefile | sed -n 's/^# \{0,1\}//p' | \
	  sed -e 's/\$$(HOST)/$(HOST)/g' -e 's/\$$(PORT)/$(PORT)/g' -e 's/\$$(WASM_BUDGET_KB)/$(WASM_BUDGET_KB)/g'

# --- tools ------------------------------------------------------------------

check-go:
	@command -v $(GO) >/dev/null || { echo "make: '$(GO)' not found; install Go 1.26+" >&2; exit 1; }
	@test -n "$(WASM_LIB)" || { echo "make: no lib/wasm or misc/wasm under GOROOT='$(GOROOT)'" >&2; exit 1; }

check-node:
	@command -v $(NODE) >/dev/null || { echo "make: '$(NODE)' not found; install Node.js 20+ (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
	@command -v $(NPM) >/dev/null || { echo "make: '$(NPM)' not found; install npm (Debian: apt-get install -y npm)" >&2; exit 1; }

# --- build ------------------------------------------------------------------

build: check-go kernels wasm $(WASM_EXEC) $(WWW_LICENSE) $(SERVE_BIN)
	$(NODE) build/stamp-sw.mjs www

kernels: $(KERNEL_SIMD) $(KERNEL_SCALAR)

# --no-simd makes wabt reject any SIMD instruction in the scalar variant.
$(KERNEL_SIMD): $(KERNEL_DIR)/gemm.wat $(KERNEL_DIR)/output.wat $(KERNEL_DIR)/rows.wat build/wat2wasm.mjs | check-node $(NPM_STAMP)
	$(NODE) build/wat2wasm.mjs --simd $< $@

$(KERNEL_SCALAR): $(KERNEL_DIR)/gemm_scalar.wat $(KERNEL_DIR)/output.wat $(KERNEL_DIR)/rows.wat build/wat2wasm.mjs | check-node $(NPM_STAMP)
	$(NODE) build/wat2wasm.mjs --no-simd $< $@

ifneq ($(HAVE_WASM_PKG),)
wasm: $(WASM).gz $(WASM).br

# Always asks go build (its cache decides what to recompile), linking into
# build/.bin; www/ gets the module only when its bytes changed, so the
# compressed copies below are redone only then.
$(WASM): FORCE | check-go check-node
	$(call step,go build (js/wasm) -> $@)
	@mkdir -p build/.bin
	GOEXPERIMENT='$(WASM_GOEXPERIMENT)' GOOS=js GOARCH=wasm $(GO) build -tags '$(WASM_TAGS)' $(WASM_GCFLAGS) -trimpath -ldflags='-s -w' -o build/.bin/gotrain.wasm ./wasm
	@# Go's linker cuts the data section into ~40,000 segments; joined, it
	@# compresses ~45 KB smaller (build/wasm-merge-data.mjs says why it is safe).
	$(NODE) build/wasm-merge-data.mjs build/.bin/gotrain.wasm build/.bin/gotrain.wasm
	@if cmp -s build/.bin/gotrain.wasm $@; then echo "    $@ unchanged"; else \
	  cp build/.bin/gotrain.wasm $@.tmp && mv -f $@.tmp $@ && \
	  ls -l $@ | awk '{printf "    %s: %.1f MiB\n", $$NF, $$5/1048576}'; fi

# -n leaves name and time out of the header (reproducible output); the .gz
# gets the module's mtime, which build/serve checks to skip stale copies.
$(WASM).gz: $(WASM)
	gzip -9 -n -c $< > $@.tmp
	@touch -r $< $@.tmp && mv -f $@.tmp $@
	@ls -l $@ | awk '{printf "    %s: %.1f MiB\n", $$NF, $$5/1048576}'

# brotli CLI if installed, else Node's zlib (quality 11, 16 MiB window).
$(WASM).br: $(WASM)
	@if command -v brotli >/dev/null; then \
	  echo "brotli -Z -c $< > $@"; brotli -Z -c $< > $@.tmp && mv -f $@.tmp $@; \
	else \
	  echo "node zlib.brotliCompressSync(q=11) $< -> $@"; \
	  $(NODE) -e 'const z=require("zlib"),fs=require("fs");const[i,o]=process.argv.slice(1);const b=fs.readFileSync(i);fs.writeFileSync(o+".tmp",z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_MODE]:z.constants.BROTLI_MODE_GENERIC,[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_LGWIN]:24,[z.constants.BROTLI_PARAM_SIZE_HINT]:b.length}}));fs.renameSync(o+".tmp",o)' $< $@; \
	fi
	@ls -l $@ | awk '{printf "    %s: %.1f MiB\n", $$NF, $$5/1048576}'
else
wasm:
	@echo "make: no wasm/ package yet: skipping $(WASM)"
endif

# How gotrain.wasm is built, and its budget, for build/wasmsize.sh.
print-wasm-tags:
	@echo '$(WASM_TAGS)'
print-wasm-gcflags:
	@echo '$(WASM_GCFLAGS)'
print-wasm-budget:
	@echo '$(WASM_BUDGET_KB)'
print-wasm-goexperiment:
	@echo '$(WASM_GOEXPERIMENT)'

# Fails when the brotli module is over WASM_BUDGET_KB; prints its size and
# the margin either way. build/wasmsize.sh says where the bytes go.
check-size: wasm
ifneq ($(HAVE_WASM_PKG),)
	$(call step,size of $(WASM).br (budget $(WASM_BUDGET_KB) KB))
	@size=$$(wc -c < $(WASM).br); budget=$$(( $(WASM_BUDGET_KB) * 1024 )); \
	awk -v s="$$size" -v b="$$budget" -v f="$(WASM).br" 'BEGIN { \
	  printf "    %s: %.1f KB, budget %.0f KB, margin %.1f KB\n", f, s / 1024, b / 1024, (b - s) / 1024 }'; \
	if [ "$$size" -gt "$$budget" ]; then \
	  echo "make: $(WASM).br is over its budget of $(WASM_BUDGET_KB) KB: see build/wasmsize.md" >&2; exit 1; fi
endif

# The JS glue must match the Go that built the module: copy it on every build
# (only when it differs, so its mtime stays put otherwise).
$(WASM_EXEC): FORCE | check-go
	@cmp -s "$(WASM_LIB)/wasm_exec.js" $@ || { cp "$(WASM_LIB)/wasm_exec.js" $@ && echo "cp $(WASM_LIB)/wasm_exec.js $@"; }

# The npm package (www/) ships gotrain.wasm and wasm_exec.js, which hold Go's
# runtime and code ported from Go's standard library: its LICENSE carries
# both licences, made from the two files at the top.
$(WWW_LICENSE): LICENSE LICENSE-GO
	{ cat LICENSE; printf '\n---\n\nwasm_exec.js, the Go runtime compiled into gotrain.wasm, and the parts of gotrain ported\nfrom the Go standard library (core/internal/jsonlite, core/internal/csv) are under this licence:\n\n'; cat LICENSE-GO; } > $@

$(SERVE_BIN): FORCE | check-go
	@mkdir -p $(@D)
	$(GO) build -o $@ ./build/serve

FORCE:

# --- serve ------------------------------------------------------------------

serve: build
	$(call step,serving www/ on http://$(HOST):$(PORT)/ (Ctrl-C stops))
	exec $(SERVE_BIN) -dir www -addr $(HOST):$(PORT)

# --- test -------------------------------------------------------------------

test: test-deps vet test-go test-wasm test-kernels build check-size test-node
	$(call step,make test: all passed)

test-deps: check-go check-node $(NPM_STAMP) chromium

# npm ci only when node_modules is missing or older than the lock file.
$(NPM_STAMP): build/package-lock.json build/package.json
	$(call step,npm ci (build/))
	$(NPM) ci --prefix build --no-audit --no-fund
	@touch $@

chromium:
	@bash build/ensure-chromium.sh

vet: check-go
	$(call step,go vet)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet -tags $(KERNEL_TAG) ./core/...
	GOOS=js GOARCH=wasm $(GO) vet -tags '$(WASM_TAGS)' ./core/...
ifneq ($(HAVE_WASM_PKG),)
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	GOOS=js GOARCH=wasm $(GO) vet -tags '$(WASM_TAGS)' ./wasm/...
endif

test-go: check-go
	$(call step,go test (native))
	$(GO) test ./...

# go_js_wasm_exec runs each test binary in Node with wasm_exec_node.js.
test-wasm: check-go
	$(call step,go test ./core/... (js/wasm in Node, Go kernels))
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_LIB)/go_js_wasm_exec" ./core/...
ifneq ($(HAVE_WASM_PKG),)
	$(call step,go test (js/wasm in Node))
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_LIB)/go_js_wasm_exec" ./wasm/...
else
	@echo "make: no wasm/ package yet: skipping js/wasm Go tests"
endif

# core's tests on each WebAssembly kernel, built as gotrain.wasm is (with
# core/internal/mat's stand-in for gonum's Dense): build/wasm-kernel-exec.sh runs
# the test binary in Node with $(KERNEL_DIR)/*.wat assembled and attached
# (an absolute path: go test runs -exec from the package's directory). The
# kernel package's tests compare the module with the Go loops bit for bit on
# both kernels. Then the wasm/ package's tests on the stand-in too.
test-kernels: check-go check-node | $(NPM_STAMP)
	$(call step,go test -tags '$(WASM_TAGS)' ./core/... (js/wasm in Node, SIMD kernel))
	GOTRAIN_KERNEL=simd GOOS=js GOARCH=wasm $(GO) test -tags '$(WASM_TAGS)' -exec="$(CURDIR)/build/wasm-kernel-exec.sh" ./core/...
	$(call step,go test -tags '$(WASM_TAGS)' ./core ./$(KERNEL_DIR) (js/wasm in Node, scalar kernel))
	GOTRAIN_KERNEL=scalar GOOS=js GOARCH=wasm $(GO) test -tags '$(WASM_TAGS)' -exec="$(CURDIR)/build/wasm-kernel-exec.sh" ./core ./$(KERNEL_DIR)
ifneq ($(HAVE_WASM_PKG),)
	$(call step,go test -tags '$(WASM_TAGS)' ./wasm (js/wasm in Node))
	GOTRAIN_KERNEL=simd GOOS=js GOARCH=wasm $(GO) test -tags '$(WASM_TAGS)' -exec="$(CURDIR)/build/wasm-kernel-exec.sh" ./wasm/...
endif

test-node: check-node $(NPM_STAMP) chromium build
	$(call step,node --test build/test/ (Node + headless Chromium))
	$(NODE) --test --test-reporter=spec $(NODE_TESTS)

# --- bench ------------------------------------------------------------------

# build/bench/run.mjs: gotrain (wasm in Node and Chromium, and native) side
# by side with TF.js, ConvNetJS, brain.js and hand-written Go/JS loops;
# writes build/bench/results.{md,svg,json}. BENCH_ARGS passes options, e.g.
# make bench BENCH_ARGS='--runs 3 --only gotrain-wasm,refgo-wasm --workload spiral'
bench: check-node $(NPM_STAMP) chromium build
	$(call step,benchmark (build/bench/run.mjs; about 12-18 minutes))
	$(NODE) build/bench/run.mjs --no-build $(BENCH_ARGS)

# --- clean ------------------------------------------------------------------

clean:
	rm -f $(WASM) $(WASM).gz $(WASM).br $(WASM_EXEC) $(WWW_LICENSE) $(KERNEL_SIMD) $(KERNEL_SCALAR)
	rm -rf build/.bin build/out

distclean: clean
	rm -rf build/node_modules

# --- TF.js parity fixtures ---------------------------------------------------

# TensorFlow.js (cpu backend) records the oracle runs that core/parity_test.go
# and core/tfjs_test.go replay: core/testdata/tfjs/*.json (committed).
.PHONY: parity-fixtures
parity-fixtures: check-node $(NPM_STAMP)
	$(call step,node build/parity/gen.mjs -> core/testdata/tfjs/)
	$(NODE) build/parity/gen.mjs
