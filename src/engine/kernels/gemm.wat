;; Matrix product kernels in WebAssembly SIMD (f32x4), assembled at build time by
;; scripts/build-wasm.mjs into gemm-wasm.generated.ts: once with f32x4.relaxed_madd
;; (a fused multiply-add where the CPU has one) and once with each relaxed_madd
;; written as f32x4.mul then f32x4.add, for runtimes without relaxed SIMD.
;; The caller (gemm-wasm.ts) copies operands into the imported memory; addresses
;; are byte offsets.
;;
;; The structure is Goto & van de Geijn's ("Anatomy of high-performance matrix
;; multiplication", ACM TOMS 2008): a 4×8 register tile of C is the micro-kernel,
;; eight f32x4 accumulators, two vectors of B and one broadcast value of A, which
;; V8 keeps in registers (6×8 and 4×12 tiles were measured slower: V8 spills their
;; accumulators; so did unrolling the inner loop). Each step of the inner sum
;; reads 8 consecutive floats of B and one float from each of 4 rows of A. A
;; row-major B already has that shape; B of A·Bᵀ (n×k) is packed into k×8
;; column panels first (`pack`), which also stands in for transposing it; long
;; rows of a row-major operand are copied into contiguous panels (`panels`).
(module
  (import "env" "memory" (memory 1))

  ;; pack: dst = src (rows×cols, row-major) cut into strips of `width` rows (a
  ;; multiple of 4), each stored transposed (cols×width, so strip s holds
  ;; src(width·s + r, p) at p·width + r); the last strip's missing rows are zeros. Each group of 4 whole rows moves 4 columns at a time
  ;; through a 4×4 transpose of vectors; the columns left over and the rows of a
  ;; partial group go one float at a time.
  (func (export "pack")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $width i32)
    (local $i i32) (local $row i32) (local $r i32) (local $left i32) (local $done i32)
    (local $ps i32) (local $pd i32) (local $step i32) (local $srcRow i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $step (i32.shl (local.get $width) (i32.const 2)))
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 2)))
    (loop $strips
      (local.set $row (local.get $i))
      (loop $groups
        ;; Rows row…row+3 of strip i: (p, r) goes to dst + 4·(i·cols + p·width + row − i + r).
        (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols))
          (i32.sub (local.get $row) (local.get $i))) (i32.const 2))))
        (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $row) (local.get $srcRow))))
        (local.set $done (i32.const 0))
        (if (i32.le_s (i32.add (local.get $row) (i32.const 4)) (local.get $rows))
          (then
            (local.set $done (i32.and (local.get $cols) (i32.const -4)))
            (local.set $left (local.get $done))
            (block $blocksDone
              (loop $blocks
                (br_if $blocksDone (i32.eqz (local.get $left)))
                (local.set $x0 (v128.load (local.get $ps)))
                (local.set $x1 (v128.load (i32.add (local.get $ps) (local.get $srcRow))))
                (local.set $x2 (v128.load (i32.add (local.get $ps) (i32.shl (local.get $srcRow) (i32.const 1)))))
                (local.set $x3 (v128.load (i32.add (local.get $ps) (i32.mul (local.get $srcRow) (i32.const 3)))))
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
                (v128.store (local.get $pd) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (local.set $pd (i32.add (local.get $pd) (local.get $step)))
                (v128.store (local.get $pd) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (local.set $pd (i32.add (local.get $pd) (local.get $step)))
                (v128.store (local.get $pd) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (local.set $pd (i32.add (local.get $pd) (local.get $step)))
                (v128.store (local.get $pd) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $pd (i32.add (local.get $pd) (local.get $step)))
                (local.set $ps (i32.add (local.get $ps) (i32.const 16)))
                (local.set $left (i32.sub (local.get $left) (i32.const 4)))
                (br $blocks)))))
        ;; Columns done…cols−1 of each row of the group (ps and pd are at column
        ;; done), zeros for rows past the end.
        (local.set $r (i32.const 0))
        (loop $lanes
          (call $lane (local.get $ps) (local.get $pd) (i32.sub (local.get $cols) (local.get $done)) (local.get $step)
            (i32.lt_s (i32.add (local.get $row) (local.get $r)) (local.get $rows)))
          (local.set $ps (i32.add (local.get $ps) (local.get $srcRow)))
          (local.set $pd (i32.add (local.get $pd) (i32.const 4)))
          (br_if $lanes (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))
        (br_if $groups (i32.lt_s (local.tee $row (i32.add (local.get $row) (i32.const 4)))
          (i32.add (local.get $i) (local.get $width)))))
      (br_if $strips (i32.lt_s (local.tee $i (i32.add (local.get $i) (local.get $width))) (local.get $rows))))
  )

  ;; lane: count floats from src (consecutive) to dst (step bytes apart), or zeros unless `copy`.
  (func $lane (param $src i32) (param $dst i32) (param $count i32) (param $step i32) (param $copy i32)
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $dst) (if (result f32) (local.get $copy)
          (then (f32.load (local.get $src))) (else (f32.const 0))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (local.get $step)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats)))
  )

  ;; panels: dst = src (rows×cols, row-major) cut into panels of `width` columns
  ;; (a multiple of 4), each stored row by row (rows×width), so a tile's steps
  ;; read consecutive floats instead of one short run every row, which for a
  ;; row length of 256 or 512 floats all fall in a few sets of the L1 cache.
  ;; The last panel's columns past cols hold whatever follows each row.
  (func (export "panels")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $width i32)
    (local $ps i32) (local $pr i32) (local $left i32) (local $q i32) (local $srcRow i32) (local $widthBytes i32)
    (local.set $srcRow (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $widthBytes (i32.shl (local.get $width) (i32.const 2)))
    (loop $panelsLoop
      (local.set $pr (local.get $src))
      (local.set $left (local.get $rows))
      (loop $rowsLoop
        (local.set $q (i32.const 0))
        (loop $vectors
          (v128.store (i32.add (local.get $dst) (local.get $q)) (v128.load (i32.add (local.get $pr) (local.get $q))))
          (br_if $vectors (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 16))) (local.get $widthBytes))))
        (local.set $dst (i32.add (local.get $dst) (local.get $widthBytes)))
        (local.set $pr (i32.add (local.get $pr) (local.get $srcRow)))
        (br_if $rowsLoop (local.tee $left (i32.sub (local.get $left) (i32.const 1)))))
      (local.set $src (i32.add (local.get $src) (local.get $widthBytes)))
      (br_if $panelsLoop (i32.gt_s (local.tee $cols (i32.sub (local.get $cols) (local.get $width))) (i32.const 0))))
  )

  ;; copy: rows×cols floats from src (rows srcStride bytes apart) to dst (dstStride apart).
  (func $copy
    (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
    (param $rows i32) (param $cols i32)
    (local $j i32)
    (loop $rowsLoop
      (local.set $j (i32.const 0))
      (loop $colsLoop
        (f32.store (i32.add (local.get $dst) (local.get $j)) (f32.load (i32.add (local.get $src) (local.get $j))))
        (br_if $colsLoop (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.shl (local.get $cols) (i32.const 2)))))
      (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
      (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
      (br_if $rowsLoop (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
  )

  ;; gemm: C(i,j) = S(i,j) + Σ_p A(i,p)·B(p,j) for i < m, j < n, p < k (k ≥ 1);
  ;; C is m×n row-major. The sums start from S = 0 when start is 0, from what C
  ;; holds when it is 1 (accumulating), and from bias(j), the floats at bias, when
  ;; it is 2 (a dense layer's x·Wᵀ + b); so C needs no pass before the kernel
  ;; unless it accumulates. A(i,p) is the float at
  ;; a + s·aStrip + r·aRow + p·aStride for i = 4s + r (r < 4), B(p,j) the float at
  ;; b + t·bPanel + p·bStride + 4c for j = 8t + c (c < 8): rows of A are aRow
  ;; bytes apart, so one routine serves A (aRow = 4k, aStride = 4) and Aᵀ
  ;; (aRow = 4, aStride = 4m), and B row-major (bPanel = 32, bStride = 4n) or packed
  ;; (bPanel = 32k, bStride = 32). A tile that sticks out past m or n runs on the
  ;; 4×8 scratch block, so it may read up to 3 rows of A and 7 floats of B and
  ;; of the bias past their ends; only the results of real rows and columns are kept.
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $aStrip i32) (param $aRow i32) (param $aStride i32)
    (param $b i32) (param $bPanel i32) (param $bStride i32)
    (param $c i32) (param $start i32) (param $bias i32) (param $scratch i32)
    (local $i i32) (local $j i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $at i32) (local $atEnd i32) (local $q i32) (local $qStride i32) (local $rowBytes i32) (local $rows i32) (local $cols i32) (local $edge i32)
    (local $aRow2 i32) (local $aRow3 i32)
    (local $av v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $aRow2 (i32.mul (local.get $aRow) (i32.const 2)))
    (local.set $aRow3 (i32.mul (local.get $aRow) (i32.const 3)))
    (loop $panels
      (local.set $cols (select (i32.const 8) (i32.sub (local.get $n) (local.get $j))
        (i32.le_s (i32.add (local.get $j) (i32.const 8)) (local.get $n))))
      (local.set $pa (local.get $a))
      (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $i (i32.const 0))
      (loop $strips
        (local.set $rows (select (i32.const 4) (i32.sub (local.get $m) (local.get $i))
          (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))))
        ;; The 4×8 tile at (i, j): in C, or in the scratch block at an edge.
        (local.set $q (local.get $pc))
        (local.set $qStride (local.get $rowBytes))
        (local.set $edge (i32.or (i32.ne (local.get $rows) (i32.const 4)) (i32.ne (local.get $cols) (i32.const 8))))
        (if (i32.eq (local.get $start) (i32.const 1))
          (then
            (if (local.get $edge)
              (then
                (call $copy (local.get $pc) (local.get $rowBytes) (local.get $scratch) (i32.const 32) (local.get $rows) (local.get $cols))
                (local.set $q (local.get $scratch))
                (local.set $qStride (i32.const 32))))
            (local.set $c00 (v128.load (local.get $q)))
            (local.set $c01 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $qStride)))
            (local.set $c10 (v128.load (local.get $q)))
            (local.set $c11 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $qStride)))
            (local.set $c20 (v128.load (local.get $q)))
            (local.set $c21 (v128.load offset=16 (local.get $q)))
            (local.set $q (i32.add (local.get $q) (local.get $qStride)))
            (local.set $c30 (v128.load (local.get $q)))
            (local.set $c31 (v128.load offset=16 (local.get $q))))
          (else
            (local.set $b0 (v128.const i32x4 0 0 0 0))
            (local.set $b1 (v128.const i32x4 0 0 0 0))
            (if (local.get $start)
              (then
                (local.set $b0 (v128.load (local.get $bias)))
                (local.set $b1 (v128.load offset=16 (local.get $bias)))))
            (local.set $c00 (local.get $b0))
            (local.set $c01 (local.get $b1))
            (local.set $c10 (local.get $b0))
            (local.set $c11 (local.get $b1))
            (local.set $c20 (local.get $b0))
            (local.set $c21 (local.get $b1))
            (local.set $c30 (local.get $b0))
            (local.set $c31 (local.get $b1))))
        (local.set $at (local.get $pa))
        (local.set $pb (local.get $b))
        (local.set $atEnd (i32.add (local.get $pa) (i32.mul (local.get $k) (local.get $aStride))))
        (loop $inner
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          (local.set $av (v128.load32_splat (local.get $at)))
          (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
          (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
          (local.set $av (v128.load32_splat (i32.add (local.get $at) (local.get $aRow))))
          (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
          (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
          (local.set $av (v128.load32_splat (i32.add (local.get $at) (local.get $aRow2))))
          (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
          (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
          (local.set $av (v128.load32_splat (i32.add (local.get $at) (local.get $aRow3))))
          (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
          (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
          (local.set $at (i32.add (local.get $at) (local.get $aStride)))
          (local.set $pb (i32.add (local.get $pb) (local.get $bStride)))
          (br_if $inner (i32.ne (local.get $at) (local.get $atEnd))))
        (local.set $q (select (local.get $scratch) (local.get $pc) (local.get $edge)))
        (local.set $qStride (select (i32.const 32) (local.get $rowBytes) (local.get $edge)))
        (v128.store (local.get $q) (local.get $c00))
        (v128.store offset=16 (local.get $q) (local.get $c01))
        (local.set $q (i32.add (local.get $q) (local.get $qStride)))
        (v128.store (local.get $q) (local.get $c10))
        (v128.store offset=16 (local.get $q) (local.get $c11))
        (local.set $q (i32.add (local.get $q) (local.get $qStride)))
        (v128.store (local.get $q) (local.get $c20))
        (v128.store offset=16 (local.get $q) (local.get $c21))
        (local.set $q (i32.add (local.get $q) (local.get $qStride)))
        (v128.store (local.get $q) (local.get $c30))
        (v128.store offset=16 (local.get $q) (local.get $c31))
        (if (local.get $edge)
          (then
            (call $copy (local.get $scratch) (i32.const 32) (local.get $pc) (local.get $rowBytes) (local.get $rows) (local.get $cols))))
        (local.set $pa (i32.add (local.get $pa) (local.get $aStrip)))
        (local.set $pc (i32.add (local.get $pc) (i32.mul (local.get $rowBytes) (i32.const 4))))
        (br_if $strips (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $m))))
      (local.set $b (i32.add (local.get $b) (local.get $bPanel)))
      (local.set $bias (i32.add (local.get $bias) (i32.const 32)))
      (br_if $panels (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 8))) (local.get $n))))
  )
)
