  ;; ---------------------------------------------------------------------
  ;; The per-batch row passes (rows_loops.go: goGatherRows, goCountClasses),
  ;; in both kernel modules: build/wat2wasm.mjs puts this file where
  ;; gemm.wat and gemm_scalar.wat include it. rows > 0, cols > 0, every
  ;; index and non-sparse class in range: rows.go has checked them.

  ;; gather_rows(rows, cols, src, stride, idx, dst): for i < rows, the cols
  ;; values of row idx[i] of src (rows stride values apart; idx holds Go
  ;; ints, 8 bytes each) go to row i of dst (rows cols apart), as bits.
  (func (export "gather_rows") (param $rows i32) (param $cols i32) (param $src i32) (param $stride i32)
      (param $idx i32) (param $dst i32)
    (local $end i32) (local $s i32) (local $rowEnd i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $rows) (i32.const 3))))
    (loop $each_row
      (local.set $s (i32.add (local.get $src)
        (i32.shl (i32.mul (i32.wrap_i64 (i64.load (local.get $idx))) (local.get $stride)) (i32.const 3))))
      (local.set $rowEnd (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 3))))
      (loop $each
        (i64.store (local.get $dst) (i64.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br_if $each (i32.lt_u (local.get $s) (local.get $rowEnd))))
      (local.set $idx (i32.add (local.get $idx) (i32.const 8)))
      (br_if $each_row (i32.lt_u (local.get $idx) (local.get $end)))))

  ;; $argmax(v, cols): the index of the first largest of the cols values at v.
  (func $argmax (param $v i32) (param $cols i32) (result i32)
    (local $j i32) (local $best i32) (local $m f64) (local $x f64)
    (local.set $m (f64.load (local.get $v)))
    (local.set $j (i32.const 1))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $x (f64.load (i32.add (local.get $v) (i32.shl (local.get $j) (i32.const 3)))))
        (if (f64.gt (local.get $x) (local.get $m))
          (then (local.set $best (local.get $j)) (local.set $m (local.get $x))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each)))
    (local.get $best))

  ;; count_classes(rows, cols, p, y, sparse, conf, k) -> the rows whose
  ;; sparse label v is not in (−1, k) (not counted): for every row, conf[t·k+c]
  ;; += 1 with c = argmax of p's row, t = trunc(v) (sparse: one label a
  ;; row) or argmax of y's row.
  (func (export "count_classes") (param $rows i32) (param $cols i32) (param $p i32) (param $y i32)
      (param $sparse i32) (param $conf i32) (param $k i32) (result i32)
    (local $end i32) (local $rowBytes i32) (local $t i32) (local $v f64) (local $a i32) (local $bad i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (loop $each_row
      (block $next
        (if (local.get $sparse)
          (then
            (local.set $v (f64.load (local.get $y)))
            (local.set $y (i32.add (local.get $y) (i32.const 8)))
            (if (i32.eqz (i32.and (f64.gt (local.get $v) (f64.const -1))
                                  (f64.lt (local.get $v) (f64.convert_i32_u (local.get $k)))))
              (then (local.set $bad (i32.add (local.get $bad) (i32.const 1))) (br $next)))
            (local.set $t (i32.trunc_f64_s (local.get $v))))
          (else
            (local.set $t (call $argmax (local.get $y) (local.get $cols)))
            (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))))
        (local.set $a (i32.add (local.get $conf)
          (i32.shl (i32.add (i32.mul (local.get $t) (local.get $k)) (call $argmax (local.get $p) (local.get $cols)))
                   (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.const 1))))
      (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
      (br_if $each_row (i32.lt_u (local.get $p) (local.get $end))))
    (local.get $bad))
