;; The gradient sum of a split step on f32x4 vectors, assembled at build time
;; by scripts/build-wasm.mjs into gradient-sum-wasm.generated.ts. The caller
;; (gradient-sum-wasm.ts) copies a chunk of each operand in; addresses are
;; byte offsets, 16-byte aligned.
;;
;; addScaled: y[i] = y[i] + a · x[i] for i < n, rounded to float32 after the
;; product and after the sum. n is a multiple of 4: the caller pads a chunk
;; and copies back only its own values.
(module
  (import "env" "memory" (memory 1))

  (func (export "addScaled") (param $y i32) (param $x i32) (param $a f32) (param $n i32)
    (local $scale v128) (local $end i32)
    (local.set $scale (f32x4.splat (local.get $a)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vector
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (v128.store (local.get $y)
          (f32x4.add (v128.load (local.get $y)) (f32x4.mul (local.get $scale) (v128.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vector))))
)
