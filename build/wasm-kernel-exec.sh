#!/usr/bin/env bash
# go test -exec wrapper for js/wasm test binaries built with the Go tag
# wasmkernel: runs them in Node with gotrain's WebAssembly kernel attached
# (build/wasm-kernel-run.mjs), as go_js_wasm_exec runs plain ones.
#
#   GOOS=js GOARCH=wasm go test -tags wasmkernel -exec="$PWD/build/wasm-kernel-exec.sh" ./core
#
# GOTRAIN_KERNEL=simd|scalar|go picks the kernel (default: simd if Node has
# WebAssembly SIMD, else scalar); see build/wasm-kernel-run.mjs.
set -euo pipefail
DIR="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# V8's stack raised from 984K to 8M as go_js_wasm_exec does.
exec "${NODE:-node}" --stack-size=8192 "$DIR/wasm-kernel-run.mjs" "$@"
