  ;; ---------------------------------------------------------------------
  ;; The output layer's passes (output_loops.go: goSoftmaxBias,
  ;; goSigmoidBias, goSoftmaxXent, goSoftmaxXentSparse, goSigmoidXent,
  ;; goColumnSums), in both kernel modules: build/wat2wasm.mjs puts this
  ;; file where gemm.wat and gemm_scalar.wat include it. Each does the Go
  ;; loop's operations in the Go loop's order, so the results are the Go
  ;; loops' bit for bit; $exp and $log are Go's portable math.Exp and
  ;; math.Log (fdlibm's algorithms, which js/wasm builds of Go run), operation
  ;; for operation. Lengths are element counts, n > 0, cols > 0 divides n,
  ;; class labels are indices in [0, cols); nothing is checked here.

  ;; $exp is Go's math.Exp: special cases, then k = trunc(x·log2(e) ± 0.5),
  ;; x = k·ln2 + r with r = hi − lo, a degree-5 polynomial in r², and
  ;; Ldexp(y, k) with its subnormal rounding (one multiply by 2⁻⁵³).
  (func $exp (param $x f64) (result f64)
    (local $ki i32) (local $k f64) (local $hi f64) (local $lo f64) (local $r f64) (local $t f64)
    (local $c f64) (local $y f64) (local $bits i64) (local $e i32)
    (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
    (if (f64.gt (local.get $x) (f64.const 0x1.62e42fefa39efp+09)) (then (return (f64.const inf))))
    (if (f64.lt (local.get $x) (f64.const -0x1.74910d52d3051p+09)) (then (return (f64.const 0))))
    (if (i32.and (f64.lt (f64.const -0x1p-28) (local.get $x)) (f64.lt (local.get $x) (f64.const 0x1p-28)))
      (then (return (f64.add (f64.const 1) (local.get $x)))))
    (if (f64.lt (local.get $x) (f64.const 0))
      (then (local.set $ki (i32.trunc_f64_s
        (f64.sub (f64.mul (f64.const 0x1.71547652b82fep+00) (local.get $x)) (f64.const 0.5)))))
      (else (local.set $ki (i32.trunc_f64_s
        (f64.add (f64.mul (f64.const 0x1.71547652b82fep+00) (local.get $x)) (f64.const 0.5))))))
    (local.set $k (f64.convert_i32_s (local.get $ki)))
    (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 0x1.62e42feep-01))))
    (local.set $lo (f64.mul (local.get $k) (f64.const 0x1.a39ef35793c76p-33)))
    (local.set $r (f64.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64.mul (local.get $r) (local.get $r)))
    (local.set $c (f64.sub (local.get $r)
      (f64.mul (local.get $t)
        (f64.add (f64.const 0x1.5555555555555p-03)
          (f64.mul (local.get $t)
            (f64.add (f64.const -0x1.6c16c16bebd93p-09)
              (f64.mul (local.get $t)
                (f64.add (f64.const 0x1.1566aaf25de2cp-14)
                  (f64.mul (local.get $t)
                    (f64.add (f64.const -0x1.bbd41c5d26bf1p-20)
                      (f64.mul (local.get $t) (f64.const 0x1.6376972bea4dp-25))))))))))))
    (local.set $y (f64.sub (f64.const 1)
      (f64.sub
        (f64.sub (local.get $lo)
          (f64.div (f64.mul (local.get $r) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
        (local.get $hi))))
    ;; Ldexp(y, k) for y > 0 normal: its exponent plus k.
    (local.set $bits (i64.reinterpret_f64 (local.get $y)))
    (local.set $e (i32.add (local.get $ki)
      (i32.sub (i32.wrap_i64 (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff))) (i32.const 1023))))
    (if (i32.lt_s (local.get $e) (i32.const -1075)) (then (return (f64.const 0))))
    (if (i32.gt_s (local.get $e) (i32.const 1023)) (then (return (f64.const inf))))
    (local.set $bits (i64.and (local.get $bits) (i64.const 0x800fffffffffffff)))
    (if (i32.lt_s (local.get $e) (i32.const -1022))
      (then
        (return (f64.mul (f64.const 0x1p-53)
          (f64.reinterpret_i64 (i64.or (local.get $bits)
            (i64.shl (i64.extend_i32_u (i32.add (local.get $e) (i32.const 1076))) (i64.const 52))))))))
    (f64.reinterpret_i64 (i64.or (local.get $bits)
      (i64.shl (i64.extend_i32_u (i32.add (local.get $e) (i32.const 1023))) (i64.const 52)))))

  ;; $log is Go's math.Log: special cases, Frexp (subnormals scaled by 2⁵²
  ;; first), then fdlibm's polynomial in s = f/(2+f).
  (func $log (param $x f64) (result f64)
    (local $f1 f64) (local $ki i32) (local $bits i64) (local $f f64) (local $k f64)
    (local $s f64) (local $s2 f64) (local $s4 f64) (local $t1 f64) (local $t2 f64) (local $hfsq f64)
    (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
    (if (f64.eq (local.get $x) (f64.const inf)) (then (return (local.get $x))))
    (if (f64.lt (local.get $x) (f64.const 0)) (then (return (f64.reinterpret_i64 (i64.const 0x7ff8000000000001)))))
    (if (f64.eq (local.get $x) (f64.const 0)) (then (return (f64.const -inf))))
    ;; Frexp: x = f1·2^ki with f1 in [½, 1).
    (local.set $f1 (local.get $x))
    (local.set $ki (i32.const 0))
    (if (f64.lt (f64.abs (local.get $x)) (f64.const 0x1p-1022))
      (then
        (local.set $f1 (f64.mul (local.get $x) (f64.const 0x1p+52)))
        (local.set $ki (i32.const -52))))
    (local.set $bits (i64.reinterpret_f64 (local.get $f1)))
    (local.set $ki (i32.add (local.get $ki)
      (i32.sub (i32.wrap_i64 (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff))) (i32.const 1022))))
    (local.set $f1 (f64.reinterpret_i64
      (i64.or (i64.and (local.get $bits) (i64.const 0x800fffffffffffff)) (i64.const 0x3fe0000000000000))))
    (if (f64.lt (local.get $f1) (f64.const 0x1.6a09e667f3bcdp-01))
      (then
        (local.set $f1 (f64.mul (local.get $f1) (f64.const 2)))
        (local.set $ki (i32.sub (local.get $ki) (i32.const 1)))))
    (local.set $f (f64.sub (local.get $f1) (f64.const 1)))
    (local.set $k (f64.convert_i32_s (local.get $ki)))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $s2 (f64.mul (local.get $s) (local.get $s)))
    (local.set $s4 (f64.mul (local.get $s2) (local.get $s2)))
    (local.set $t1 (f64.mul (local.get $s2)
      (f64.add (f64.const 0x1.5555555555593p-01)
        (f64.mul (local.get $s4)
          (f64.add (f64.const 0x1.2492494229359p-02)
            (f64.mul (local.get $s4)
              (f64.add (f64.const 0x1.7466496cb03dep-03)
                (f64.mul (local.get $s4) (f64.const 0x1.2f112df3e5244p-03)))))))))
    (local.set $t2 (f64.mul (local.get $s4)
      (f64.add (f64.const 0x1.999999997fa04p-02)
        (f64.mul (local.get $s4)
          (f64.add (f64.const 0x1.c71c51d8e78afp-03)
            (f64.mul (local.get $s4) (f64.const 0x1.39a09d078c69fp-03)))))))
    (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
    (f64.sub (f64.mul (local.get $k) (f64.const 0x1.62e42feep-01))
      (f64.sub
        (f64.sub (local.get $hfsq)
          (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (f64.add (local.get $t1) (local.get $t2))))
                   (f64.mul (local.get $k) (f64.const 0x1.a39ef35793c76p-33))))
        (local.get $f))))

  ;; $clip is min(max(p, ε), 1−ε) with TF.js' float32 bounds, NaN staying NaN.
  (func $clip (param $p f64) (result f64)
    (if (f64.lt (local.get $p) (f64.const 0x1.ad7f2ap-24)) (then (return (f64.const 0x1.ad7f2ap-24))))
    (if (f64.gt (local.get $p) (f64.const 0x1.fffffcp-01)) (then (return (f64.const 0x1.fffffcp-01))))
    (local.get $p))

  ;; $sigmoid is 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) otherwise (NaN too).
  (func $sigmoid (param $x f64) (result f64)
    (local $e f64)
    (if (result f64) (f64.ge (local.get $x) (f64.const 0))
      (then (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $x))))))
      (else
        (local.set $e (call $exp (local.get $x)))
        (f64.div (local.get $e) (f64.add (f64.const 1) (local.get $e))))))

  ;; $addBias adds b to the row of cols values at z (row: cols·8 bytes).
  (func $addBias (param $z i32) (param $b i32) (param $row i32)
    (local $j i32)
    (block $done
      (loop $cols
        (br_if $done (i32.ge_u (local.get $j) (local.get $row)))
        (f64.store (i32.add (local.get $z) (local.get $j))
          (f64.add (f64.load (i32.add (local.get $z) (local.get $j))) (f64.load (i32.add (local.get $b) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $cols))))

  ;; softmax_bias(n, cols, z, b, hasb, a): every row of z += b (when hasb),
  ;; a = e^(z−max) / Σ e^(z−max) of the row (max NaN when any z is).
  (func (export "softmax_bias") (param $n i32) (param $cols i32) (param $z i32) (param $b i32) (param $hasb i32) (param $a i32)
    (local $end i32) (local $row i32) (local $j i32) (local $m f64) (local $v f64) (local $s f64) (local $e f64)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (if (local.get $hasb) (then (call $addBias (local.get $z) (local.get $b) (local.get $row))))
        (local.set $m (f64.const -inf))
        (local.set $j (i32.const 0))
        (block $maxDone
          (loop $max
            (br_if $maxDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $v (f64.load (i32.add (local.get $z) (local.get $j))))
            (if (i32.or (f64.gt (local.get $v) (local.get $m)) (f64.ne (local.get $v) (local.get $v)))
              (then (local.set $m (local.get $v))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $max)))
        (local.set $s (f64.const 0))
        (local.set $j (i32.const 0))
        (block $expDone
          (loop $exps
            (br_if $expDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $e (call $exp (f64.sub (f64.load (i32.add (local.get $z) (local.get $j))) (local.get $m))))
            (f64.store (i32.add (local.get $a) (local.get $j)) (local.get $e))
            (local.set $s (f64.add (local.get $s) (local.get $e)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $exps)))
        (local.set $j (i32.const 0))
        (block $divDone
          (loop $divs
            (br_if $divDone (i32.ge_u (local.get $j) (local.get $row)))
            (f64.store (i32.add (local.get $a) (local.get $j))
              (f64.div (f64.load (i32.add (local.get $a) (local.get $j))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $divs)))
        (local.set $z (i32.add (local.get $z) (local.get $row)))
        (local.set $a (i32.add (local.get $a) (local.get $row)))
        (br $rows))))

  ;; sigmoid_bias(n, cols, z, b, hasb, a): every row of z += b (when hasb),
  ;; a = sigmoid(z).
  (func (export "sigmoid_bias") (param $n i32) (param $cols i32) (param $z i32) (param $b i32) (param $hasb i32) (param $a i32)
    (local $end i32) (local $row i32) (local $j i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (if (local.get $hasb) (then (call $addBias (local.get $z) (local.get $b) (local.get $row))))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $row)))
            (f64.store (i32.add (local.get $a) (local.get $j))
              (call $sigmoid (f64.load (i32.add (local.get $z) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (local.set $z (i32.add (local.get $z) (local.get $row)))
        (local.set $a (i32.add (local.get $a) (local.get $row)))
        (br $rows))))

  ;; xent_softmax(n, cols, p, y, dz, scale) -> the loss summed over rows:
  ;; per row s = Σ p; the loss −y·log(clip(p/s)) and yu = Σ y over y ≠ 0
  ;; with clip(p/s) inactive; dz = (p·(yu/s) − y')·scale, y' = y where
  ;; y ≠ 0 and clip(p/s) is inactive, else +0.
  (func (export "xent_softmax") (param $n i32) (param $cols i32) (param $p i32) (param $y i32) (param $dz i32) (param $scale f64) (result f64)
    (local $total f64) (local $end i32) (local $row i32) (local $j i32) (local $s f64) (local $yu f64)
    (local $yj f64) (local $pv f64) (local $q f64) (local $c f64) (local $r f64)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s (f64.const 0))
        (local.set $j (i32.const 0))
        (block $sumDone
          (loop $sum
            (br_if $sumDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $p) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $sum)))
        (local.set $yu (f64.const 0))
        (local.set $j (i32.const 0))
        (block $lossDone
          (loop $loss
            (br_if $lossDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $yj (f64.load (i32.add (local.get $y) (local.get $j))))
            (if (f64.ne (local.get $yj) (f64.const 0))
              (then
                (local.set $q (f64.div (f64.load (i32.add (local.get $p) (local.get $j))) (local.get $s)))
                (local.set $c (call $clip (local.get $q)))
                (local.set $total (f64.sub (local.get $total) (f64.mul (local.get $yj) (call $log (local.get $c)))))
                (if (f64.eq (local.get $c) (local.get $q))
                  (then (local.set $yu (f64.add (local.get $yu) (local.get $yj)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $loss)))
        (local.set $r (f64.div (local.get $yu) (local.get $s)))
        (local.set $j (i32.const 0))
        (block $gradDone
          (loop $grad
            (br_if $gradDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $pv (f64.load (i32.add (local.get $p) (local.get $j))))
            (local.set $yj (f64.load (i32.add (local.get $y) (local.get $j))))
            (if (f64.ne (local.get $yj) (f64.const 0))
              (then
                (local.set $q (f64.div (local.get $pv) (local.get $s)))
                (if (f64.ne (call $clip (local.get $q)) (local.get $q)) (then (local.set $yj (f64.const 0))))))
            (f64.store (i32.add (local.get $dz) (local.get $j))
              (f64.mul (f64.sub (f64.mul (local.get $pv) (local.get $r)) (local.get $yj)) (local.get $scale)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $grad)))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $y (i32.add (local.get $y) (local.get $row)))
        (local.set $dz (i32.add (local.get $dz) (local.get $row)))
        (br $rows)))
    (local.get $total))

  ;; xent_softmax_sparse(n, cols, p, y, dz, scale) -> the loss summed over
  ;; rows, y one class index per row (see goSoftmaxXentSparse).
  (func (export "xent_softmax_sparse") (param $n i32) (param $cols i32) (param $p i32) (param $y i32) (param $dz i32) (param $scale f64) (result f64)
    (local $total f64) (local $end i32) (local $row i32) (local $j i32) (local $class i32)
    (local $s f64) (local $su f64) (local $v f64) (local $c f64) (local $pc f64) (local $cc f64) (local $q f64)
    (local $one f64) (local $d f64) (local $g f64)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s (f64.const 0))
        (local.set $su (f64.const 0))
        (local.set $j (i32.const 0))
        (block $sumDone
          (loop $sum
            (br_if $sumDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $v (f64.load (i32.add (local.get $p) (local.get $j))))
            (local.set $c (call $clip (local.get $v)))
            (local.set $s (f64.add (local.get $s) (local.get $c)))
            (if (f64.eq (local.get $c) (local.get $v)) (then (local.set $su (f64.add (local.get $su) (local.get $v)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $sum)))
        (local.set $class (i32.shl (i32.trunc_f64_s (f64.load (local.get $y))) (i32.const 3)))
        (local.set $pc (f64.load (i32.add (local.get $p) (local.get $class))))
        (local.set $cc (call $clip (local.get $pc)))
        (local.set $q (f64.div (local.get $cc) (local.get $s)))
        (local.set $c (call $clip (local.get $q)))
        (local.set $total (f64.sub (local.get $total) (call $log (local.get $c))))
        (local.set $j (i32.const 0))
        (if (f64.ne (local.get $c) (local.get $q))
          (then
            (block $zeroDone
              (loop $zero
                (br_if $zeroDone (i32.ge_u (local.get $j) (local.get $row)))
                (f64.store (i32.add (local.get $dz) (local.get $j)) (f64.const 0))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $zero))))
          (else
            (local.set $one (select (f64.const 1) (f64.const 0) (f64.eq (local.get $cc) (local.get $pc))))
            (local.set $d (f64.sub (f64.div (local.get $su) (local.get $s)) (local.get $one)))
            (block $gradDone
              (loop $grad
                (br_if $gradDone (i32.ge_u (local.get $j) (local.get $row)))
                (local.set $v (f64.load (i32.add (local.get $p) (local.get $j))))
                (local.set $g (f64.const 0))
                (if (f64.eq (call $clip (local.get $v)) (local.get $v))
                  (then (local.set $g (f64.div (local.get $v) (local.get $s)))))
                (if (i32.eq (local.get $j) (local.get $class))
                  (then (local.set $g (f64.sub (local.get $g) (local.get $one)))))
                (f64.store (i32.add (local.get $dz) (local.get $j))
                  (f64.mul (f64.sub (local.get $g) (f64.mul (local.get $v) (local.get $d))) (local.get $scale)))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $grad)))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $dz (i32.add (local.get $dz) (local.get $row)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $rows)))
    (local.get $total))

  ;; xent_sigmoid(n, p, y, dz, scale) -> Σ −(y·log(c) + (1−y)·log(1−c)),
  ;; c = clip(p); dz = (p − y)·scale where c = p, else +0.
  (func (export "xent_sigmoid") (param $n i32) (param $p i32) (param $y i32) (param $dz i32) (param $scale f64) (result f64)
    (local $total f64) (local $end i32) (local $pv f64) (local $yv f64) (local $c f64) (local $g f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $elems
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $pv (f64.load (local.get $p)))
        (local.set $yv (f64.load (local.get $y)))
        (local.set $c (call $clip (local.get $pv)))
        (local.set $total (f64.add (local.get $total)
          (f64.neg (f64.add (f64.mul (local.get $yv) (call $log (local.get $c)))
                            (f64.mul (f64.sub (f64.const 1) (local.get $yv)) (call $log (f64.sub (f64.const 1) (local.get $c))))))))
        (local.set $g (f64.const 0))
        (if (f64.eq (local.get $c) (local.get $pv))
          (then (local.set $g (f64.mul (f64.sub (local.get $pv) (local.get $yv)) (local.get $scale)))))
        (f64.store (local.get $dz) (local.get $g))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 8)))
        (br $elems)))
    (local.get $total))

  ;; col_sums(n, cols, dz, gb): gb (cols elements) = the column sums of dz,
  ;; from +0, four rows at a time (((gb + d0) + d1) + d2) + d3, then each
  ;; row left over, gb + d.
  (func (export "col_sums") (param $n i32) (param $cols i32) (param $dz i32) (param $gb i32)
    (local $end i32) (local $row i32) (local $j i32) (local $p i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $dz) (i32.shl (local.get $n) (i32.const 3))))
    (block $clearDone
      (loop $clear
        (br_if $clearDone (i32.ge_u (local.get $j) (local.get $row)))
        (f64.store (i32.add (local.get $gb) (local.get $j)) (f64.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $clear)))
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.gt_u (i32.add (local.get $dz) (i32.shl (local.get $row) (i32.const 2))) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $p (i32.add (local.get $dz) (local.get $j)))
            (f64.store (i32.add (local.get $gb) (local.get $j))
              (f64.add (f64.add (f64.add (f64.add
                (f64.load (i32.add (local.get $gb) (local.get $j)))
                (f64.load (local.get $p)))
                (f64.load (i32.add (local.get $p) (local.get $row))))
                (f64.load (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1)))))
                (f64.load (i32.add (local.get $p) (i32.mul (local.get $row) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (local.set $dz (i32.add (local.get $dz) (i32.shl (local.get $row) (i32.const 2))))
        (br $four)))
    (block $oneDone
      (loop $one
        (br_if $oneDone (i32.ge_u (local.get $dz) (local.get $end)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $row)))
            (f64.store (i32.add (local.get $gb) (local.get $j))
              (f64.add (f64.load (i32.add (local.get $gb) (local.get $j))) (f64.load (i32.add (local.get $dz) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (local.set $dz (i32.add (local.get $dz) (local.get $row)))
        (br $one))))
