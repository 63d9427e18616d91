;; im2col and col2im for stride 1 on f32x4 vectors, assembled at build time
;; by scripts/build-wasm.mjs into im2col-wasm.generated.ts. The caller
;; (im2col-wasm.ts) copies a group of whole channel planes in; addresses are
;; byte offsets. With stride 1 every patch-matrix row is, output row by output
;; row, a contiguous run of the zero-padded image, so the padding is laid out
;; once (`pad`) and each run is a plain vector copy (`patches`); col2im adds
;; the runs back onto a padded image (`accumulate`) and cuts the image out of
;; it (`crop`). Copies write whole vectors in increasing address order: a
;; run's last vector spills into the next run, written after it, or past the
;; area, which the caller never copies back (its areas have room for it).

(module
  (import "env" "memory" (memory 1))

  ;; Copies n floats from src to dst a vector at a time (spilling up to three
  ;; past the end of both); returns the end of dst's n floats.
  (func $copy (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vector
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $vector)))
    (local.get $end))

  ;; `planes` images of height × width at src laid into the middle of
  ;; paddedHeight × paddedWidth planes of zeros at dst, the image's top left at
  ;; (padTop, padLeft). The zeros are whole vectors (spilling up to three
  ;; floats past the planes); each image row is copied exactly, so its
  ;; neighbours' zeros stay.
  (func (export "pad")
    (param $src i32) (param $planes i32) (param $height i32) (param $width i32)
    (param $padTop i32) (param $padLeft i32) (param $paddedHeight i32) (param $paddedWidth i32) (param $dst i32)
    (local $at i32) (local $end i32) (local $row i32) (local $to i32) (local $vectorEnd i32) (local $rowEnd i32)
    (local.set $at (local.get $dst))
    (local.set $end
      (i32.add (local.get $dst)
        (i32.shl (i32.mul (local.get $planes) (i32.mul (local.get $paddedHeight) (local.get $paddedWidth))) (i32.const 2))))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store (local.get $at) (v128.const i32x4 0 0 0 0))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $zero)))
    ;; Row r of plane p goes to padded row p·paddedHeight + r + padTop.
    (local.set $row (i32.const 0))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $row) (i32.mul (local.get $planes) (local.get $height))))
        (local.set $to
          (i32.add (local.get $dst)
            (i32.shl
              (i32.add
                (i32.mul
                  (i32.add
                    (i32.add
                      (i32.mul (i32.div_u (local.get $row) (local.get $height)) (local.get $paddedHeight))
                      (i32.rem_u (local.get $row) (local.get $height)))
                    (local.get $padTop))
                  (local.get $paddedWidth))
                (local.get $padLeft))
              (i32.const 2))))
        (local.set $rowEnd (i32.add (local.get $to) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $vectorEnd (i32.add (local.get $to) (i32.shl (i32.and (local.get $width) (i32.const -4)) (i32.const 2))))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_u (local.get $to) (local.get $vectorEnd)))
            (v128.store (local.get $to) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $to (i32.add (local.get $to) (i32.const 16)))
            (br $vector)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $to) (local.get $rowEnd)))
            (f32.store (local.get $to) (f32.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $to (i32.add (local.get $to) (i32.const 4)))
            (br $tail)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $eachRow))))

  ;; The patch matrix of `planes` padded planes at src into dst, row by row
  ;; (plane, kernel row, kernel column), each row outHeight runs of outWidth
  ;; values from the padded row oy + ki·dilationHeight, column kj·dilationWidth.
  (func (export "patches")
    (param $src i32) (param $planes i32) (param $paddedHeight i32) (param $paddedWidth i32)
    (param $kernelHeight i32) (param $kernelWidth i32) (param $dilationHeight i32) (param $dilationWidth i32)
    (param $outHeight i32) (param $outWidth i32) (param $dst i32)
    (local $p i32) (local $ki i32) (local $kj i32) (local $oy i32) (local $from i32) (local $rowBytes i32)
    (local $at i32) (local $runEnd i32) (local $runBytes i32)
    (local.set $rowBytes (i32.shl (local.get $paddedWidth) (i32.const 2)))
    (local.set $runBytes (i32.shl (local.get $outWidth) (i32.const 2)))
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kernelRow
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kernelHeight)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kernelColumn
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kernelWidth)))
                (local.set $from
                  (i32.add (local.get $src)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (local.get $p) (local.get $paddedHeight))
                                   (i32.mul (local.get $ki) (local.get $dilationHeight)))
                          (local.get $paddedWidth))
                        (i32.mul (local.get $kj) (local.get $dilationWidth)))
                      (i32.const 2))))
                (local.set $oy (i32.const 0))
                (block $runsDone
                  (loop $run
                    (br_if $runsDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
                    ;; $copy written out: a call per run cost as much as its copy.
                    (local.set $at (local.get $from))
                    (local.set $runEnd (i32.add (local.get $dst) (local.get $runBytes)))
                    (block $copied
                      (loop $vector
                        (br_if $copied (i32.ge_u (local.get $dst) (local.get $runEnd)))
                        (v128.store (local.get $dst) (v128.load (local.get $at)))
                        (local.set $at (i32.add (local.get $at) (i32.const 16)))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                        (br $vector)))
                    (local.set $dst (local.get $runEnd))
                    (local.set $from (i32.add (local.get $from) (local.get $rowBytes)))
                    (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                    (br $run)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kernelColumn)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kernelRow)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))

  ;; col2im onto `planes` padded planes at dst: zeroes them, then adds the
  ;; patch matrix at src back run by run, in the patch matrix's row order, so
  ;; each pixel sums its taps in the order the JavaScript col2im does. Runs are
  ;; added exactly (vectors, then one value at a time): a spilled add would
  ;; land on a neighbour's sum.
  (func (export "accumulate")
    (param $src i32) (param $planes i32) (param $paddedHeight i32) (param $paddedWidth i32)
    (param $kernelHeight i32) (param $kernelWidth i32) (param $dilationHeight i32) (param $dilationWidth i32)
    (param $outHeight i32) (param $outWidth i32) (param $dst i32)
    (local $p i32) (local $ki i32) (local $kj i32) (local $oy i32) (local $to i32) (local $at i32)
    (local $vectorEnd i32) (local $runEnd i32) (local $rowBytes i32) (local $vectorBytes i32) (local $runBytes i32)
    (local.set $rowBytes (i32.shl (local.get $paddedWidth) (i32.const 2)))
    (local.set $runBytes (i32.shl (local.get $outWidth) (i32.const 2)))
    (local.set $vectorBytes (i32.shl (i32.and (local.get $outWidth) (i32.const -4)) (i32.const 2)))
    (local.set $at (local.get $dst))
    (local.set $runEnd
      (i32.add (local.get $dst)
        (i32.mul (local.get $rowBytes) (i32.mul (local.get $planes) (local.get $paddedHeight)))))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $at) (local.get $runEnd)))
        (v128.store (local.get $at) (v128.const i32x4 0 0 0 0))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $zero)))
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $ki (i32.const 0))
        (block $kiDone
          (loop $kernelRow
            (br_if $kiDone (i32.ge_u (local.get $ki) (local.get $kernelHeight)))
            (local.set $kj (i32.const 0))
            (block $kjDone
              (loop $kernelColumn
                (br_if $kjDone (i32.ge_u (local.get $kj) (local.get $kernelWidth)))
                (local.set $to
                  (i32.add (local.get $dst)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (local.get $p) (local.get $paddedHeight))
                                   (i32.mul (local.get $ki) (local.get $dilationHeight)))
                          (local.get $paddedWidth))
                        (i32.mul (local.get $kj) (local.get $dilationWidth)))
                      (i32.const 2))))
                (local.set $oy (i32.const 0))
                (block $runsDone
                  (loop $run
                    (br_if $runsDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
                    (local.set $at (local.get $to))
                    (local.set $vectorEnd (i32.add (local.get $to) (local.get $vectorBytes)))
                    (local.set $runEnd (i32.add (local.get $to) (local.get $runBytes)))
                    (block $vectorsDone
                      (loop $vector
                        (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                        (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (v128.load (local.get $src))))
                        (local.set $src (i32.add (local.get $src) (i32.const 16)))
                        (local.set $at (i32.add (local.get $at) (i32.const 16)))
                        (br $vector)))
                    (block $tailDone
                      (loop $tail
                        (br_if $tailDone (i32.ge_u (local.get $at) (local.get $runEnd)))
                        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (local.get $src))))
                        (local.set $src (i32.add (local.get $src) (i32.const 4)))
                        (local.set $at (i32.add (local.get $at) (i32.const 4)))
                        (br $tail)))
                    (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
                    (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                    (br $run)))
                (local.set $kj (i32.add (local.get $kj) (i32.const 1)))
                (br $kernelColumn)))
            (local.set $ki (i32.add (local.get $ki) (i32.const 1)))
            (br $kernelRow)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))

  ;; The height × width images inside `planes` padded planes at src, top left
  ;; at (padTop, padLeft), copied to dst one after another.
  (func (export "crop")
    (param $src i32) (param $planes i32) (param $paddedHeight i32) (param $paddedWidth i32)
    (param $padTop i32) (param $padLeft i32) (param $height i32) (param $width i32) (param $dst i32)
    (local $p i32) (local $r i32) (local $from i32)
    (local.set $p (i32.const 0))
    (block $planesDone
      (loop $plane
        (br_if $planesDone (i32.ge_u (local.get $p) (local.get $planes)))
        (local.set $from
          (i32.add (local.get $src)
            (i32.shl
              (i32.add
                (i32.mul
                  (i32.add (i32.mul (local.get $p) (local.get $paddedHeight)) (local.get $padTop))
                  (local.get $paddedWidth))
                (local.get $padLeft))
              (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $height)))
            (local.set $dst (call $copy (local.get $from) (local.get $dst) (local.get $width)))
            (local.set $from (i32.add (local.get $from) (i32.shl (local.get $paddedWidth) (i32.const 2))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $plane))))
)
