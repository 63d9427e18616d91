;; Matrix product kernels in WebAssembly SIMD (f32x4), assembled at build time by
;; scripts/build-wasm.mjs into gemm-wasm.generated.ts. The caller (gemm-wasm.ts)
;; copies operands into the imported memory; addresses are byte offsets.
;;
;; gemm: C(i,j) += Σ_p A(i,p)·B(p,j) for i < m, j < n, p < k (k ≥ 1).
;;   A(i,p) is the f32 at a + 4·(i·aRow + p·aCol), so one routine serves A and Aᵀ;
;;   B is k×n and C is m×n, both dense row-major. C holds its starting value
;;   (zeros, or the caller's C when accumulating).
;; The register tile is 4 rows × 8 columns: eight f32x4 accumulators, two
;; vectors of a B row and one broadcast A value stay in the 16 vector registers
;; of x86-64 and AArch64 (Goto & van de Geijn, "Anatomy of high-performance
;; matrix multiplication", ACM TOMS 2008). Column panels are the outer loop, so
;; the k×8 panel of B (32·k bytes) stays in L1 while the row blocks pass by.
;; Edges: rows past the last block of 4 use a 1×8 tile; columns past the last
;; panel of 8 use 1×4 and then 1×1 tiles.
;;
;; transpose: dst (cols×rows) = srcᵀ (src rows×cols), so A·Bᵀ can run as gemm.
(module
  (import "env" "memory" (memory 1))

  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $aRow i32) (param $aCol i32)
    (param $b i32) (param $c i32)
    (local $rowBytes i32) (local $aRowBytes i32) (local $aColBytes i32)
    (local $aRow2Bytes i32) (local $aRow3Bytes i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $pa i32) (local $pb i32) (local $pc i32) (local $q i32)
    (local $av v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s f32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $aRowBytes (i32.shl (local.get $aRow) (i32.const 2)))
    (local.set $aColBytes (i32.shl (local.get $aCol) (i32.const 2)))
    (local.set $aRow2Bytes (i32.shl (local.get $aRow) (i32.const 3)))
    (local.set $aRow3Bytes (i32.mul (local.get $aRow) (i32.const 12)))

    ;; Column panels of 8.
    (local.set $j (i32.const 0))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $n)))

        ;; 4×8 tiles.
        (local.set $i (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
            (local.set $pc (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
            (local.set $q (local.get $pc))
            (local.set $c00 (v128.load (local.get $q)))
            (local.set $c01 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (local.set $c10 (v128.load (local.get $q)))
            (local.set $c11 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (local.set $c20 (v128.load (local.get $q)))
            (local.set $c21 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (local.set $c30 (v128.load (local.get $q)))
            (local.set $c31 (v128.load offset=16 (local.get $q)))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowBytes))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $inner
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $av (v128.load32_splat (local.get $pa)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $aRowBytes))))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow2Bytes))))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $aRow3Bytes))))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $aColBytes)))
              (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
              (br_if $inner (local.tee $p (i32.sub (local.get $p) (i32.const 1))))
            )
            (local.set $q (local.get $pc))
            (v128.store (local.get $q) (local.get $c00))
            (v128.store offset=16 (local.get $q) (local.get $c01))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (v128.store (local.get $q) (local.get $c10))
            (v128.store offset=16 (local.get $q) (local.get $c11))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (v128.store (local.get $q) (local.get $c20))
            (v128.store offset=16 (local.get $q) (local.get $c21))
            (local.set $q (i32.add (local.get $q) (local.get $rowBytes)))
            (v128.store (local.get $q) (local.get $c30))
            (v128.store offset=16 (local.get $q) (local.get $c31))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $blocks)
          )
        )

        ;; 1×8 tiles for the rows left over.
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $pc (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
            (local.set $c00 (v128.load (local.get $pc)))
            (local.set $c01 (v128.load offset=16 (local.get $pc)))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowBytes))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $inner
              (local.set $av (v128.load32_splat (local.get $pa)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (v128.load (local.get $pb)))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $pb)))))
              (local.set $pa (i32.add (local.get $pa) (local.get $aColBytes)))
              (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
              (br_if $inner (local.tee $p (i32.sub (local.get $p) (i32.const 1))))
            )
            (v128.store (local.get $pc) (local.get $c00))
            (v128.store offset=16 (local.get $pc) (local.get $c01))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)
          )
        )

        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels)
      )
    )

    ;; One panel of 4 columns, if 4 or more are left: 1×4 tiles.
    (if (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $n))
      (then
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $pc (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
            (local.set $c00 (v128.load (local.get $pc)))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowBytes))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $inner
              (local.set $c00 (f32x4.add (local.get $c00)
                (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
              (local.set $pa (i32.add (local.get $pa) (local.get $aColBytes)))
              (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
              (br_if $inner (local.tee $p (i32.sub (local.get $p) (i32.const 1))))
            )
            (v128.store (local.get $pc) (local.get $c00))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)
          )
        )
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
      )
    )

    ;; The last 0–3 columns: scalar 1×1 tiles.
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $m)))
            (local.set $pc (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
            (local.set $s (f32.load (local.get $pc)))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowBytes))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (local.get $k))
            (loop $inner
              (local.set $s (f32.add (local.get $s)
                (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
              (local.set $pa (i32.add (local.get $pa) (local.get $aColBytes)))
              (local.set $pb (i32.add (local.get $pb) (local.get $rowBytes)))
              (br_if $inner (local.tee $p (i32.sub (local.get $p) (i32.const 1))))
            )
            (f32.store (local.get $pc) (local.get $s))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)
          )
        )
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns)
      )
    )
  )

  (func (export "transpose")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $col i32) (local $ps i32) (local $pd i32) (local $dstRowBytes i32)
    ;; Reads src in order and writes dst down a column: dst(col, r) = src(r, col).
    (local.set $dstRowBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $ps (local.get $src))
    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $pd (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $col (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_s (local.get $col) (local.get $cols)))
            (f32.store (local.get $pd) (f32.load (local.get $ps)))
            (local.set $ps (i32.add (local.get $ps) (i32.const 4)))
            (local.set $pd (i32.add (local.get $pd) (local.get $dstRowBytes)))
            (local.set $col (i32.add (local.get $col) (i32.const 1)))
            (br $colsLoop)
          )
        )
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop)
      )
    )
  )
)
