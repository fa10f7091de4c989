;; gotrain's matrix kernels without SIMD: the same module as gemm.wat (same
;; imports, exports and results, bit for bit) for WebAssembly engines without
;; SIMD. build/wat2wasm.mjs --no-simd assembles it into
;; www/gotrain-kernel-scalar.wasm and rejects any SIMD instruction.
;;
;; See gemm.wat for the exports, the parameters of the micro-kernels and why
;; the results equal the Go kernels'. Here C is computed in 2×4 blocks held
;; in eight f64 locals: each step l loads two A and four B values for eight
;; multiply-adds. (4×4 blocks, sixteen accumulators, do not fit x64's sixteen
;; float registers and measured a quarter slower in V8.) Columns left over at
;; the right edge go one at a time (2×1), a row left over at the bottom alone
;; (1×4, 1×1).
(module
  (import "go" "mem" (memory 0))

  (func (export "backend") (result i32) (i32.const 2))

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
    (local $i i32) (local $j i32) (local $pb i32) (local $pc i32) (local $bj4 i32)
    (local.set $bj4 (i32.shl (local.get $bj) (i32.const 2)))
    ;; Two rows at a time.
    (block $rows2done
      (loop $rows2
        (br_if $rows2done (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
        (local.set $j (i32.const 0))
        (local.set $pb (local.get $b))
        (local.set $pc (local.get $c))
        (block $cols4done
          (loop $cols4
            (br_if $cols4done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (call $s2x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
              (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj4)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols4)))
        (block $cols1done
          (loop $cols1
            (br_if $cols1done (i32.ge_s (local.get $j) (local.get $n)))
            (call $s2x1 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
              (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols1)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $ar) (i32.const 1))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $cr) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows2)))
    ;; The row left over, if any.
    (if (i32.lt_s (local.get $i) (local.get $m))
      (then
        (local.set $j (i32.const 0))
        (local.set $pb (local.get $b))
        (local.set $pc (local.get $c))
        (block $cols4done
          (loop $cols4
            (br_if $cols4done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (call $s1x4 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
              (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj4)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols4)))
        (block $cols1done
          (loop $cols1
            (br_if $cols1done (i32.ge_s (local.get $j) (local.get $n)))
            (call $s1x1 (local.get $k) (local.get $a) (local.get $ar) (local.get $al)
              (local.get $pb) (local.get $bj) (local.get $bl) (local.get $pc) (local.get $cr) (local.get $mode))
            (local.set $pb (i32.add (local.get $pb) (local.get $bj)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols1))))))

  ;; $s2x4: C(i..i+1, j..j+3).
  (func $s2x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $c1 i32)
    (local $b2 i32) (local $b3 i32)
    (local $x f64) (local $y0 f64) (local $y1 f64) (local $y2 f64) (local $y3 f64)
    (local $s00 f64) (local $s01 f64) (local $s02 f64) (local $s03 f64)
    (local $s10 f64) (local $s11 f64) (local $s12 f64) (local $s13 f64)
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (local.set $b2 (i32.shl (local.get $bj) (i32.const 1)))
    (local.set $b3 (i32.add (local.get $bj) (local.get $b2)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (f64.load (local.get $c)))
        (local.set $s01 (f64.load offset=8 (local.get $c)))
        (local.set $s02 (f64.load offset=16 (local.get $c)))
        (local.set $s03 (f64.load offset=24 (local.get $c)))
        (local.set $s10 (f64.load (local.get $c1)))
        (local.set $s11 (f64.load offset=8 (local.get $c1)))
        (local.set $s12 (f64.load offset=16 (local.get $c1)))
        (local.set $s13 (f64.load offset=24 (local.get $c1)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (f64.load (local.get $b)))
        (local.set $y1 (f64.load (i32.add (local.get $b) (local.get $bj))))
        (local.set $y2 (f64.load (i32.add (local.get $b) (local.get $b2))))
        (local.set $y3 (f64.load (i32.add (local.get $b) (local.get $b3))))
        (local.set $x (f64.load (local.get $a)))
        (local.set $s00 (f64.add (local.get $s00) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f64.add (local.get $s01) (f64.mul (local.get $x) (local.get $y1))))
        (local.set $s02 (f64.add (local.get $s02) (f64.mul (local.get $x) (local.get $y2))))
        (local.set $s03 (f64.add (local.get $s03) (f64.mul (local.get $x) (local.get $y3))))
        (local.set $x (f64.load (i32.add (local.get $a) (local.get $ar))))
        (local.set $s10 (f64.add (local.get $s10) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $s11 (f64.add (local.get $s11) (f64.mul (local.get $x) (local.get $y1))))
        (local.set $s12 (f64.add (local.get $s12) (f64.mul (local.get $x) (local.get $y2))))
        (local.set $s13 (f64.add (local.get $s13) (f64.mul (local.get $x) (local.get $y3))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64.add (local.get $s00) (f64.load (local.get $c))))
        (local.set $s01 (f64.add (local.get $s01) (f64.load offset=8 (local.get $c))))
        (local.set $s02 (f64.add (local.get $s02) (f64.load offset=16 (local.get $c))))
        (local.set $s03 (f64.add (local.get $s03) (f64.load offset=24 (local.get $c))))
        (local.set $s10 (f64.add (local.get $s10) (f64.load (local.get $c1))))
        (local.set $s11 (f64.add (local.get $s11) (f64.load offset=8 (local.get $c1))))
        (local.set $s12 (f64.add (local.get $s12) (f64.load offset=16 (local.get $c1))))
        (local.set $s13 (f64.add (local.get $s13) (f64.load offset=24 (local.get $c1))))))
    (f64.store (local.get $c) (local.get $s00))
    (f64.store offset=8 (local.get $c) (local.get $s01))
    (f64.store offset=16 (local.get $c) (local.get $s02))
    (f64.store offset=24 (local.get $c) (local.get $s03))
    (f64.store (local.get $c1) (local.get $s10))
    (f64.store offset=8 (local.get $c1) (local.get $s11))
    (f64.store offset=16 (local.get $c1) (local.get $s12))
    (f64.store offset=24 (local.get $c1) (local.get $s13)))

  ;; $s2x1: C(i..i+1, j).
  (func $s2x1 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $c1 i32)
    (local $x f64) (local $y0 f64)
    (local $s00 f64)
    (local $s10 f64)
    (local.set $c1 (i32.add (local.get $c) (local.get $cr)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (f64.load (local.get $c)))
        (local.set $s10 (f64.load (local.get $c1)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (f64.load (local.get $b)))
        (local.set $x (f64.load (local.get $a)))
        (local.set $s00 (f64.add (local.get $s00) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $x (f64.load (i32.add (local.get $a) (local.get $ar))))
        (local.set $s10 (f64.add (local.get $s10) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64.add (local.get $s00) (f64.load (local.get $c))))
        (local.set $s10 (f64.add (local.get $s10) (f64.load (local.get $c1))))))
    (f64.store (local.get $c) (local.get $s00))
    (f64.store (local.get $c1) (local.get $s10)))

  ;; $s1x4: C(i, j..j+3).
  (func $s1x4 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $b2 i32) (local $b3 i32)
    (local $x f64) (local $y0 f64) (local $y1 f64) (local $y2 f64) (local $y3 f64)
    (local $s00 f64) (local $s01 f64) (local $s02 f64) (local $s03 f64)
    (local.set $b2 (i32.shl (local.get $bj) (i32.const 1)))
    (local.set $b3 (i32.add (local.get $bj) (local.get $b2)))
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (f64.load (local.get $c)))
        (local.set $s01 (f64.load offset=8 (local.get $c)))
        (local.set $s02 (f64.load offset=16 (local.get $c)))
        (local.set $s03 (f64.load offset=24 (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (f64.load (local.get $b)))
        (local.set $y1 (f64.load (i32.add (local.get $b) (local.get $bj))))
        (local.set $y2 (f64.load (i32.add (local.get $b) (local.get $b2))))
        (local.set $y3 (f64.load (i32.add (local.get $b) (local.get $b3))))
        (local.set $x (f64.load (local.get $a)))
        (local.set $s00 (f64.add (local.get $s00) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $s01 (f64.add (local.get $s01) (f64.mul (local.get $x) (local.get $y1))))
        (local.set $s02 (f64.add (local.get $s02) (f64.mul (local.get $x) (local.get $y2))))
        (local.set $s03 (f64.add (local.get $s03) (f64.mul (local.get $x) (local.get $y3))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64.add (local.get $s00) (f64.load (local.get $c))))
        (local.set $s01 (f64.add (local.get $s01) (f64.load offset=8 (local.get $c))))
        (local.set $s02 (f64.add (local.get $s02) (f64.load offset=16 (local.get $c))))
        (local.set $s03 (f64.add (local.get $s03) (f64.load offset=24 (local.get $c))))))
    (f64.store (local.get $c) (local.get $s00))
    (f64.store offset=8 (local.get $c) (local.get $s01))
    (f64.store offset=16 (local.get $c) (local.get $s02))
    (f64.store offset=24 (local.get $c) (local.get $s03)))

  ;; $s1x1: C(i, j).
  (func $s1x1 (param $k i32) (param $a i32) (param $ar i32) (param $al i32)
      (param $b i32) (param $bj i32) (param $bl i32) (param $c i32) (param $cr i32) (param $mode i32)
    (local $x f64) (local $y0 f64)
    (local $s00 f64)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then
        (local.set $s00 (f64.load (local.get $c)))))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $l
        (local.set $y0 (f64.load (local.get $b)))
        (local.set $x (f64.load (local.get $a)))
        (local.set $s00 (f64.add (local.get $s00) (f64.mul (local.get $x) (local.get $y0))))
        (local.set $a (i32.add (local.get $a) (local.get $al)))
        (local.set $b (i32.add (local.get $b) (local.get $bl)))
        (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then
        (local.set $s00 (f64.add (local.get $s00) (f64.load (local.get $c))))))
    (f64.store (local.get $c) (local.get $s00)))

  ;; ---------------------------------------------------------------------
  ;; The element loops of a training step (see gemm.wat for what each
  ;; computes and in which order), one element at a time.

  (func (export "adam") (param $n i32) (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $c i32)
    (local $b1 f64) (local $b2 f64) (local $ob1 f64) (local $ob2 f64)
    (local $lrc f64) (local $rc2 f64) (local $eps f64)
    (local $end i32) (local $gi f64) (local $mi f64) (local $vi f64)
    (local.set $b1 (f64.load offset=0 (local.get $c)))
    (local.set $b2 (f64.load offset=8 (local.get $c)))
    (local.set $ob1 (f64.load offset=16 (local.get $c)))
    (local.set $ob2 (f64.load offset=24 (local.get $c)))
    (local.set $lrc (f64.load offset=32 (local.get $c)))
    (local.set $rc2 (f64.load offset=40 (local.get $c)))
    (local.set $eps (f64.load offset=48 (local.get $c)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (loop $each
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
            (f64.add (f64.sqrt (f64.mul (local.get $vi) (local.get $rc2))) (local.get $eps)))))
      (local.set $w (i32.add (local.get $w) (i32.const 8)))
      (local.set $g (i32.add (local.get $g) (i32.const 8)))
      (local.set $m (i32.add (local.get $m) (i32.const 8)))
      (local.set $v (i32.add (local.get $v) (i32.const 8)))
      (br_if $each (i32.lt_u (local.get $w) (local.get $end)))))

  (func (export "relu_bias") (param $n i32) (param $cols i32) (param $z i32) (param $b i32) (param $a i32)
    (local $end i32) (local $rowEnd i32) (local $pb i32) (local $s f64)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 3))))
    (loop $rows
      (local.set $rowEnd (i32.add (local.get $z) (i32.shl (local.get $cols) (i32.const 3))))
      (local.set $pb (local.get $b))
      (loop $each
        (local.set $s (f64.add (f64.load (local.get $z)) (f64.load (local.get $pb))))
        (f64.store (local.get $z) (local.get $s))
        (f64.store (local.get $a) (select (f64.const 0) (local.get $s) (f64.le (local.get $s) (f64.const 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 8)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (br_if $each (i32.lt_u (local.get $z) (local.get $rowEnd))))
      (br_if $rows (i32.lt_u (local.get $z) (local.get $end)))))

  (func (export "relu_bwd") (param $n i32) (param $cols i32) (param $z i32) (param $da i32) (param $dz i32) (param $gb i32)
    (local $end i32) (local $row i32) (local $j i32) (local $o i32) (local $p i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $j (i32.const 0))
    (loop $clear
      (f64.store (i32.add (local.get $gb) (local.get $j)) (f64.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br_if $clear (i32.lt_u (local.get $j) (local.get $row))))
    (local.set $o (i32.const 0))
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.gt_u (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))) (local.get $end)))
        (local.set $j (i32.const 0))
        (loop $each
          (local.set $p (i32.add (local.get $o) (local.get $j)))
          (f64.store (i32.add (local.get $gb) (local.get $j))
            (f64.add (f64.add (f64.add (f64.add
              (f64.load (i32.add (local.get $gb) (local.get $j)))
              (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (local.get $p)))
              (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (i32.add (local.get $p) (local.get $row))))
              (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz)
                (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1)))))
              (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz)
                (i32.add (local.get $p) (i32.mul (local.get $row) (i32.const 3))))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $each (i32.lt_u (local.get $j) (local.get $row))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $row) (i32.const 2))))
        (br $four)))
    (block $oneDone
      (loop $one
        (br_if $oneDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $j (i32.const 0))
        (loop $each
          (f64.store (i32.add (local.get $gb) (local.get $j))
            (f64.add (f64.load (i32.add (local.get $gb) (local.get $j)))
              (call $rgrad1 (local.get $z) (local.get $da) (local.get $dz) (i32.add (local.get $o) (local.get $j)))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $each (i32.lt_u (local.get $j) (local.get $row))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (br $one))))

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
