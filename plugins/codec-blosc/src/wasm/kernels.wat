;; Hot loops of the Blosc decoder, hand-written: LZ4 block decoding and byte unshuffle for
;; typesize 4 (SIMD). Compiled by scripts/build-wasm.mjs (npm wabt) into kernels.ts (base64).
;; Everything works on offsets into the module's own memory, which the caller grows and fills.
(module
  (memory (export "memory") 1)

  ;; Decodes the LZ4 block [sp, send) into [dp, dend), which it must fill exactly.
  ;; Returns 0, or 1 data truncated, 2 bad match offset, 3 output overrun, 4 wrong size.
  (func (export "lz4") (param $sp i32) (param $send i32) (param $dp i32) (param $dend i32)
    (result i32)
    (local $dstart i32) (local $token i32) (local $len i32) (local $b i32) (local $off i32)
    (local $m i32) (local $end i32) (local $n i32)
    (local.set $dstart (local.get $dp))
    (loop $seq
      (if (i32.ge_u (local.get $sp) (local.get $send)) (then (return (i32.const 1))))
      (local.set $token (i32.load8_u (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 1)))
      ;; literal length
      (local.set $len (i32.shr_u (local.get $token) (i32.const 4)))
      (if (i32.eq (local.get $len) (i32.const 15))
        (then
          (loop $more
            (if (i32.ge_u (local.get $sp) (local.get $send)) (then (return (i32.const 1))))
            (local.set $b (i32.load8_u (local.get $sp)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 1)))
            (local.set $len (i32.add (local.get $len) (local.get $b)))
            (br_if $more (i32.eq (local.get $b) (i32.const 255))))))
      (if (i32.gt_u (local.get $len) (i32.sub (local.get $send) (local.get $sp)))
        (then (return (i32.const 1))))
      (if (i32.gt_u (local.get $len) (i32.sub (local.get $dend) (local.get $dp)))
        (then (return (i32.const 3))))
      ;; Up to 16 literals: one 16-byte copy when the block has room past them.
      (if (i32.and (i32.le_u (local.get $len) (i32.const 16))
                   (i32.le_u (i32.add (local.get $dp) (i32.const 16)) (local.get $dend)))
        (then (v128.store (local.get $dp) (v128.load (local.get $sp))))
        (else (memory.copy (local.get $dp) (local.get $sp) (local.get $len))))
      (local.set $sp (i32.add (local.get $sp) (local.get $len)))
      (local.set $dp (i32.add (local.get $dp) (local.get $len)))
      (if (i32.ne (local.get $sp) (local.get $send))
        (then
          (if (i32.gt_u (i32.add (local.get $sp) (i32.const 2)) (local.get $send))
            (then (return (i32.const 1))))
          (local.set $off (i32.load16_u (local.get $sp)))
          (local.set $sp (i32.add (local.get $sp) (i32.const 2)))
          (if (i32.or (i32.eqz (local.get $off))
                      (i32.gt_u (local.get $off) (i32.sub (local.get $dp) (local.get $dstart))))
            (then (return (i32.const 2))))
          ;; match length
          (local.set $len (i32.and (local.get $token) (i32.const 15)))
          (if (i32.eq (local.get $len) (i32.const 15))
            (then
              (loop $more2
                (if (i32.ge_u (local.get $sp) (local.get $send)) (then (return (i32.const 1))))
                (local.set $b (i32.load8_u (local.get $sp)))
                (local.set $sp (i32.add (local.get $sp) (i32.const 1)))
                (local.set $len (i32.add (local.get $len) (local.get $b)))
                (br_if $more2 (i32.eq (local.get $b) (i32.const 255))))))
          (local.set $len (i32.add (local.get $len) (i32.const 4)))
          (if (i32.gt_u (local.get $len) (i32.sub (local.get $dend) (local.get $dp)))
            (then (return (i32.const 3))))
          (local.set $m (i32.sub (local.get $dp) (local.get $off)))
          (local.set $end (i32.add (local.get $dp) (local.get $len)))
          (if (i32.and (i32.ge_u (local.get $off) (i32.const 16))
                       (i32.le_u (i32.add (local.get $end) (i32.const 16)) (local.get $dend)))
            (then
              ;; 16 bytes at a time: the source is always at least 16 bytes behind.
              (loop $wild
                (v128.store (local.get $dp) (v128.load (local.get $m)))
                (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
                (local.set $m (i32.add (local.get $m) (i32.const 16)))
                (br_if $wild (i32.lt_u (local.get $dp) (local.get $end)))))
          (else
          (if (i32.ge_u (local.get $off) (local.get $len))
            (then (memory.copy (local.get $dp) (local.get $m) (local.get $len)))
            (else
              (if (i32.ge_u (local.get $len) (i32.const 16))
                (then
                  ;; Overlapping: copy whole periods, doubling the span each time.
                  (local.set $n (local.get $off))
                  (loop $dbl
                    (if (i32.gt_u (local.get $n) (i32.sub (local.get $end) (local.get $dp)))
                      (then (local.set $n (i32.sub (local.get $end) (local.get $dp)))))
                    (memory.copy (local.get $dp) (local.get $m) (local.get $n))
                    (local.set $dp (i32.add (local.get $dp) (local.get $n)))
                    (local.set $n (i32.sub (local.get $dp) (local.get $m)))
                    (br_if $dbl (i32.lt_u (local.get $dp) (local.get $end)))))
                (else
                  (loop $bytes
                    (i32.store8 (local.get $dp) (i32.load8_u (local.get $m)))
                    (local.set $dp (i32.add (local.get $dp) (i32.const 1)))
                    (local.set $m (i32.add (local.get $m) (i32.const 1)))
                    (br_if $bytes (i32.lt_u (local.get $dp) (local.get $end))))))))))
          (local.set $dp (local.get $end))
          (br $seq))))
    (if (result i32) (i32.ne (local.get $dp) (local.get $dend))
      (then (i32.const 4))
      (else (i32.const 0))))

  ;; Byte unshuffle for typesize 4: [src, src + 4n) holds four planes of n bytes; writes n
  ;; 4-byte elements at dst. Sixteen elements per step with SIMD, the rest byte by byte.
  (func (export "unshuffle4") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $o i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $ab0 v128) (local $ab1 v128) (local $cd0 v128) (local $cd1 v128)
    (local.set $p1 (i32.add (local.get $src) (local.get $n)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $n)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $n)))
    (block $done
      (loop $vec
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $a (v128.load (i32.add (local.get $src) (local.get $i))))
        (local.set $b (v128.load (i32.add (local.get $p1) (local.get $i))))
        (local.set $c (v128.load (i32.add (local.get $p2) (local.get $i))))
        (local.set $d (v128.load (i32.add (local.get $p3) (local.get $i))))
        (local.set $ab0 (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
          (local.get $a) (local.get $b)))
        (local.set $ab1 (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31
          (local.get $a) (local.get $b)))
        (local.set $cd0 (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23
          (local.get $c) (local.get $d)))
        (local.set $cd1 (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31
          (local.get $c) (local.get $d)))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23
          (local.get $ab0) (local.get $cd0)))
        (v128.store offset=16 (local.get $o) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31
          (local.get $ab0) (local.get $cd0)))
        (v128.store offset=32 (local.get $o) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23
          (local.get $ab1) (local.get $cd1)))
        (v128.store offset=48 (local.get $o) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31
          (local.get $ab1) (local.get $cd1)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (i32.store8 (local.get $o) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (i32.store8 offset=1 (local.get $o) (i32.load8_u (i32.add (local.get $p1) (local.get $i))))
        (i32.store8 offset=2 (local.get $o) (i32.load8_u (i32.add (local.get $p2) (local.get $i))))
        (i32.store8 offset=3 (local.get $o) (i32.load8_u (i32.add (local.get $p3) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
)
