#!/usr/bin/env bash
# Size of gotrain's WebAssembly module, against its budget with brotli
# (the Makefile's WASM_BUDGET_KB; make check-size enforces it).
#
#   build/wasmsize.sh          build ./wasm as `make build` does (into
#                              build/.bin/size/) and print raw/gzip/brotli
#                              and the margin to the budget, then the code
#                              and data sections and the biggest Go
#                              packages, raw and brotli
#   build/wasmsize.sh FILE...  only print the sizes of existing modules
#   TOP=60 build/wasmsize.sh   longer package list (TOP=0: none)
#   WASM_TAGS=litemat build/wasmsize.sh   other build tags (default: the
#                              Makefile's); the -gcflags are always the Makefile's,
#                              GOEXPERIMENT the Makefile's WASM_GOEXPERIMENT
#
# Compression as the Makefile's: gzip -9, brotli quality 11 with a 16 MiB
# window (Node's zlib); see build/wasmsize.mjs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NODE="${NODE:-node}"
if [ $# -gt 0 ]; then
  exec "$NODE" build/wasmsize.mjs "$@"
fi
out=build/.bin/size
mkdir -p "$out"
# The shipped module (stripped), and a copy with names for the breakdown.
tags="${WASM_TAGS-$(make -s print-wasm-tags)}"
read -r -a gcflags <<<"$(make -s print-wasm-gcflags)"
export GOEXPERIMENT="${WASM_GOEXPERIMENT-$(make -s print-wasm-goexperiment)}"
GOOS=js GOARCH=wasm go build -tags "$tags" "${gcflags[@]}" -trimpath -ldflags='-s -w' -o "$out/gotrain.wasm" ./wasm
"$NODE" build/wasm-merge-data.mjs "$out/gotrain.wasm" "$out/gotrain.wasm" >/dev/null
"$NODE" build/wasmsize.mjs --budget "$(make -s print-wasm-budget)" "$out/gotrain.wasm"
if [ "${TOP:-40}" != 0 ]; then
  GOOS=js GOARCH=wasm go build -tags "$tags" "${gcflags[@]}" -trimpath -o "$out/gotrain-names.wasm" ./wasm
  "$NODE" build/wasmsize.mjs --top "${TOP:-40}" "$out/gotrain-names.wasm" | sed -n '5,$p'
fi
