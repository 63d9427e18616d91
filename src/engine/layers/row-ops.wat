;; Column sums of a row-major block on f32x4 vectors, assembled at build time
;; by scripts/build-wasm.mjs into row-ops-wasm.generated.ts. The caller
;; (row-ops-wasm.ts) copies whole rows in a chunk at a time; addresses are
;; byte offsets.
;;
;; columnSums: sums[j] += Σ_r x[r, j] for r < rows, j < width, where x is
;; rows×width f32 at `x` and sums is width f64 at `sums` (8-byte aligned).
;; Each float32 is widened to float64 before it is added, as the JavaScript
;; loop does: four columns at a time, then the width mod 4 left one by one.
(module
  (import "env" "memory" (memory 1))

  (func (export "columnSums") (param $x i32) (param $rows i32) (param $width i32) (param $sums i32)
    (local $r i32) (local $j i32) (local $whole i32) (local $at i32) (local $to i32) (local $v v128)
    (local.set $whole (i32.and (local.get $width) (i32.const -4)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $whole)))
            (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $to (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $to)
              (f64x2.add (v128.load (local.get $to)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $to)
              (f64x2.add (v128.load offset=16 (local.get $to))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vector)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $width)))
            (local.set $to (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $to)
              (f64.add (f64.load (local.get $to))
                (f64.promote_f32 (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
