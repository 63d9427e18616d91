;; A convolution's bias added to its output planes on f32x4 vectors,
;; assembled at build time by scripts/build-wasm.mjs into
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
)
