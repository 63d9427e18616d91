;; A convolution's bias added to its output planes on f32x4 vectors, and
;; its gradient summed, assembled at build time by scripts/build-wasm.mjs into
;; conv-bias-wasm.generated.ts. The caller (conv-bias-wasm.ts) copies a chunk
;; of whole planes and the bias in; addresses are byte offsets.
;;
;; addBias: plane i of the chunk (filter (first + i) mod filters) gets
;; b[filter] added to each of its `positions` values, rounded to float32 as
;; the JavaScript `z[p] += b[f]`. Each plane is added exactly (vectors, then
;; one value at a time), so no plane's bias spills onto the next.
(module
  (import "env" "memory" (memory 1))

  (func (export "addBias")
    (param $z i32) (param $planes i32) (param $positions i32) (param $bias i32) (param $filters i32) (param $first i32)
    (local $filter i32) (local $p i32) (local $shift f32) (local $shifts v128)
    (local $vectorEnd i32) (local $planeEnd i32)
    (local.set $filter (i32.rem_u (local.get $first) (local.get $filters)))
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $shift (f32.load (i32.add (local.get $bias) (i32.shl (local.get $filter) (i32.const 2)))))
        (local.set $shifts (f32x4.splat (local.get $shift)))
        (local.set $vectorEnd (i32.add (local.get $z) (i32.shl (i32.and (local.get $positions) (i32.const -4)) (i32.const 2))))
        (local.set $planeEnd (i32.add (local.get $z) (i32.shl (local.get $positions) (i32.const 2))))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_u (local.get $z) (local.get $vectorEnd)))
            (v128.store (local.get $z) (f32x4.add (v128.load (local.get $z)) (local.get $shifts)))
            (local.set $z (i32.add (local.get $z) (i32.const 16)))
            (br $vector)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $z) (local.get $planeEnd)))
            (f32.store (local.get $z) (f32.add (f32.load (local.get $z)) (local.get $shift)))
            (local.set $z (i32.add (local.get $z) (i32.const 4)))
            (br $tail)))
        (local.set $filter (i32.add (local.get $filter) (i32.const 1)))
        (if (i32.eq (local.get $filter) (local.get $filters)) (then (local.set $filter (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))
;; planeSums: sums[filter] += Σ_p x[plane, p] for each plane of the chunk,
  ;; the filters cycling as in addBias, each plane summed in float64 from its
  ;; first position to its last and added to its filter's sum in plane order,
  ;; as the JavaScript loop. Four planes go at a time: one plane's sum is a
  ;; chain of adds each waiting for the last, and four chains overlap.
  (func (export "planeSums")
    (param $x i32) (param $planes i32) (param $positions i32) (param $sums i32) (param $filters i32) (param $first i32)
    (local $filter i32) (local $p i32) (local $at i32) (local $end i32) (local $planeBytes i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $k i32)
    (local.set $filter (i32.rem_u (local.get $first) (local.get $filters)))
    (local.set $planeBytes (i32.shl (local.get $positions) (i32.const 2)))
    (local.set $p (i32.const 0))
    (block $groupsDone
      (loop $group
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $planes)))
        (local.set $s0 (f64.const 0))
        (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0))
        (local.set $at (local.get $x))
        (local.set $end (i32.add (local.get $x) (local.get $planeBytes)))
        (block $positionsDone
          (loop $position
            (br_if $positionsDone (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $s0 (f64.add (local.get $s0) (f64.promote_f32 (f32.load (local.get $at)))))
            (local.set $s1 (f64.add (local.get $s1)
              (f64.promote_f32 (f32.load (i32.add (local.get $at) (local.get $planeBytes))))))
            (local.set $s2 (f64.add (local.get $s2)
              (f64.promote_f32 (f32.load (i32.add (local.get $at) (i32.shl (local.get $planeBytes) (i32.const 1)))))))
            (local.set $s3 (f64.add (local.get $s3)
              (f64.promote_f32 (f32.load (i32.add (local.get $at) (i32.mul (local.get $planeBytes) (i32.const 3)))))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $position)))
        (local.set $filter (call $addTo (local.get $sums) (local.get $filter) (local.get $filters) (local.get $s0)))
        (local.set $filter (call $addTo (local.get $sums) (local.get $filter) (local.get $filters) (local.get $s1)))
        (local.set $filter (call $addTo (local.get $sums) (local.get $filter) (local.get $filters) (local.get $s2)))
        (local.set $filter (call $addTo (local.get $sums) (local.get $filter) (local.get $filters) (local.get $s3)))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $planeBytes) (i32.const 2))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $group)))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $s0 (f64.const 0))
        (local.set $at (local.get $x))
        (local.set $end (i32.add (local.get $x) (local.get $planeBytes)))
        (block $positionsDone
          (loop $position
            (br_if $positionsDone (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $s0 (f64.add (local.get $s0) (f64.promote_f32 (f32.load (local.get $at)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $position)))
        (local.set $filter (call $addTo (local.get $sums) (local.get $filter) (local.get $filters) (local.get $s0)))
        (local.set $x (local.get $end))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))

  ;; sums[filter] += sum; returns the next filter, cycling.
  (func $addTo (param $sums i32) (param $filter i32) (param $filters i32) (param $sum f64) (result i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $filter) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $sum)))
    (local.set $filter (i32.add (local.get $filter) (i32.const 1)))
    (select (i32.const 0) (local.get $filter) (i32.eq (local.get $filter) (local.get $filters))))
)
