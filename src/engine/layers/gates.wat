;; The recurrent cells' elementwise arithmetic on f32x4 vectors, assembled at
;; build time by scripts/build-wasm.mjs into gates-wasm.generated.ts. The
;; caller (gates-wasm.ts) copies a chunk of rows of each operand into its own
;; area of the imported memory; addresses are byte offsets.
;;
;; exp, sigmoid and tanh are float32 approximations of PyTorch's vectorized
;; CPU class (Sleef, Cephes): within a few float32 ulp of the exact value, as
;; the tests measure, with exact limits and NaN kept:
;; - exp (Cephes expf): n = round(x·log2 e), r = x − n·ln 2 with ln 2 split in
;;   a short high part (n·C1 is exact) and a low correction, e^r as
;;   1 + r + r²·P(r) with P of degree 5, times 2ⁿ built in the exponent
;;   bits. 2ⁿ is applied as two halves, so that n from −150 to 128 needs no
;;   special case: results in the subnormal range round once, and past 88.72
;;   they overflow to +∞. x is clamped to [−104, 89] first, where e^x is
;;   already 0 and +∞ in float32.
;; - sigmoid: with e = e^(−|x|) ≤ 1, 1/(1 + e) for x ≥ 0 and e/(1 + e) below,
;;   so no exp overflows, and σ(x) below −88, a subnormal, is not flushed to 0.
;; - tanh (Cephes tanhf) on |x|, with the sign put back at the end (so −0
;;   stays −0): an odd polynomial below 0.625, where 1 − 2/(e^(2|x|) + 1)
;;   would lose the low bits to cancellation, that form above.
;; The pseudo-min and -max (pmin, pmax) that clamp x keep a NaN, as does
;; every later step, so NaN in gives NaN out.
;;
;; The cells (PyTorch's gate order) work row by row on blocks of H = `units`
;; values (H ≥ 4): a row's last vector starts at H − 4, overlapping the one
;; before it when H is not a multiple of 4. Every output has an area of its
;; own, apart from the inputs, so computing a lane twice writes the same value.
(module
  (import "env" "memory" (memory 1))

  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $q v128) (local $half v128)
    (local.set $x
      (f32x4.pmin (f32x4.pmax (local.get $x) (v128.const f32x4 -104 -104 -104 -104)) (v128.const f32x4 89 89 89 89)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x)
      (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $q (i32x4.trunc_sat_f32x4_s (local.get $n)))
    (local.set $half (i32x4.shr_s (local.get $q) (i32.const 1)))
    (f32x4.mul
      (f32x4.mul
        ;; e^r = 1 + r + r²·P(r)
        (f32x4.add
          (f32x4.add
            (f32x4.mul
              (f32x4.add (f32x4.mul
              (f32x4.add (f32x4.mul
              (f32x4.add (f32x4.mul
              (f32x4.add (f32x4.mul
              (f32x4.add (f32x4.mul
                (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $r))
                (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)) (local.get $r))
                (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)) (local.get $r))
                (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)) (local.get $r))
                (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)) (local.get $r))
                (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1))
              (f32x4.mul (local.get $r) (local.get $r)))
            (local.get $r))
          (v128.const f32x4 1 1 1 1))
        (i32x4.shl (i32x4.add (local.get $half) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (i32x4.shl (i32x4.add (i32x4.sub (local.get $q) (local.get $half)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  (func $sigmoid (param $x v128) (result v128)
    (local $e v128)
    (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $x)))))
    (f32x4.div
      (v128.bitselect (local.get $e) (v128.const f32x4 1 1 1 1) (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0)))
      (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))

  (func $tanh (param $x v128) (result v128)
    (local $a v128) (local $z v128) (local $small v128) (local $large v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $z (f32x4.mul (local.get $a) (local.get $a)))
    ;; |x| + |x|·z·Q(z), z = x²
    (local.set $small (f32x4.add
      (f32x4.mul
        (f32x4.mul
          (f32x4.add (f32x4.mul
          (f32x4.add (f32x4.mul
          (f32x4.add (f32x4.mul
          (f32x4.add (f32x4.mul
            (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3) (local.get $z))
            (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)) (local.get $z))
            (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)) (local.get $z))
            (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)) (local.get $z))
            (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1))
          (local.get $z))
        (local.get $a))
      (local.get $a)))
    (local.set $large (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2)
        (f32x4.add (call $exp (f32x4.add (local.get $a) (local.get $a))) (v128.const f32x4 1 1 1 1)))))
    (v128.or
      (v128.bitselect (local.get $small) (local.get $large) (f32x4.lt (local.get $a) (v128.const f32x4 0.625 0.625 0.625 0.625)))
      (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; out = f(x) over n values, as ⌈n/4⌉ whole vectors (lanes past n are junk
  ;; the caller never copies back): the three functions the cells use.
  (func (export "expMap") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out) (call $exp (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  (func (export "sigmoidMap") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out) (call $sigmoid (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  (func (export "tanhMap") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $out) (call $tanh (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; The simple RNN's h = tanh(in + hid) over n values, whole vectors as above.
  (func (export "rnnForward") (param $in i32) (param $hid i32) (param $h i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $in) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $in) (local.get $end)))
        (v128.store (local.get $h) (call $tanh (f32x4.add (v128.load (local.get $in)) (v128.load (local.get $hid)))))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $hid (i32.add (local.get $hid) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $next))))

  ;; One LSTM step over `rows` rows: from the two parts of the pre-activations
  ;; (rows × 4H each, blocks i f g o) and c_{t−1} (rows × H), the activated
  ;; gates (rows × 4H), c_t, tanh(c_t) and h_t = o ⊙ tanh(c_t) (rows × H each).
  (func (export "lstmForward")
    (param $in i32) (param $hid i32) (param $cellPrevious i32)
    (param $gates i32) (param $cell i32) (param $tanhCell i32) (param $h i32)
    (param $rows i32) (param $units i32)
    (local $block i32) (local $last i32) (local $j i32) (local $at i32) (local $wide i32) (local $narrow i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $c v128) (local $tc v128)
    (local.set $block (i32.shl (local.get $units) (i32.const 2)))
    (local.set $last (i32.sub (local.get $block) (i32.const 16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (loop $column
          (local.set $at (select (local.get $j) (local.get $last) (i32.lt_u (local.get $j) (local.get $last))))
          (local.set $narrow (local.get $at))
          (local.set $i (call $sigmoid (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $i))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (local.set $f (call $sigmoid (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $f))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (local.set $g (call $tanh (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $g))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (local.set $o (call $sigmoid (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $o))
          (local.set $c (f32x4.add
            (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $cellPrevious) (local.get $narrow))))
            (f32x4.mul (local.get $i) (local.get $g))))
          (local.set $tc (call $tanh (local.get $c)))
          (v128.store (i32.add (local.get $cell) (local.get $narrow)) (local.get $c))
          (v128.store (i32.add (local.get $tanhCell) (local.get $narrow)) (local.get $tc))
          (v128.store (i32.add (local.get $h) (local.get $narrow)) (f32x4.mul (local.get $o) (local.get $tc)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $column (i32.lt_u (local.get $j) (local.get $block))))
        (local.set $wide (i32.shl (local.get $block) (i32.const 2)))
        (local.set $in (i32.add (local.get $in) (local.get $wide)))
        (local.set $hid (i32.add (local.get $hid) (local.get $wide)))
        (local.set $gates (i32.add (local.get $gates) (local.get $wide)))
        (local.set $cellPrevious (i32.add (local.get $cellPrevious) (local.get $block)))
        (local.set $cell (i32.add (local.get $cell) (local.get $block)))
        (local.set $tanhCell (i32.add (local.get $tanhCell) (local.get $block)))
        (local.set $h (i32.add (local.get $h) (local.get $block)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; One LSTM step backward: from the activated gates, c_{t−1}, tanh(c_t),
  ;; dL/dh_t and the dL/dc_t carried from step t + 1, the gradient of the
  ;; pre-activations (rows × 4H) and the dL/dc_{t−1} = dc_t ⊙ f to carry on.
  (func (export "lstmBackward")
    (param $gates i32) (param $cellPrevious i32) (param $tanhCell i32) (param $gradH i32) (param $carry i32)
    (param $gradGates i32) (param $carryOut i32)
    (param $rows i32) (param $units i32)
    (local $block i32) (local $last i32) (local $j i32) (local $at i32) (local $wide i32) (local $narrow i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $tc v128) (local $dh v128) (local $dc v128)
    (local.set $block (i32.shl (local.get $units) (i32.const 2)))
    (local.set $last (i32.sub (local.get $block) (i32.const 16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (loop $column
          (local.set $at (select (local.get $j) (local.get $last) (i32.lt_u (local.get $j) (local.get $last))))
          (local.set $narrow (local.get $at))
          (local.set $i (v128.load (i32.add (local.get $gates) (local.get $at))))
          (local.set $f (v128.load (i32.add (local.get $gates) (i32.add (local.get $at) (local.get $block)))))
          (local.set $g (v128.load (i32.add (local.get $gates) (i32.add (local.get $at) (i32.shl (local.get $block) (i32.const 1))))))
          (local.set $o (v128.load (i32.add (local.get $gates) (i32.add (local.get $at) (i32.mul (local.get $block) (i32.const 3))))))
          (local.set $tc (v128.load (i32.add (local.get $tanhCell) (local.get $narrow))))
          (local.set $dh (v128.load (i32.add (local.get $gradH) (local.get $narrow))))
          ;; dc = carry + dh·o·(1 − tanh²c)
          (local.set $dc (f32x4.add (v128.load (i32.add (local.get $carry) (local.get $narrow)))
            (f32x4.mul (f32x4.mul (local.get $dh) (local.get $o))
              (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $tc) (local.get $tc))))))
          (v128.store (i32.add (local.get $gradGates) (local.get $at))
            (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc) (local.get $g)) (local.get $i))
              (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $i))))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (v128.store (i32.add (local.get $gradGates) (local.get $at))
            (f32x4.mul
              (f32x4.mul (f32x4.mul (local.get $dc) (v128.load (i32.add (local.get $cellPrevious) (local.get $narrow)))) (local.get $f))
              (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $f))))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (v128.store (i32.add (local.get $gradGates) (local.get $at))
            (f32x4.mul (f32x4.mul (local.get $dc) (local.get $i))
              (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $g) (local.get $g)))))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (v128.store (i32.add (local.get $gradGates) (local.get $at))
            (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dh) (local.get $tc)) (local.get $o))
              (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $o))))
          (v128.store (i32.add (local.get $carryOut) (local.get $narrow)) (f32x4.mul (local.get $dc) (local.get $f)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $column (i32.lt_u (local.get $j) (local.get $block))))
        (local.set $wide (i32.shl (local.get $block) (i32.const 2)))
        (local.set $gates (i32.add (local.get $gates) (local.get $wide)))
        (local.set $gradGates (i32.add (local.get $gradGates) (local.get $wide)))
        (local.set $cellPrevious (i32.add (local.get $cellPrevious) (local.get $block)))
        (local.set $tanhCell (i32.add (local.get $tanhCell) (local.get $block)))
        (local.set $gradH (i32.add (local.get $gradH) (local.get $block)))
        (local.set $carry (i32.add (local.get $carry) (local.get $block)))
        (local.set $carryOut (i32.add (local.get $carryOut) (local.get $block)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; One GRU step over `rows` rows: from the two parts (rows × 3H each, blocks
  ;; r z n, the hidden part holding b_hh) and h_{t−1}, the activated gates
  ;; r, z, n = tanh(in_n + r ⊙ hid_n) (rows × 3H) and h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
  (func (export "gruForward")
    (param $in i32) (param $hid i32) (param $previous i32) (param $gates i32) (param $h i32)
    (param $rows i32) (param $units i32)
    (local $block i32) (local $last i32) (local $j i32) (local $at i32) (local $wide i32) (local $narrow i32)
    (local $r v128) (local $z v128) (local $n v128)
    (local.set $block (i32.shl (local.get $units) (i32.const 2)))
    (local.set $last (i32.sub (local.get $block) (i32.const 16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (loop $column
          (local.set $at (select (local.get $j) (local.get $last) (i32.lt_u (local.get $j) (local.get $last))))
          (local.set $narrow (local.get $at))
          (local.set $r (call $sigmoid (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $r))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (local.set $z (call $sigmoid (f32x4.add
            (v128.load (i32.add (local.get $in) (local.get $at))) (v128.load (i32.add (local.get $hid) (local.get $at))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $z))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (local.set $n (call $tanh (f32x4.add (v128.load (i32.add (local.get $in) (local.get $at)))
            (f32x4.mul (local.get $r) (v128.load (i32.add (local.get $hid) (local.get $at)))))))
          (v128.store (i32.add (local.get $gates) (local.get $at)) (local.get $n))
          (v128.store (i32.add (local.get $h) (local.get $narrow))
            (f32x4.add
              (f32x4.mul (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $z)) (local.get $n))
              (f32x4.mul (local.get $z) (v128.load (i32.add (local.get $previous) (local.get $narrow))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $column (i32.lt_u (local.get $j) (local.get $block))))
        (local.set $wide (i32.mul (local.get $block) (i32.const 3)))
        (local.set $in (i32.add (local.get $in) (local.get $wide)))
        (local.set $hid (i32.add (local.get $hid) (local.get $wide)))
        (local.set $gates (i32.add (local.get $gates) (local.get $wide)))
        (local.set $previous (i32.add (local.get $previous) (local.get $block)))
        (local.set $h (i32.add (local.get $h) (local.get $block)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; One GRU step backward: from the activated gates, the hidden part,
  ;; h_{t−1} and dL/dh_t, the gradients of the input part (dr, dz, dn) and of
  ;; the hidden part (dr, dz, dn ⊙ r), rows × 3H each, and z ⊙ dL/dh_t, the
  ;; gradient h_{t−1} receives around the weights (rows × H).
  (func (export "gruBackward")
    (param $gates i32) (param $hid i32) (param $previous i32) (param $gradH i32)
    (param $gradIn i32) (param $gradHid i32) (param $direct i32)
    (param $rows i32) (param $units i32)
    (local $block i32) (local $last i32) (local $j i32) (local $at i32) (local $wide i32) (local $narrow i32)
    (local $r v128) (local $z v128) (local $n v128) (local $dh v128) (local $dr v128) (local $dz v128) (local $dn v128)
    (local.set $block (i32.shl (local.get $units) (i32.const 2)))
    (local.set $last (i32.sub (local.get $block) (i32.const 16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (loop $column
          (local.set $at (select (local.get $j) (local.get $last) (i32.lt_u (local.get $j) (local.get $last))))
          (local.set $narrow (local.get $at))
          (local.set $r (v128.load (i32.add (local.get $gates) (local.get $at))))
          (local.set $z (v128.load (i32.add (local.get $gates) (i32.add (local.get $at) (local.get $block)))))
          (local.set $n (v128.load (i32.add (local.get $gates) (i32.add (local.get $at) (i32.shl (local.get $block) (i32.const 1))))))
          (local.set $dh (v128.load (i32.add (local.get $gradH) (local.get $narrow))))
          (local.set $dn (f32x4.mul (f32x4.mul (local.get $dh) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $z)))
            (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $n) (local.get $n)))))
          (local.set $dz (f32x4.mul
            (f32x4.mul
              (f32x4.mul (local.get $dh) (f32x4.sub (v128.load (i32.add (local.get $previous) (local.get $narrow))) (local.get $n)))
              (local.get $z))
            (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $z))))
          (local.set $dr (f32x4.mul
            (f32x4.mul
              (f32x4.mul (local.get $dn)
                (v128.load (i32.add (local.get $hid) (i32.add (local.get $at) (i32.shl (local.get $block) (i32.const 1))))))
              (local.get $r))
            (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $r))))
          (v128.store (i32.add (local.get $gradIn) (local.get $at)) (local.get $dr))
          (v128.store (i32.add (local.get $gradHid) (local.get $at)) (local.get $dr))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (v128.store (i32.add (local.get $gradIn) (local.get $at)) (local.get $dz))
          (v128.store (i32.add (local.get $gradHid) (local.get $at)) (local.get $dz))
          (local.set $at (i32.add (local.get $at) (local.get $block)))
          (v128.store (i32.add (local.get $gradIn) (local.get $at)) (local.get $dn))
          (v128.store (i32.add (local.get $gradHid) (local.get $at)) (f32x4.mul (local.get $dn) (local.get $r)))
          (v128.store (i32.add (local.get $direct) (local.get $narrow)) (f32x4.mul (local.get $dh) (local.get $z)))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $column (i32.lt_u (local.get $j) (local.get $block))))
        (local.set $wide (i32.mul (local.get $block) (i32.const 3)))
        (local.set $gates (i32.add (local.get $gates) (local.get $wide)))
        (local.set $hid (i32.add (local.get $hid) (local.get $wide)))
        (local.set $gradIn (i32.add (local.get $gradIn) (local.get $wide)))
        (local.set $gradHid (i32.add (local.get $gradHid) (local.get $wide)))
        (local.set $previous (i32.add (local.get $previous) (local.get $block)))
        (local.set $gradH (i32.add (local.get $gradH) (local.get $block)))
        (local.set $direct (i32.add (local.get $direct) (local.get $block)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))
)
