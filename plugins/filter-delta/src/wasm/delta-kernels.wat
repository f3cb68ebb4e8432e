;; The same-type delta filter's kernels, hand-written. Compiled by scripts/build-wasm.mjs (npm
;; wabt) into delta-kernels-wasm.ts (base64). Every function works in place on n elements at
;; byte offset p of the module's own memory, which the caller fills and empties.
;;
;; encode_*: x[i] = x[i] - x[i-1] for i >= 1, walking backwards so each element is read before
;;   it is overwritten; 16 bytes at a time (element-wise, so exact for floats too), then the
;;   leftover head one element at a time.
;; decode_i*: in-register prefix sums (log2(lanes) shifted adds per vector, then the carry of
;;   the vectors before): integer addition wraps, so the order of the additions does not matter.
;; decode_f4: one element at a time, in order: float addition is not associative, and the
;;   result must be np.cumsum's bit for bit. There is no decode_f8: sequential float64 sums
;;   run as fast in JavaScript straight on the output, without the copies in and out.
(module
  (memory (export "memory") 5)

  (func (export "encode_i1") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 1)))
    (local.set $q (i32.add (local.get $p) (local.get $n)))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (i8x16.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 1)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 1)))
        (i32.store8 (local.get $q)
          (i32.sub (i32.load8_u (local.get $q))
                   (i32.load8_u (i32.sub (local.get $q) (i32.const 1)))))
        (br $one))))

  (func (export "encode_i2") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 2)))
    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (i16x8.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 2)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 2)))
        (i32.store16 (local.get $q)
          (i32.sub (i32.load16_u (local.get $q))
                   (i32.load16_u (i32.sub (local.get $q) (i32.const 2)))))
        (br $one))))

  (func (export "encode_i4") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 4)))
    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (i32x4.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 4)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 4)))
        (i32.store (local.get $q)
          (i32.sub (i32.load (local.get $q))
                   (i32.load (i32.sub (local.get $q) (i32.const 4)))))
        (br $one))))

  (func (export "encode_i8") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 8)))
    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (i64x2.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 8)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 8)))
        (i64.store (local.get $q)
          (i64.sub (i64.load (local.get $q))
                   (i64.load (i32.sub (local.get $q) (i32.const 8)))))
        (br $one))))

  (func (export "encode_f4") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 4)))
    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (f32x4.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 4)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 4)))
        (f32.store (local.get $q)
          (f32.sub (f32.load (local.get $q))
                   (f32.load (i32.sub (local.get $q) (i32.const 4)))))
        (br $one))))

  (func (export "encode_f8") (param $p i32) (param $n i32)
    (local $q i32) (local $lo i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $lo (i32.add (local.get $p) (i32.const 8)))
    (local.set $q (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $q) (local.get $lo)) (i32.const 16)))
        (local.set $q (i32.sub (local.get $q) (i32.const 16)))
        (v128.store (local.get $q)
          (f64x2.sub (v128.load (local.get $q))
                     (v128.load (i32.sub (local.get $q) (i32.const 8)))))
        (br $vec)))
    (block $done
      (loop $one
        (br_if $done (i32.le_u (local.get $q) (local.get $lo)))
        (local.set $q (i32.sub (local.get $q) (i32.const 8)))
        (f64.store (local.get $q)
          (f64.sub (f64.load (local.get $q))
                   (f64.load (i32.sub (local.get $q) (i32.const 8)))))
        (br $one))))

  ;; Prefix sums, 32 bytes a round: each vector's own prefix sum first (shifting a vector "up"
  ;; by k bytes is a shuffle of (zero, v) taking zero below lane k and v's byte 16 + j - k
  ;; above), the first vector's total added to the second, then the carry of the rounds before
  ;; to both. The carry (a broadcast) then grows by the second vector's total, which does not
  ;; depend on it: one addition per round on the dependency chain.
  (func (export "decode_i1") (param $p i32) (param $n i32)
    (local $q i32) (local $end i32) (local $a v128) (local $b v128) (local $c v128) (local $z v128)
    (local $s i32)
    (local.set $q (local.get $p))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $q)) (i32.const 32)))
        (local.set $a (v128.load (local.get $q)))
        (local.set $b (v128.load offset=16 (local.get $q)))
        (local.set $a (i8x16.add (local.get $a)
          (i8x16.shuffle 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
            (local.get $z) (local.get $a))))
        (local.set $a (i8x16.add (local.get $a)
          (i8x16.shuffle 0 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29
            (local.get $z) (local.get $a))))
        (local.set $a (i8x16.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $a))))
        (local.set $a (i8x16.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $a))))
        (local.set $b (i8x16.add (local.get $b)
          (i8x16.shuffle 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
            (local.get $z) (local.get $b))))
        (local.set $b (i8x16.add (local.get $b)
          (i8x16.shuffle 0 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29
            (local.get $z) (local.get $b))))
        (local.set $b (i8x16.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $b))))
        (local.set $b (i8x16.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $b))))
        (local.set $b (i8x16.add (local.get $b)
          (i8x16.shuffle 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 (local.get $a) (local.get $a))))
        (v128.store (local.get $q) (i8x16.add (local.get $a) (local.get $c)))
        (v128.store offset=16 (local.get $q) (i8x16.add (local.get $b) (local.get $c)))
        (local.set $c (i8x16.add (local.get $c)
          (i8x16.shuffle 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 (local.get $b) (local.get $b))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $vec)))
    (local.set $s (i8x16.extract_lane_u 0 (local.get $c)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $q))))
        (i32.store8 (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $one))))

  (func (export "decode_i2") (param $p i32) (param $n i32)
    (local $q i32) (local $end i32) (local $a v128) (local $b v128) (local $c v128) (local $z v128)
    (local $s i32)
    (local.set $q (local.get $p))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $q)) (i32.const 32)))
        (local.set $a (v128.load (local.get $q)))
        (local.set $b (v128.load offset=16 (local.get $q)))
        (local.set $a (i16x8.add (local.get $a)
          (i8x16.shuffle 0 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29
            (local.get $z) (local.get $a))))
        (local.set $a (i16x8.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $a))))
        (local.set $a (i16x8.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $a))))
        (local.set $b (i16x8.add (local.get $b)
          (i8x16.shuffle 0 0 16 17 18 19 20 21 22 23 24 25 26 27 28 29
            (local.get $z) (local.get $b))))
        (local.set $b (i16x8.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $b))))
        (local.set $b (i16x8.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $b))))
        (local.set $b (i16x8.add (local.get $b)
          (i8x16.shuffle 14 15 14 15 14 15 14 15 14 15 14 15 14 15 14 15 (local.get $a) (local.get $a))))
        (v128.store (local.get $q) (i16x8.add (local.get $a) (local.get $c)))
        (v128.store offset=16 (local.get $q) (i16x8.add (local.get $b) (local.get $c)))
        (local.set $c (i16x8.add (local.get $c)
          (i8x16.shuffle 14 15 14 15 14 15 14 15 14 15 14 15 14 15 14 15 (local.get $b) (local.get $b))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $vec)))
    (local.set $s (i16x8.extract_lane_u 0 (local.get $c)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $s (i32.add (local.get $s) (i32.load16_u (local.get $q))))
        (i32.store16 (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 2)))
        (br $one))))

  (func (export "decode_i4") (param $p i32) (param $n i32)
    (local $q i32) (local $end i32) (local $a v128) (local $b v128) (local $c v128) (local $z v128)
    (local $s i32)
    (local.set $q (local.get $p))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $q)) (i32.const 32)))
        (local.set $a (v128.load (local.get $q)))
        (local.set $b (v128.load offset=16 (local.get $q)))
        (local.set $a (i32x4.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $a))))
        (local.set $a (i32x4.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $a))))
        (local.set $b (i32x4.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 16 17 18 19 20 21 22 23 24 25 26 27
            (local.get $z) (local.get $b))))
        (local.set $b (i32x4.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $b))))
        (local.set $b (i32x4.add (local.get $b)
          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $a) (local.get $a))))
        (v128.store (local.get $q) (i32x4.add (local.get $a) (local.get $c)))
        (v128.store offset=16 (local.get $q) (i32x4.add (local.get $b) (local.get $c)))
        (local.set $c (i32x4.add (local.get $c)
          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $b) (local.get $b))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $vec)))
    (local.set $s (i32x4.extract_lane 0 (local.get $c)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $q))))
        (i32.store (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $one))))

  (func (export "decode_i8") (param $p i32) (param $n i32)
    (local $q i32) (local $end i32) (local $a v128) (local $b v128) (local $c v128) (local $z v128)
    (local $s i64)
    (local.set $q (local.get $p))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $vec
        (br_if $done (i32.lt_u (i32.sub (local.get $end) (local.get $q)) (i32.const 32)))
        (local.set $a (v128.load (local.get $q)))
        (local.set $b (v128.load offset=16 (local.get $q)))
        (local.set $a (i64x2.add (local.get $a)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $a))))
        (local.set $b (i64x2.add (local.get $b)
          (i8x16.shuffle 0 0 0 0 0 0 0 0 16 17 18 19 20 21 22 23
            (local.get $z) (local.get $b))))
        (local.set $b (i64x2.add (local.get $b)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a))))
        (v128.store (local.get $q) (i64x2.add (local.get $a) (local.get $c)))
        (v128.store offset=16 (local.get $q) (i64x2.add (local.get $b) (local.get $c)))
        (local.set $c (i64x2.add (local.get $c)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $vec)))
    (local.set $s (i64x2.extract_lane 0 (local.get $c)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $s (i64.add (local.get $s) (i64.load (local.get $q))))
        (i64.store (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $one))))

  ;; The sum starts from x[0] itself, not from 0: -0.0 + 0.0 would give +0.0. Once the sum is
  ;; NaN, NumPy's `sum + x` keeps the sum's NaN (x86 returns the first operand's NaN); the
  ;; compiler may swap the operands of f32.add, so the rest is filled with that NaN's bits,
  ;; quieted, instead of being added.
  (func (export "decode_f4") (param $p i32) (param $n i32)
    (local $q i32) (local $end i32) (local $s f32) (local $nan i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return)))
    (local.set $s (f32.load (local.get $p)))
    (local.set $q (i32.add (local.get $p) (i32.const 4)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $one
        (br_if $done (f32.ne (local.get $s) (local.get $s)))
        (local.set $s (f32.add (local.get $s) (f32.load (local.get $q))))
        (f32.store (local.get $q) (local.get $s))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br_if $one (i32.lt_u (local.get $q) (local.get $end)))))
    (local.set $nan (i32.or (i32.load (i32.sub (local.get $q) (i32.const 4)))
                            (i32.const 0x00400000)))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $q) (local.get $end)))
        (i32.store (local.get $q) (local.get $nan))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $fill)))))
