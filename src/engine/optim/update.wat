;; Optimizer updates in WebAssembly SIMD (f32x4), assembled at build time by
;; scripts/build-wasm.mjs into update-wasm.generated.ts. The caller
;; (update-wasm.ts) copies a chunk of a parameter's values and gradients into
;; the imported memory and keeps the optimizer's buffers there for good.
;;
;; Every kernel has one signature: (w, g, s0, s1, s2, n), byte addresses of
;; the values, the gradients and up to three state buffers (0 where unused),
;; and n values, processed as ⌈n/4⌉ whole vectors: the caller pads each array
;; to a multiple of four, so lanes past n hold junk that is never read back.
;; Scalars (rates, decays, ε) sit as f32 at byte 4·i of the memory, in the
;; order each kernel lists; the caller writes them before the call.
;; Each kernel does in float32 what the optimizer's JavaScript loop does in
;; float64, operation for operation, as PyTorch does in float32.
(module
  (import "env" "memory" (memory 1))

  ;; Adam and AdamW: scalars β₁, 1−β₁, β₂, 1−β₂, η/c₁, 1/√c₂, ε, λ_L2, shrink.
  ;; w ← w·shrink; g ← g + λ_L2·w; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
  ;; w ← w − (η/c₁)·m / (√v·(1/√c₂) + ε). s0 = m, s1 = v.
  (func (export "adam")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $beta1 v128) (local $keep1 v128) (local $beta2 v128) (local $keep2 v128)
    (local $step v128) (local $inv v128) (local $eps v128) (local $l2 v128) (local $shrink v128)
    (local $x v128) (local $gi v128) (local $m v128) (local $v v128)
    (local.set $beta1 (v128.load32_splat (i32.const 0)))
    (local.set $keep1 (v128.load32_splat (i32.const 4)))
    (local.set $beta2 (v128.load32_splat (i32.const 8)))
    (local.set $keep2 (v128.load32_splat (i32.const 12)))
    (local.set $step (v128.load32_splat (i32.const 16)))
    (local.set $inv (v128.load32_splat (i32.const 20)))
    (local.set $eps (v128.load32_splat (i32.const 24)))
    (local.set $l2 (v128.load32_splat (i32.const 28)))
    (local.set $shrink (v128.load32_splat (i32.const 32)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $o))) (local.get $shrink)))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o)))
          (f32x4.mul (local.get $l2) (local.get $x))))
        (local.set $m (f32x4.add
          (f32x4.mul (local.get $beta1) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (local.get $keep1) (local.get $gi))))
        (local.set $v (f32x4.add
          (f32x4.mul (local.get $beta2) (v128.load (i32.add (local.get $s1) (local.get $o))))
          (f32x4.mul (f32x4.mul (local.get $keep2) (local.get $gi)) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $m))
        (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $v))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x)
            (f32x4.div (f32x4.mul (local.get $step) (local.get $m))
              (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $v)) (local.get $inv)) (local.get $eps)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; Adam with AMSGrad: as adam, dividing by √max(v_max, v), which it keeps
  ;; in s2.
  (func (export "adamAmsgrad")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $beta1 v128) (local $keep1 v128) (local $beta2 v128) (local $keep2 v128)
    (local $step v128) (local $inv v128) (local $eps v128) (local $l2 v128) (local $shrink v128)
    (local $x v128) (local $gi v128) (local $m v128) (local $v v128) (local $top v128)
    (local.set $beta1 (v128.load32_splat (i32.const 0)))
    (local.set $keep1 (v128.load32_splat (i32.const 4)))
    (local.set $beta2 (v128.load32_splat (i32.const 8)))
    (local.set $keep2 (v128.load32_splat (i32.const 12)))
    (local.set $step (v128.load32_splat (i32.const 16)))
    (local.set $inv (v128.load32_splat (i32.const 20)))
    (local.set $eps (v128.load32_splat (i32.const 24)))
    (local.set $l2 (v128.load32_splat (i32.const 28)))
    (local.set $shrink (v128.load32_splat (i32.const 32)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (f32x4.mul (v128.load (i32.add (local.get $w) (local.get $o))) (local.get $shrink)))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o)))
          (f32x4.mul (local.get $l2) (local.get $x))))
        (local.set $m (f32x4.add
          (f32x4.mul (local.get $beta1) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (local.get $keep1) (local.get $gi))))
        (local.set $v (f32x4.add
          (f32x4.mul (local.get $beta2) (v128.load (i32.add (local.get $s1) (local.get $o))))
          (f32x4.mul (f32x4.mul (local.get $keep2) (local.get $gi)) (local.get $gi))))
        (local.set $top (f32x4.max (v128.load (i32.add (local.get $s2) (local.get $o))) (local.get $v)))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $m))
        (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $v))
        (v128.store (i32.add (local.get $s2) (local.get $o)) (local.get $top))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x)
            (f32x4.div (f32x4.mul (local.get $step) (local.get $m))
              (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $top)) (local.get $inv)) (local.get $eps)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; Plain SGD: scalars η, λ. w ← w − η(g + λw).
  (func (export "sgd")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32) (local $lr v128) (local $decay v128) (local $x v128)
    (local.set $lr (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x) (f32x4.mul (local.get $lr)
            (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; SGD with PyTorch's momentum buffer b (s0): scalars η, λ, keep, take,
  ;; gScale, bScale. g ← g + λw; b ← keep·b + take·g; w ← w − η(gScale·g + bScale·b),
  ;; where (gScale, bScale) is (1, μ) for Nesterov and (0, 1) otherwise.
  (func (export "sgdMomentum")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $lr v128) (local $decay v128) (local $keep v128) (local $take v128) (local $gScale v128) (local $bScale v128)
    (local $x v128) (local $gi v128) (local $b v128)
    (local.set $lr (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $keep (v128.load32_splat (i32.const 8)))
    (local.set $take (v128.load32_splat (i32.const 12)))
    (local.set $gScale (v128.load32_splat (i32.const 16)))
    (local.set $bScale (v128.load32_splat (i32.const 20)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))
        (local.set $b (f32x4.add
          (f32x4.mul (local.get $keep) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (local.get $take) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $b))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x) (f32x4.mul (local.get $lr)
            (f32x4.add (f32x4.mul (local.get $gScale) (local.get $gi)) (f32x4.mul (local.get $bScale) (local.get $b))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; SGD in the velocity form (s0 = v): scalars η, λ, μ, vScale, gScale.
  ;; g ← g + λw; v ← μv − ηg; w ← w + (vScale·v + gScale·g), where (vScale,
  ;; gScale) is (μ, −η) for Nesterov and (1, 0) otherwise.
  (func (export "sgdVelocity")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $lr v128) (local $decay v128) (local $mu v128) (local $vScale v128) (local $gScale v128)
    (local $x v128) (local $gi v128) (local $v v128)
    (local.set $lr (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $mu (v128.load32_splat (i32.const 8)))
    (local.set $vScale (v128.load32_splat (i32.const 12)))
    (local.set $gScale (v128.load32_splat (i32.const 16)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))
        (local.set $v (f32x4.sub
          (f32x4.mul (local.get $mu) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (local.get $lr) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $v))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.add (local.get $x)
            (f32x4.add (f32x4.mul (local.get $vScale) (local.get $v)) (f32x4.mul (local.get $gScale) (local.get $gi)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; SGD with a moving average (s0 = v): scalars η, λ, β, 1−β.
  ;; g ← g + λw; v ← βv + (1−β)g; w ← w − ηv.
  (func (export "sgdAverage")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $lr v128) (local $decay v128) (local $beta v128) (local $keep v128)
    (local $x v128) (local $gi v128) (local $v v128)
    (local.set $lr (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $beta (v128.load32_splat (i32.const 8)))
    (local.set $keep (v128.load32_splat (i32.const 12)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))
        (local.set $v (f32x4.add
          (f32x4.mul (local.get $beta) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (local.get $keep) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $v))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x) (f32x4.mul (local.get $lr) (local.get $v))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; RMSprop: scalars η, λ, α, 1−α, ε, μ. s0 = square average v, s1 = gradient
  ;; average ḡ (centered only), s2 = momentum buffer b (μ > 0 only); the flags
  ;; say which, and are tested once per call, not per value.
  ;; g ← g + λw; v ← αv + (1−α)g²; centered: ḡ ← αḡ + (1−α)g, d = max(0, v − ḡ²),
  ;; else d = v; s = g/(√d + ε); with momentum b ← μb + s, w ← w − ηb, else w ← w − ηs.
  (func $rmsprop
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (param $centered i32) (param $momentum i32)
    (local $o i32) (local $end i32)
    (local $lr v128) (local $decay v128) (local $alpha v128) (local $keep v128) (local $eps v128) (local $mu v128)
    (local $x v128) (local $gi v128) (local $v v128) (local $mean v128) (local $s v128)
    (local.set $lr (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $alpha (v128.load32_splat (i32.const 8)))
    (local.set $keep (v128.load32_splat (i32.const 12)))
    (local.set $eps (v128.load32_splat (i32.const 16)))
    (local.set $mu (v128.load32_splat (i32.const 20)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))
        (local.set $v (f32x4.add
          (f32x4.mul (local.get $alpha) (v128.load (i32.add (local.get $s0) (local.get $o))))
          (f32x4.mul (f32x4.mul (local.get $keep) (local.get $gi)) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $v))
        (if (local.get $centered)
          (then
            (local.set $mean (f32x4.add
              (f32x4.mul (local.get $alpha) (v128.load (i32.add (local.get $s1) (local.get $o))))
              (f32x4.mul (local.get $keep) (local.get $gi))))
            (v128.store (i32.add (local.get $s1) (local.get $o)) (local.get $mean))
            (local.set $v (f32x4.max (f32x4.splat (f32.const 0))
              (f32x4.sub (local.get $v) (f32x4.mul (local.get $mean) (local.get $mean)))))))
        (local.set $s (f32x4.div (local.get $gi) (f32x4.add (f32x4.sqrt (local.get $v)) (local.get $eps))))
        (if (local.get $momentum)
          (then
            (local.set $s (f32x4.add (f32x4.mul (local.get $mu) (v128.load (i32.add (local.get $s2) (local.get $o)))) (local.get $s)))
            (v128.store (i32.add (local.get $s2) (local.get $o)) (local.get $s))))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x) (f32x4.mul (local.get $lr) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  (func (export "rmsprop")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (call $rmsprop (local.get $w) (local.get $g) (local.get $s0) (local.get $s1) (local.get $s2) (local.get $n)
      (i32.const 0) (i32.const 0)))
  (func (export "rmspropCentered")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (call $rmsprop (local.get $w) (local.get $g) (local.get $s0) (local.get $s1) (local.get $s2) (local.get $n)
      (i32.const 1) (i32.const 0)))
  (func (export "rmspropMomentum")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (call $rmsprop (local.get $w) (local.get $g) (local.get $s0) (local.get $s1) (local.get $s2) (local.get $n)
      (i32.const 0) (i32.const 1)))
  (func (export "rmspropCenteredMomentum")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (call $rmsprop (local.get $w) (local.get $g) (local.get $s0) (local.get $s1) (local.get $s2) (local.get $n)
      (i32.const 1) (i32.const 1)))

  ;; Adagrad: scalars η_t, λ, ε. g ← g + λw; G ← G + g²; w ← w − η_t·g/(√G + ε). s0 = G.
  (func (export "adagrad")
    (param $w i32) (param $g i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local $step v128) (local $decay v128) (local $eps v128)
    (local $x v128) (local $gi v128) (local $sum v128)
    (local.set $step (v128.load32_splat (i32.const 0)))
    (local.set $decay (v128.load32_splat (i32.const 4)))
    (local.set $eps (v128.load32_splat (i32.const 8)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gi (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.mul (local.get $decay) (local.get $x))))
        (local.set $sum (f32x4.add (v128.load (i32.add (local.get $s0) (local.get $o))) (f32x4.mul (local.get $gi) (local.get $gi))))
        (v128.store (i32.add (local.get $s0) (local.get $o)) (local.get $sum))
        (v128.store (i32.add (local.get $w) (local.get $o))
          (f32x4.sub (local.get $x)
            (f32x4.div (f32x4.mul (local.get $step) (local.get $gi)) (f32x4.add (f32x4.sqrt (local.get $sum)) (local.get $eps)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))
  ;; Σx² of the n f32 at byte `at`, each squared and summed in float64 (the
  ;; square of a float32 is exact there): two f64x2 sums, the vector's low and
  ;; high halves, then the n mod 4 values left one by one. For the global
  ;; gradient norm, not an update, so it keeps to the given n.
  (func (export "sumOfSquares") (param $at i32) (param $n i32) (result f64)
    (local $end i32) (local $tail i32) (local $x v128) (local $low v128) (local $high v128) (local $sum f64) (local $y f64)
    (local.set $end (i32.add (local.get $at) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $tail (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (local.get $at)))
        (local.set $low (f64x2.add (local.get $low)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $x)))))
        (local.set $x (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
        (local.set $high (f64x2.add (local.get $high)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $x)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (local.set $low (f64x2.add (local.get $low) (local.get $high)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $low)) (f64x2.extract_lane 1 (local.get $low))))
    (block $tailDone
      (loop $rest
        (br_if $tailDone (i32.ge_u (local.get $at) (local.get $tail)))
        (local.set $y (f64.promote_f32 (f32.load (local.get $at))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $y) (local.get $y))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $rest)))
    (local.get $sum))
)
