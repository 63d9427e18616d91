;; Max pooling over the default 2×2 window, stride 2, no padding, on f32x4
;; vectors, assembled at build time by scripts/build-wasm.mjs into
;; pool2d-wasm.generated.ts. The caller (pool2d-wasm.ts) copies a chunk of
;; whole planes in; addresses are byte offsets. Four outputs of a row are made
;; at once from two rows of eight inputs, split into their even and odd
;; columns; a row's last vector runs past its end, and those lanes' results
;; land where the next row, written later, overwrites them, or past the
;; chunk, which the caller never copies back (its areas have room for them).
;;
;; A window's candidates are taken in row-major order and one replaces the
;; winner when it is larger or NaN, as PyTorch's CPU kernel: NaN wins, the
;; first of equal values stays. Winners are indices into the caller's whole
;; input, `base` being the chunk's first.
(module
  (import "env" "memory" (memory 1))

  (func (export "maxPoolForward")
    (param $x i32) (param $planes i32) (param $height i32) (param $width i32)
    (param $y i32) (param $winners i32) (param $base i32)
    (local $outHeight i32) (local $outWidth i32) (local $p i32) (local $oy i32) (local $ox i32)
    (local $top i32) (local $bottom i32) (local $out i32) (local $index i32) (local $rowBytes i32)
    (local $a v128) (local $b v128) (local $candidate v128) (local $start v128) (local $best v128)
    (local $winner v128) (local $take v128) (local $down v128)
    (local.set $outHeight (i32.shr_u (local.get $height) (i32.const 1)))
    (local.set $outWidth (i32.shr_u (local.get $width) (i32.const 1)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $down (i32x4.splat (local.get $width)))
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $oy (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
            ;; Index of the window row's first input within the chunk.
            (local.set $index
              (i32.add
                (i32.mul (local.get $p) (i32.mul (local.get $height) (local.get $width)))
                (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $width))))
            (local.set $top (i32.add (local.get $x) (i32.shl (local.get $index) (i32.const 2))))
            (local.set $bottom (i32.add (local.get $top) (local.get $rowBytes)))
            (local.set $start
              (i32x4.add (i32x4.splat (i32.add (local.get $base) (local.get $index))) (v128.const i32x4 0 2 4 6)))
            (local.set $out
              (i32.shl
                (i32.add
                  (i32.mul (local.get $p) (i32.mul (local.get $outHeight) (local.get $outWidth)))
                  (i32.mul (local.get $oy) (local.get $outWidth)))
                (i32.const 2)))
            (local.set $ox (i32.const 0))
            (block $columnsDone
              (loop $column
                (br_if $columnsDone (i32.ge_u (local.get $ox) (local.get $outWidth)))
                (local.set $a (v128.load (local.get $top)))
                (local.set $b (v128.load offset=16 (local.get $top)))
                ;; Top left: the even columns.
                (local.set $best
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
                (local.set $winner (local.get $start))
                ;; Top right: the odd columns.
                (local.set $candidate
                  (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
                (local.set $take
                  (v128.or (f32x4.gt (local.get $candidate) (local.get $best))
                           (f32x4.ne (local.get $candidate) (local.get $candidate))))
                (local.set $best (v128.bitselect (local.get $candidate) (local.get $best) (local.get $take)))
                (local.set $winner
                  (v128.bitselect (i32x4.add (local.get $start) (v128.const i32x4 1 1 1 1)) (local.get $winner) (local.get $take)))
                (local.set $a (v128.load (local.get $bottom)))
                (local.set $b (v128.load offset=16 (local.get $bottom)))
                ;; Bottom left.
                (local.set $candidate
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
                (local.set $take
                  (v128.or (f32x4.gt (local.get $candidate) (local.get $best))
                           (f32x4.ne (local.get $candidate) (local.get $candidate))))
                (local.set $best (v128.bitselect (local.get $candidate) (local.get $best) (local.get $take)))
                (local.set $winner
                  (v128.bitselect (i32x4.add (local.get $start) (local.get $down)) (local.get $winner) (local.get $take)))
                ;; Bottom right.
                (local.set $candidate
                  (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
                (local.set $take
                  (v128.or (f32x4.gt (local.get $candidate) (local.get $best))
                           (f32x4.ne (local.get $candidate) (local.get $candidate))))
                (local.set $best (v128.bitselect (local.get $candidate) (local.get $best) (local.get $take)))
                (local.set $winner
                  (v128.bitselect
                    (i32x4.add (i32x4.add (local.get $start) (local.get $down)) (v128.const i32x4 1 1 1 1))
                    (local.get $winner) (local.get $take)))
                (v128.store (i32.add (local.get $y) (local.get $out)) (local.get $best))
                (v128.store (i32.add (local.get $winners) (local.get $out)) (local.get $winner))
                (local.set $top (i32.add (local.get $top) (i32.const 32)))
                (local.set $bottom (i32.add (local.get $bottom) (i32.const 32)))
                (local.set $start (i32x4.add (local.get $start) (v128.const i32x4 8 8 8 8)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
                (br $column)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $row)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))

  ;; One input row's share of the gradient: each position gets its window's
  ;; gradient where it is the winner, else +0 (0 + g, as the JavaScript sum
  ;; onto zeros, so −0 becomes +0). `start` holds the indices of the row's
  ;; even positions under four outputs. A position is written only with its
  ;; own window's gradient or 0, never another's (non-overlapping windows),
  ;; so a past-the-row lane writes what that place's own pass, later, would
  ;; write or overwrites (0 where no window reaches).
  (func $routeRow
    (param $g i32) (param $winners i32) (param $out i32) (param $outWidth i32) (param $to i32) (param $start v128)
    (local $ox i32) (local $grad v128) (local $won v128) (local $even v128) (local $odd v128)
    (local.set $ox (i32.const 0))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $ox) (local.get $outWidth)))
        (local.set $grad (v128.load (i32.add (local.get $g) (local.get $out))))
        (local.set $won (v128.load (i32.add (local.get $winners) (local.get $out))))
        (local.set $even
          (f32x4.add (v128.and (local.get $grad) (i32x4.eq (local.get $won) (local.get $start)))
                     (v128.const f32x4 0 0 0 0)))
        (local.set $odd
          (f32x4.add
            (v128.and (local.get $grad)
                      (i32x4.eq (local.get $won) (i32x4.add (local.get $start) (v128.const i32x4 1 1 1 1))))
            (v128.const f32x4 0 0 0 0)))
        (v128.store (local.get $to)
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $even) (local.get $odd)))
        (v128.store offset=16 (local.get $to)
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $even) (local.get $odd)))
        (local.set $to (i32.add (local.get $to) (i32.const 32)))
        (local.set $start (i32x4.add (local.get $start) (v128.const i32x4 8 8 8 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
        (br $column))))

  ;; The gradient of maxPoolForward into `dx`, its whole-input winners and
  ;; the four values past them copied in (those four set to −1, which no
  ;; index matches). With even sides every position is in a window and
  ;; written; with an odd side the caller zeroes `dx` first, so the row or
  ;; column no window reaches keeps 0.
  (func (export "maxPoolBackward")
    (param $g i32) (param $winners i32) (param $planes i32) (param $height i32) (param $width i32)
    (param $dx i32) (param $base i32)
    (local $outHeight i32) (local $outWidth i32) (local $p i32) (local $oy i32)
    (local $index i32) (local $out i32) (local $start v128)
    (local.set $outHeight (i32.shr_u (local.get $height) (i32.const 1)))
    (local.set $outWidth (i32.shr_u (local.get $width) (i32.const 1)))
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $oy (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
            (local.set $index
              (i32.add
                (i32.mul (local.get $p) (i32.mul (local.get $height) (local.get $width)))
                (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $width))))
            (local.set $start
              (i32x4.add (i32x4.splat (i32.add (local.get $base) (local.get $index))) (v128.const i32x4 0 2 4 6)))
            (local.set $out
              (i32.shl
                (i32.add
                  (i32.mul (local.get $p) (i32.mul (local.get $outHeight) (local.get $outWidth)))
                  (i32.mul (local.get $oy) (local.get $outWidth)))
                (i32.const 2)))
            ;; The top row first: its past-the-row lanes fall in the bottom row, written next.
            (call $routeRow (local.get $g) (local.get $winners) (local.get $out) (local.get $outWidth)
              (i32.add (local.get $dx) (i32.shl (local.get $index) (i32.const 2))) (local.get $start))
            (call $routeRow (local.get $g) (local.get $winners) (local.get $out) (local.get $outWidth)
              (i32.add (local.get $dx) (i32.shl (i32.add (local.get $index) (local.get $width)) (i32.const 2)))
              (i32x4.add (local.get $start) (i32x4.splat (local.get $width))))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $row)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))
)
