;; The ReLU family on f32x4 vectors, assembled at build time by
;; scripts/build-wasm.mjs into activations-wasm.generated.ts. The caller
;; (activations-wasm.ts) copies a chunk of each operand into the imported
;; memory; addresses are byte offsets, and n values are processed as ⌈n/4⌉
;; whole vectors (the caller's areas are whole vectors; lanes past n are
;; junk it never copies back). Each result is written over its first operand.
;;
;; relu: a = max(z, 0), which is NaN for NaN and +0 for −0, as torch.relu.
;; Its gradient passes where !(z ≤ 0) (so where z is NaN too, as PyTorch's
;; threshold_backward) and is +0 elsewhere, whatever the incoming gradient.
;; leaky_relu(α): z > 0 ? z : αz, and the gradient g or αg likewise.
(module
  (import "env" "memory" (memory 1))

  (func (export "reluForward") (param $z i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (v128.store (local.get $z) (f32x4.max (v128.load (local.get $z)) (v128.const f32x4 0 0 0 0)))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (br $next))))

  (func (export "reluBackward") (param $z i32) (param $g i32) (param $n i32)
    (local $end i32) (local $zv v128)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $zv (v128.load (local.get $z)))
        (v128.store (local.get $z)
          (v128.andnot (v128.load (local.get $g)) (f32x4.le (local.get $zv) (v128.const f32x4 0 0 0 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $next))))

  (func (export "leakyForward") (param $z i32) (param $n i32) (param $alpha f32)
    (local $end i32) (local $slope v128) (local $zv v128)
    (local.set $slope (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $zv (v128.load (local.get $z)))
        (v128.store (local.get $z)
          (v128.bitselect (local.get $zv) (f32x4.mul (local.get $slope) (local.get $zv))
            (f32x4.gt (local.get $zv) (v128.const f32x4 0 0 0 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (br $next))))

  (func (export "leakyBackward") (param $z i32) (param $g i32) (param $n i32) (param $alpha f32)
    (local $end i32) (local $slope v128) (local $gv v128)
    (local.set $slope (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (v128.store (local.get $z)
          (v128.bitselect (local.get $gv) (f32x4.mul (local.get $slope) (local.get $gv))
            (f32x4.gt (v128.load (local.get $z)) (v128.const f32x4 0 0 0 0))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $next))))
)
