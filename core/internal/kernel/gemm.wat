;; gotrain's matrix kernels in WebAssembly SIMD (f64x2), for the web build
;; (Go build tag wasmkernel; see dispatch_wasm.go). build/wat2wasm.mjs
;; assembles this file into www/gotrain-kernel.wasm; gemm_scalar.wat is the
;; same module without SIMD instructions, for engines that lack them.
;;
;; The module has no memory of its own: it imports the Go program's memory
;; (the Go instance's export "mem") and works on Go's []float64 slices in
;; place. Every pointer is a byte address in that memory. The kernels check
;; nothing: the Go side (gemm.go, elem.go) has checked every bound before
;; calling, and only calls with m, n, k > 0.
;;
;; Exports (all parameters i32; matrices row-major, leading dimensions in
;; elements, acc: 0 overwrites C, anything else adds to it):
;;
;;   gemm_nn(m, n, k, a, lda, b, ldb, c, ldc, acc)  C (+)= A·B    A m×k, B k×n
;;   gemm_tn(m, n, k, a, lda, b, ldb, c, ldc, acc)  C (+)= Aᵀ·B   A k×m, B k×n
;;   gemm_nt(m, n, k, a, lda, b, ldb, c, ldc, acc)  C (+)= A·Bᵀ   A m×k, B n×k
;;   backend() -> 1 (this module; gemm_scalar.wat returns 2)
;;
;; Results equal the Go loops' (loops.go: goGemmNN, goGemmTN, goGemmNT) bit
;; for bit: every element of C is summed in the same order, l = 0, 1, …,
;; k-1, with a separate multiply and add (WebAssembly has no fused
;; multiply-add), starting from +0 or from C as the Go loops do. gemm_nn
;; and gemm_tn add the products onto C's old value (mode 1); gemm_nt sums
;; the products, then adds C's old value (mode 2), like goGemmNT's dot
;; products.
;;
;; Blocking: C is computed in 4×4 blocks held in eight f64x2 registers (two
;; columns each); each step l loads four A values (splat) and four B values
;; (two vectors) for sixteen multiply-adds. Blocks at the right edge are 4×2
;; and 4×1, rows left over at the bottom go one at a time (1×4, 1×2, 1×1).
;;
;; Micro-kernels $v* read B's four (or two) columns as vectors: B(l, j..j+3)
;; are adjacent (gemm_nn, gemm_tn; $gemm checks bj = 8). $g* gather them from
;; rows of the stored B (gemm_nt, where B(l, j) and B(l, j+1) are a row of B
;; apart). $s* are scalar.
;; Their parameters (byte addresses and byte strides):
;;   k             number of steps l
;;   a, ar, al     op(A)(i, 0); stride from row i to i+1; from l to l+1
;;   b, bj, bl     op(B)(0, j); stride from column j to j+1; from l to l+1
;;   c, cr         C(i, j); stride from row i to i+1 (columns are adjacent)
;;   mode          0: C = Σ; 1: C = (C + p0) + p1 …; 2: C = (p0 + p1 …) + C
(module
  (import "go" "mem" (memory 0))

  (func (export "backend") (result i32) (i32.const 1))

  (func (export "gemm_nn") (param $m i32) (param $n i32) (param $k i32)
      (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $ldc i32) (param $acc i32)
    (call $gemm (local.get $m) (local.get $n) (local.get $k)
      (local.get $a) (i32.shl (local.get $lda) (i32.const 3)) (i32.const 8)
      (local.get $b) (i32.const 8) (i32.shl (local.get $ldb) (i32.const 3))
      (local.get $c) (i32.shl (local.get $ldc) (i32.const 3))
      (select (i32.const 1) (i32.const 0) (local.get $acc))))

  (func (export "gemm_tn") (param $m i32) (param $n i32) (param $k i32)
      (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $ldc i32) (param $acc i32)
    (call $gemm (local.get $m) (local.get $n) (local.get $k)
      (local.get $a) (i32.const 8) (i32.shl (local.get $lda) (i32.const 3))
      (local.get $b) (i32.const 8) (i32.shl (local.get $ldb) (i32.const 3))
      (local.get $c) (i32.shl (local.get $ldc) (i32.const 3))
      (select (i32.const 1) (i32.const 0) (local.get $acc))))

  (func (export "gemm_nt") (param $m i32) (param $n i32) (param $k i32)
      (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $ldc i32) (param $acc i32)
    (call $gemm (local.get $m) (local.get $n) (local.get $k)
      (local.get $a) (i32.shl (local.get $lda) (i32.const 3)) (i32.const 8)
      (local.get $b) (i32.shl (local.get $ldb) (i32.const 3)) (i32.const 8)
      (local.get $c) (i32.shl (local.get $ldc) (i32.const 3))
      (select (i32.const 2) (i32.const 0) (local.get $acc))))

  ;; $gemm walks C in blocks and calls a micro-kernel for each.
  (func $gemm (param $m i32) (param $n i32) (param $k i32)
      (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32)
      (param $c i32) (param $cr i32) (param $mode i32)
    (local $i i32) (local $j i32) (local $pb i32) (local $pc i32)
    (local $vec i32) (local $bj2 i32) (local $bj4 i32)
    ;; B's columns are adjacent: vector loads; else gathers.
    (local.set $vec (i32.eq (local.get $bj) (i32.const 8)))
    (local.set $bj2 (i32.shl (local.get $bj) (i32.const 1)))
    (local.set $bj4 (i32.shl (local.get $bj) (i32.const 2)))
    ;; Four rows at a time.
    (block $rows4done
      (loop $rows4
        (br_if $rows4done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $j (i32.const 0))
        (local.set $pb (local.get $b))
        (local.set $pc (local.get $c))
        (block $cols4done
          (loop $cols4
            (br_if $cols4done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (if (local.get $vec)
              (then (call $v4x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode)))
              (else (call $g4x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj4)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols4)))
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (if (local.get $vec)
              (then (call $v4x2 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode)))
              (else (call $g4x2 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj2)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then (call $s4x1 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                  (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $ar) (i32.const 2))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $cr) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    ;; The rows left over, one at a time.
    (block $rows1done
      (loop $rows1
        (br_if $rows1done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (local.set $pb (local.get $b))
        (local.set $pc (local.get $c))
        (block $cols4done
          (loop $cols4
            (br_if $cols4done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (if (local.get $vec)
              (then (call $v1x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode)))
              (else (call $g1x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj4)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols4)))
        (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
          (then
            (if (local.get $vec)
              (then (call $v1x2 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode)))
              (else (call $g1x2 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                      (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj2)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then (call $s1x1 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
                  (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))))
        (local.set $a (i32.add (local.get $a) (local.get $ar)))
        (local.set $c (i32.add (local.get $c) (local.get $cr)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows1))))

  ;; ---- 4×4 ------------------------------------------------------------------

  ;; $v4x4: C(i..i+3, j..j+3), B's columns adjacent.
  (func $v4x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $a1 (local.get $ar))
    (local.set $a2 (i32.shl (local.get $ar) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a1) (local.get $a2)))
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $cr)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (v128.load (local.get $c)))
        (local.set $s01 (v128.load offset=16 (local.get $c)))
        (local.set $s10 (v128.load (local.get $c1)))
        (local.set $s11 (v128.load offset=16 (local.get $c1)))
        (local.set $s20 (v128.load (local.get $c2)))
        (local.set $s21 (v128.load offset=16 (local.get $c2)))
        (local.set $s30 (v128.load (local.get $c3)))
        (local.set $s31 (v128.load offset=16 (local.get $c3)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (v128.load (local.get $b)))
        (local.set $y1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load64_splat (local.get $a)))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a1))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a2))))
        (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a3))))
        (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64x2.add (local.get $s00) (v128.load (local.get $c))))
        (local.set $s01 (f64x2.add (local.get $s01) (v128.load offset=16 (local.get $c))))
        (local.set $s10 (f64x2.add (local.get $s10) (v128.load (local.get $c1))))
        (local.set $s11 (f64x2.add (local.get $s11) (v128.load offset=16 (local.get $c1))))
        (local.set $s20 (f64x2.add (local.get $s20) (v128.load (local.get $c2))))
        (local.set $s21 (f64x2.add (local.get $s21) (v128.load offset=16 (local.get $c2))))
        (local.set $s30 (f64x2.add (local.get $s30) (v128.load (local.get $c3))))
        (local.set $s31 (f64x2.add (local.get $s31) (v128.load offset=16 (local.get $c3))))))
    (v128.store (local.get $c) (local.get $s00))
    (v128.store offset=16 (local.get $c) (local.get $s01))
    (v128.store (local.get $c1) (local.get $s10))
    (v128.store offset=16 (local.get $c1) (local.get $s11))
    (v128.store (local.get $c2) (local.get $s20))
    (v128.store offset=16 (local.get $c2) (local.get $s21))
    (v128.store (local.get $c3) (local.get $s30))
    (v128.store offset=16 (local.get $c3) (local.get $s31)))

  ;; $g4x4: as $v4x4, gathering B(l, j..j+3) from four places bj apart.
  (func $g4x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $b2 i32) (local $b3 i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $a1 (local.get $ar))
    (local.set $a2 (i32.shl (local.get $ar) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a1) (local.get $a2)))
    (local.set $b2 (i32.shl (local.get $bj) (i32.const 1)))
    (local.set $b3 (i32.add (local.get $bj) (local.get $b2)))
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $cr)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (v128.load (local.get $c)))
        (local.set $s01 (v128.load offset=16 (local.get $c)))
        (local.set $s10 (v128.load (local.get $c1)))
        (local.set $s11 (v128.load offset=16 (local.get $c1)))
        (local.set $s20 (v128.load (local.get $c2)))
        (local.set $s21 (v128.load offset=16 (local.get $c2)))
        (local.set $s30 (v128.load (local.get $c3)))
        (local.set $s31 (v128.load offset=16 (local.get $c3)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (v128.load64_lane 1 (i32.add (local.get $b) (local.get $bj))
                         (v128.load64_splat (local.get $b))))
        (local.set $y1 (v128.load64_lane 1 (i32.add (local.get $b) (local.get $b3))
                         (v128.load64_splat (i32.add (local.get $b) (local.get $b2)))))
        (local.set $x (v128.load64_splat (local.get $a)))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a1))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a2))))
        (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $a3))))
        (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $y0))))
        (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $y1))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64x2.add (local.get $s00) (v128.load (local.get $c))))
        (local.set $s01 (f64x2.add (local.get $s01) (v128.load offset=16 (local.get $c))))
        (local.set $s10 (f64x2.add (local.get $s10) (v128.load (local.get $c1))))
        (local.set $s11 (f64x2.add (local.get $s11) (v128.load offset=16 (local.get $c1))))
        (local.set $s20 (f64x2.add (local.get $s20) (v128.load (local.get $c2))))
        (local.set $s21 (f64x2.add (local.get $s21) (v128.load offset=16 (local.get $c2))))
        (local.set $s30 (f64x2.add (local.get $s30) (v128.load (local.get $c3))))
        (local.set $s31 (f64x2.add (local.get $s31) (v128.load offset=16 (local.get $c3))))))
    (v128.store (local.get $c) (local.get $s00))
    (v128.store offset=16 (local.get $c) (local.get $s01))
    (v128.store (local.get $c1) (local.get $s10))
    (v128.store offset=16 (local.get $c1) (local.get $s11))
    (v128.store (local.get $c2) (local.get $s20))
    (v128.store offset=16 (local.get $c2) (local.get $s21))
    (v128.store (local.get $c3) (local.get $s30))
    (v128.store offset=16 (local.get $c3) (local.get $s31)))

  ;; ---- 4×2 ------------------------------------------------------------------

  (func $v4x2 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $y v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $a1 (local.get $ar))
    (local.set $a2 (i32.shl (local.get $ar) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a1) (local.get $a2)))
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $cr)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s0 (v128.load (local.get $c)))
        (local.set $s1 (v128.load (local.get $c1)))
        (local.set $s2 (v128.load (local.get $c2)))
        (local.set $s3 (v128.load (local.get $c3)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y (v128.load (local.get $b)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load64_splat (local.get $a)) (local.get $y))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a1))) (local.get $y))))
        (local.set $s2 (f64x2.add (local.get $s2)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a2))) (local.get $y))))
        (local.set $s3 (f64x2.add (local.get $s3)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a3))) (local.get $y))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $c))))
        (local.set $s1 (f64x2.add (local.get $s1) (v128.load (local.get $c1))))
        (local.set $s2 (f64x2.add (local.get $s2) (v128.load (local.get $c2))))
        (local.set $s3 (f64x2.add (local.get $s3) (v128.load (local.get $c3))))))
    (v128.store (local.get $c) (local.get $s0))
    (v128.store (local.get $c1) (local.get $s1))
    (v128.store (local.get $c2) (local.get $s2))
    (v128.store (local.get $c3) (local.get $s3)))

  (func $g4x2 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $y v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $a1 (local.get $ar))
    (local.set $a2 (i32.shl (local.get $ar) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a1) (local.get $a2)))
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $cr)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s0 (v128.load (local.get $c)))
        (local.set $s1 (v128.load (local.get $c1)))
        (local.set $s2 (v128.load (local.get $c2)))
        (local.set $s3 (v128.load (local.get $c3)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y (v128.load64_lane 1 (i32.add (local.get $b) (local.get $bj))
                        (v128.load64_splat (local.get $b))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load64_splat (local.get $a)) (local.get $y))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a1))) (local.get $y))))
        (local.set $s2 (f64x2.add (local.get $s2)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a2))) (local.get $y))))
        (local.set $s3 (f64x2.add (local.get $s3)
          (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $a3))) (local.get $y))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $c))))
        (local.set $s1 (f64x2.add (local.get $s1) (v128.load (local.get $c1))))
        (local.set $s2 (f64x2.add (local.get $s2) (v128.load (local.get $c2))))
        (local.set $s3 (f64x2.add (local.get $s3) (v128.load (local.get $c3))))))
    (v128.store (local.get $c) (local.get $s0))
    (v128.store (local.get $c1) (local.get $s1))
    (v128.store (local.get $c2) (local.get $s2))
    (v128.store (local.get $c3) (local.get $s3)))

  ;; ---- 4×1 (scalar) ---------------------------------------------------------

  (func $s4x1 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $y f64) (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $a1 (local.get $ar))
    (local.set $a2 (i32.shl (local.get $ar) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a1) (local.get $a2)))
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $cr)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s0 (f64.load (local.get $c)))
        (local.set $s1 (f64.load (local.get $c1)))
        (local.set $s2 (f64.load (local.get $c2)))
        (local.set $s3 (f64.load (local.get $c3)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y (f64.load (local.get $b)))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $a)) (local.get $y))))
        (local.set $s1 (f64.add (local.get $s1)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $a1))) (local.get $y))))
        (local.set $s2 (f64.add (local.get $s2)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $a2))) (local.get $y))))
        (local.set $s3 (f64.add (local.get $s3)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $a3))) (local.get $y))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s0 (f64.add (local.get $s0) (f64.load (local.get $c))))
        (local.set $s1 (f64.add (local.get $s1) (f64.load (local.get $c1))))
        (local.set $s2 (f64.add (local.get $s2) (f64.load (local.get $c2))))
        (local.set $s3 (f64.add (local.get $s3) (f64.load (local.get $c3))))))
    (f64.store (local.get $c) (local.get $s0))
    (f64.store (local.get $c1) (local.get $s1))
    (f64.store (local.get $c2) (local.get $s2))
    (f64.store (local.get $c3) (local.get $s3)))

  ;; ---- one row: 1×4, 1×2, 1×1 -------------------------------------------------

  (func $v1x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $x v128) (local $s0 v128) (local $s1 v128)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s0 (v128.load (local.get $c)))
        (local.set $s1 (v128.load offset=16 (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $x (v128.load64_splat (local.get $a)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (v128.load (local.get $b)))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $c))))
        (local.set $s1 (f64x2.add (local.get $s1) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $s0))
    (v128.store offset=16 (local.get $c) (local.get $s1)))

  (func $g1x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $b2 i32) (local $b3 i32) (local $x v128) (local $s0 v128) (local $s1 v128)
    (local.set $b2 (i32.shl (local.get $bj) (i32.const 1)))
    (local.set $b3 (i32.add (local.get $bj) (local.get $b2)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s0 (v128.load (local.get $c)))
        (local.set $s1 (v128.load offset=16 (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $x (v128.load64_splat (local.get $a)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x)
          (v128.load64_lane 1 (i32.add (local.get $b) (local.get $bj)) (v128.load64_splat (local.get $b))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x)
          (v128.load64_lane 1 (i32.add (local.get $b) (local.get $b3))
            (v128.load64_splat (i32.add (local.get $b) (local.get $b2)))))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $c))))
        (local.set $s1 (f64x2.add (local.get $s1) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $s0))
    (v128.store offset=16 (local.get $c) (local.get $s1)))

  (func $v1x2 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $s v128)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (local.set $s (v128.load (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $s (f64x2.add (local.get $s)
          (f64x2.mul (v128.load64_splat (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (local.set $s (f64x2.add (local.get $s) (v128.load (local.get $c))))))
    (v128.store (local.get $c) (local.get $s)))

  (func $g1x2 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $s v128)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (local.set $s (v128.load (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $s (f64x2.add (local.get $s)
          (f64x2.mul (v128.load64_splat (local.get $a))
            (v128.load64_lane 1 (i32.add (local.get $b) (local.get $bj)) (v128.load64_splat (local.get $b))))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (local.set $s (f64x2.add (local.get $s) (v128.load (local.get $c))))))
    (v128.store (local.get $c) (local.get $s)))

  (func $s1x1 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $s f64)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (local.set $s (f64.load (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (local.set $s (f64.add (local.get $s) (f64.load (local.get $c))))))
    (f64.store (local.get $c) (local.get $s)))

  ;; ---------------------------------------------------------------------
  ;; The element loops of a training step, beside the products: Adam's
  ;; update and ReLU's forward and backward passes (loops.go: goAdam,
  ;; goReluBias and goReluBackward). Each does
  ;; the Go loop's operations in the Go loop's order, two elements at a
  ;; time; f64x2.sqrt and f64x2.div round like f64.sqrt and f64.div, so the
  ;; results are the Go loops' bit for bit. Lengths are element counts,
  ;; n > 0, and cols > 0 divides n; nothing is checked here.

  ;; adam(n, w, g, m, v, c), c the address of b1, b2, ob1, ob2, lrc, rc2, eps
  ;; (f64 each: read from memory, since every f64 argument of a call that
  ;; goes through JavaScript would be boxed, an allocation), for i < n:
  ;;   m[i] = b1·m[i] + ob1·g[i];  v[i] = b2·v[i] + (ob2·g[i])·g[i]
  ;;   w[i] = w[i] + (lrc·m[i]) / (sqrt(v[i]·rc2) + eps)
  (func (export "adam") (param $n i32) (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $c i32)
    (local $b1 f64) (local $b2 f64) (local $ob1 f64) (local $ob2 f64)
    (local $lrc f64) (local $rc2 f64) (local $eps f64)
    (local $end i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $B1 v128) (local $B2 v128) (local $OB1 v128) (local $OB2 v128)
    (local $LRC v128) (local $RC2 v128) (local $EPS v128)
    (local.set $b1 (f64.load offset=0 (local.get $c)))
    (local.set $b2 (f64.load offset=8 (local.get $c)))
    (local.set $ob1 (f64.load offset=16 (local.get $c)))
    (local.set $ob2 (f64.load offset=24 (local.get $c)))
    (local.set $lrc (f64.load offset=32 (local.get $c)))
    (local.set $rc2 (f64.load offset=40 (local.get $c)))
    (local.set $eps (f64.load offset=48 (local.get $c)))
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $OB1 (f64x2.splat (local.get $ob1)))
    (local.set $OB2 (f64x2.splat (local.get $ob2)))
    (local.set $LRC (f64x2.splat (local.get $lrc)))
    (local.set $RC2 (f64x2.splat (local.get $rc2)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
        (local.set $gi (v128.load (local.get $g)))
        (local.set $mi (f64x2.add (f64x2.mul (local.get $B1) (v128.load (local.get $m)))
                                  (f64x2.mul (local.get $OB1) (local.get $gi))))
        (local.set $vi (f64x2.add (f64x2.mul (local.get $B2) (v128.load (local.get $v)))
                                  (f64x2.mul (f64x2.mul (local.get $OB2) (local.get $gi)) (local.get $gi))))
        (v128.store (local.get $m) (local.get $mi))
        (v128.store (local.get $v) (local.get $vi))
        (v128.store (local.get $w)
          (f64x2.add (v128.load (local.get $w))
            (f64x2.div (f64x2.mul (local.get $LRC) (local.get $mi))
              (f64x2.add (f64x2.sqrt (f64x2.mul (local.get $vi) (local.get $RC2))) (local.get $EPS)))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $w) (local.get $end))
      (then (call $adam1 (local.get $w) (local.get $g) (local.get $m) (local.get $v)
              (local.get $b1) (local.get $b2) (local.get $ob1) (local.get $ob2)
              (local.get $lrc) (local.get $rc2) (local.get $eps)))))

  ;; $adam1 is adam's rule for one element.
  (func $adam1 (param $w i32) (param $g i32) (param $m i32) (param $v i32)
      (param $b1 f64) (param $b2 f64) (param $ob1 f64) (param $ob2 f64)
      (param $lrc f64) (param $rc2 f64) (param $eps f64)
    (local $gi f64) (local $mi f64) (local $vi f64)
    (local.set $gi (f64.load (local.get $g)))
    (local.set $mi (f64.add (f64.mul (local.get $b1) (f64.load (local.get $m)))
                            (f64.mul (local.get $ob1) (local.get $gi))))
    (local.set $vi (f64.add (f64.mul (local.get $b2) (f64.load (local.get $v)))
                            (f64.mul (f64.mul (local.get $ob2) (local.get $gi)) (local.get $gi))))
    (f64.store (local.get $m) (local.get $mi))
    (f64.store (local.get $v) (local.get $vi))
    (f64.store (local.get $w)
      (f64.add (f64.load (local.get $w))
        (f64.div (f64.mul (local.get $lrc) (local.get $mi))
          (f64.add (f64.sqrt (f64.mul (local.get $vi) (local.get $rc2))) (local.get $eps))))))

  ;; relu_bias(n, cols, z, b, a): for every row of z (n elements, rows of
  ;; cols): z = z + b, then a = z where !(z <= 0) (positive or NaN), else +0,
  ;; as bits: z AND NOT (z <= 0).
  (func (export "relu_bias") (param $n i32) (param $cols i32) (param $z i32) (param $b i32) (param $a i32)
    (local $end i32) (local $rowEnd i32) (local $pb i32) (local $x v128) (local $s f64)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 3))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $rowEnd (i32.add (local.get $z) (i32.shl (local.get $cols) (i32.const 3))))
        (local.set $pb (local.get $b))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $z) (i32.const 16)) (local.get $rowEnd)))
            (local.set $x (f64x2.add (v128.load (local.get $z)) (v128.load (local.get $pb))))
            (v128.store (local.get $z) (local.get $x))
            (v128.store (local.get $a)
              (v128.andnot (local.get $x) (f64x2.le (local.get $x) (f64x2.splat (f64.const 0)))))
            (local.set $z (i32.add (local.get $z) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $z) (local.get $rowEnd))
          (then
            (local.set $s (f64.add (f64.load (local.get $z)) (f64.load (local.get $pb))))
            (f64.store (local.get $z) (local.get $s))
            (f64.store (local.get $a)
              (select (f64.const 0) (local.get $s) (f64.le (local.get $s) (f64.const 0))))
            (local.set $z (i32.add (local.get $z) (i32.const 8)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))))
        (br $rows))))

  ;; relu_bwd(n, cols, z, da, dz, gb): dz = da where z > 0, else +0 (as bits:
  ;; da AND (z > 0)), and gb (cols elements) = the column sums of dz, summed
  ;; as goReluBackward sums them: from +0, four rows at a time
  ;; (((gb + g0) + g1) + g2) + g3, then each row left over, gb + g.
  (func (export "relu_bwd") (param $n i32) (param $cols i32) (param $z i32) (param $da i32) (param $dz i32) (param $gb i32)
    (local $end i32) (local $row i32) (local $j i32) (local $o i32) (local $p i32)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local $zero v128)
    (local.set $zero (f64x2.splat (f64.const 0)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    ;; gb = +0
    (local.set $j (i32.const 0))
    (block $clearDone
      (loop $clear
        (br_if $clearDone (i32.ge_u (local.get $j) (local.get $row)))
        (f64.store (i32.add (local.get $gb) (local.get $j)) (f64.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $clear)))
    ;; $o: byte offset of the current row block in z, da and dz.
    (local.set $o (i32.const 0))
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.gt_u (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $row)))
            (local.set $p (i32.add (local.get $o) (local.get $j)))
            (local.set $g0 (call $rgrad2 (local.get $z) (local.get $da) (local.get $dz) (local.get $p) (local.get $zero)))
            (local.set $p (i32.add (local.get $p) (local.get $row)))
            (local.set $g1 (call $rgrad2 (local.get $z) (local.get $da) (local.get $dz) (local.get $p) (local.get $zero)))
            (local.set $p (i32.add (local.get $p) (local.get $row)))
            (local.set $g2 (call $rgrad2 (local.get $z) (local.get $da) (local.get $dz) (local.get $p) (local.get $zero)))
            (local.set $p (i32.add (local.get $p) (local.get $row)))
            (local.set $g3 (call $rgrad2 (local.get $z) (local.get $da) (local.get $dz) (local.get $p) (local.get $zero)))
            (v128.store (i32.add (local.get $gb) (local.get $j))
              (f64x2.add (f64x2.add (f64x2.add (f64x2.add
                (v128.load (i32.add (local.get $gb) (local.get $j)))
                (local.get $g0)) (local.get $g1)) (local.get $g2)) (local.get $g3)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $row))
          (then
            (local.set $p (i32.add (local.get $o) (local.get $j)))
            (f64.store (i32.add (local.get $gb) (local.get $j))
              (f64.add (f64.add (f64.add (f64.add
                (f64.load (i32.add (local.get $gb) (local.get $j)))
                (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (local.get $p)))
                (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (i32.add (local.get $p) (local.get $row))))
                (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz)
                  (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1)))))
                (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz)
                  (i32.add (local.get $p) (i32.mul (local.get $row) (i32.const 3))))))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))))
        (br $four)))
    ;; The rows left over, one at a time.
    (block $oneDone
      (loop $one
        (br_if $oneDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $row)))
            (v128.store (i32.add (local.get $gb) (local.get $j))
              (f64x2.add (v128.load (i32.add (local.get $gb) (local.get $j)))
                (call $rgrad2 (local.get $z) (local.get $da) (local.get $dz)
                  (i32.add (local.get $o) (local.get $j)) (local.get $zero))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $row))
          (then
            (f64.store (i32.add (local.get $gb) (local.get $j))
              (f64.add (f64.load (i32.add (local.get $gb) (local.get $j)))
                (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (i32.add (local.get $o) (local.get $j)))))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (br $one))))

  ;; $rgrad2 stores and returns dz = da AND (z > 0) for the two elements at
  ;; byte offset p of z, da and dz.
  (func $rgrad2 (param $z i32) (param $da i32) (param $dz i32) (param $p i32) (param $zero v128) (result v128)
    (local $g v128)
    (local.set $g (v128.and (v128.load (i32.add (local.get $da) (local.get $p)))
      (f64x2.gt (v128.load (i32.add (local.get $z) (local.get $p))) (local.get $zero))))
    (v128.store (i32.add (local.get $dz) (local.get $p)) (local.get $g))
    (local.get $g))

  ;; $rgrad1 is $rgrad2 for one element.
  (func $rgrad1 (param $z i32) (param $da i32) (param $dz i32) (param $p i32) (result f64)
    (local $g f64)
    (local.set $g (select (f64.load (i32.add (local.get $da) (local.get $p))) (f64.const 0)
      (f64.gt (f64.load (i32.add (local.get $z) (local.get $p))) (f64.const 0))))
    (f64.store (i32.add (local.get $dz) (local.get $p)) (local.get $g))
    (local.get $g))

  ;; The output layer's passes, the same in both modules.
  (;include output.wat;)
  (;include rows.wat;)
)
