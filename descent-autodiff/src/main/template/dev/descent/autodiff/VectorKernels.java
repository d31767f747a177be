/*
 * VectorMatrixKernels (float64) and VectorFloatKernels (float32) are both made by descent-autodiff's
 * build from one template, src/main/template/dev/descent/autodiff/VectorKernels.java: edit that
 * file, never a copy in target/generated-sources.
 *
 * How: in the generate-sources phase, descent-autodiff's pom copies this file twice with Ant's
 * <copy> and a <filterset> (maven-antrun-plugin) into target/generated-sources/kernels, replacing
 * eight tokens, each a word in capitals between two at signs: the class name, the element type
 * (double, float), its box (Double, Float), the vector class (DoubleVector, FloatVector), the zero
 * literal, the precision's name and the lanes of a 256-bit and a 512-bit vector. The pom lists the
 * values beside the copy; build-helper-maven-plugin adds the folder to the compile roots, so
 * `mvn compile` on a clean clone, and an IDE that imports the Maven project, compile the copies (an
 * IDE that does not run Maven's generate-sources phase on import needs it run once). A copy is
 * made again when this file or the pom is newer than it.
 *
 * Why a template: the two precisions' kernels are the same tiles, panels and order of fused
 * multiply-adds, differing only in those names, so one text keeps them from drifting apart. The
 * generated classes are, token for token, the hand-written classes they replace, so the JIT sees
 * the same code: static final species, primitive arrays, no generics, no boxing, no lambdas, no
 * interface or virtual call in a tile. The alternatives each cost one of these. Java generics
 * cannot range over double[] and float[], and Vector<E> code over a species passed in or held by an
 * instance loses the constant species the JIT needs to intrinsify the Vector API. A generator
 * program (EJML's way) is code to compile and keep before this module compiles, where a filtered
 * copy is a dozen lines of the pom; templating-maven-plugin makes one file per template, not two.
 *
 * Only pure type substitution belongs here. The float32 rules whose rounding follows torch on
 * purpose (MlpFloatKernel's float64 loss head and rounded activations, the float32 optimizer steps)
 * are written out by hand where they live.
 */
package dev.descent.autodiff;

import jdk.incubator.vector.@VECTOR@;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled @PRECISION@ matrix product under every dense layer, with the Vector API:
 * @NARROW@ (256-bit) or @WIDE@ (512-bit) @ELEMENT@ lanes per vector, and the same order of fused
 * multiply-adds, so the same bits, as {@link MatrixProduct}'s scalar @ELEMENT@ loop, whatever the
 * width. Loaded only where {@code jdk.incubator.vector} is present ({@link Simd}). The float64 and
 * float32 kernels are generated from one template ({@code src/main/template}), so both have the
 * same tiles and panels; a float32 vector holds twice the lanes, so twice the multiply-adds per
 * instruction. The row kernels of the fused linear-model losses live beside the models in
 * descent-ml.
 */
final class @KERNELS@ {
    /**
     * The one vector shape used, the hardware's preferred, by both precisions' kernels: mixing two
     * shapes in one JVM splits the type profiles of the Vector API's shared code and the JIT stops
     * intrinsifying it, leaving boxed vector objects in the hot loops.
     */
    private static final VectorSpecies<@BOXED@> P = @VECTOR@.SPECIES_PREFERRED;
    private static final int L = P.length();
    /** Depth of one pass: a (KC x 3L) strip of B, 24 KiB at 512 bits, stays in the L1 cache. */
    private static final int KC = 128;

    private @KERNELS@() {}

    /**
     * @NARROW@ (256-bit) or @WIDE@ (512-bit) lanes: the widths descent's kernels are written for
     * ({@link Simd} asks the float64 class; {@code MatrixKernelsTest} holds the float32 class to the
     * same answer).
     */
    static boolean usable() {
        return L == @NARROW@ || L == @WIDE@;
    }

    /**
     * {@code out[i][j] = fma(A(i,p), B[p][j], out[i][j])} for {@code p = 0..k-1} in order, for output
     * rows {@code [from, to)} and columns {@code [colFrom, colTo)}: {@code A(i,p) = a[i * rowStride + p * colStride]} (so {@code A} or a
     * transpose), {@code B} row-major {@code k x n}, {@code out} row-major {@code m x n}. Tiles of four
     * rows by three vectors keep twelve accumulators in registers (enough independent sums to cover
     * the latency of two multiply-add units) for a depth of {@link #KC}; narrower tiles take the
     * remaining columns. Each strip of B a tile reads is first copied into a contiguous panel: read in
     * place, its rows lie a power-of-two stride apart for the usual widths and fall into a few sets of
     * the L1 cache, which evict each other before the next tile reuses them.
     */
    static void multiplyRows(@ELEMENT@[] a, int aOffset, int rowStride, int colStride, @ELEMENT@[] b, int bOffset,
                             @ELEMENT@[] out, int outOffset, int from, int to, int colFrom, int colTo, int k, int n) {
        int width = colTo - colFrom;
        int triple = colFrom + width - width % (3 * L);
        int wide = triple + (colTo - triple) / (2 * L) * (2 * L);
        int single = colTo - (colTo - colFrom) % L;
        @ELEMENT@[] panel = PANEL.get();
        for (int depth = 0; depth < k; depth += KC) {
            int end = Math.min(k, depth + KC);
            for (int j = colFrom; j < triple; j += 3 * L) {
                pack(b, bOffset, n, j, 3 * L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x3(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, 0, out, outOffset, i, j, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, L, out, outOffset, i, j + L, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 3 * L, 2 * L, out, outOffset, i, j + 2 * L, depth, end, n);
                }
            }
            for (int j = triple; j < wide; j += 2 * L) {
                pack(b, bOffset, n, j, 2 * L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x2(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, 2 * L, 0, out, outOffset, i, j, depth, end, n);
                    tile1(a, aOffset, rowStride, colStride, panel, 2 * L, L, out, outOffset, i, j + L, depth, end, n);
                }
            }
            for (int j = wide; j < single; j += L) {
                pack(b, bOffset, n, j, L, depth, end, panel);
                int i = from;
                for (; i + 3 < to; i += 4) {
                    tile4x1(a, aOffset, rowStride, colStride, panel, out, outOffset, i, j, depth, end, n);
                }
                for (; i < to; i++) {
                    tile1(a, aOffset, rowStride, colStride, panel, L, 0, out, outOffset, i, j, depth, end, n);
                }
            }
            if (single < colTo) {
                tail(a, aOffset, rowStride, colStride, b, bOffset, out, outOffset, from, to, single, colTo, depth, end, n);
            }
        }
    }

    /**
     * The columns left over after the vectors (fewer than a vector's lanes: a 10-class output layer
     * leaves 2), in scalar multiply-adds four rows at a time: four independent sums per column cover
     * the multiply-add latency that one sum per row waits on.
     */
    private static void tail(@ELEMENT@[] a, int aOffset, int rowStride, int colStride, @ELEMENT@[] b, int bOffset, @ELEMENT@[] out,
                             int outOffset, int from, int to, int colFrom, int colTo, int depth, int end, int n) {
        int i = from;
        for (; i + 3 < to; i += 4) {
            int a0 = aOffset + i * rowStride;
            for (int j = colFrom; j < colTo; j++) {
                int o = outOffset + i * n + j;
                @ELEMENT@ s0 = out[o];
                @ELEMENT@ s1 = out[o + n];
                @ELEMENT@ s2 = out[o + 2 * n];
                @ELEMENT@ s3 = out[o + 3 * n];
                for (int p = depth; p < end; p++) {
                    @ELEMENT@ bpj = b[bOffset + p * n + j];
                    int q = a0 + p * colStride;
                    s0 = Math.fma(a[q], bpj, s0);
                    s1 = Math.fma(a[q + rowStride], bpj, s1);
                    s2 = Math.fma(a[q + 2 * rowStride], bpj, s2);
                    s3 = Math.fma(a[q + 3 * rowStride], bpj, s3);
                }
                out[o] = s0;
                out[o + n] = s1;
                out[o + 2 * n] = s2;
                out[o + 3 * n] = s3;
            }
        }
        for (; i < to; i++) {
            int rowA = aOffset + i * rowStride;
            for (int j = colFrom; j < colTo; j++) {
                int o = outOffset + i * n + j;
                @ELEMENT@ sum = out[o];
                for (int p = depth; p < end; p++) {
                    sum = Math.fma(a[rowA + p * colStride], b[bOffset + p * n + j], sum);
                }
                out[o] = sum;
            }
        }
    }

    /** Columns of the widest tile, three vectors: where a split between columns cuts. */
    static int tileWidth() {
        return 3 * L;
    }

    /**
     * One panel per thread, reused: a strip of {@link #KC} rows of B, three vectors wide. The
     * {@code Team}'s threads last, so their thread-locals do.
     */
    private static final ThreadLocal<@ELEMENT@[]> PANEL = ThreadLocal.withInitial(() -> new @ELEMENT@[KC * 3 * L]);

    /** Copies {@code B[from..to)[j..j+width)} into {@code panel}, row after row. */
    private static void pack(@ELEMENT@[] b, int bOffset, int n, int j, int width, int from, int to, @ELEMENT@[] panel) {
        for (int p = from, q = 0; p < to; p++, q += width) {
            System.arraycopy(b, bOffset + p * n + j, panel, q, width);
        }
    }

    private static void tile4x3(@ELEMENT@[] a, int aOffset, int rs, int cs, @ELEMENT@[] panel, @ELEMENT@[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        @VECTOR@ c00 = @VECTOR@.fromArray(P, out, o0);
        @VECTOR@ c01 = @VECTOR@.fromArray(P, out, o0 + L);
        @VECTOR@ c02 = @VECTOR@.fromArray(P, out, o0 + 2 * L);
        @VECTOR@ c10 = @VECTOR@.fromArray(P, out, o1);
        @VECTOR@ c11 = @VECTOR@.fromArray(P, out, o1 + L);
        @VECTOR@ c12 = @VECTOR@.fromArray(P, out, o1 + 2 * L);
        @VECTOR@ c20 = @VECTOR@.fromArray(P, out, o2);
        @VECTOR@ c21 = @VECTOR@.fromArray(P, out, o2 + L);
        @VECTOR@ c22 = @VECTOR@.fromArray(P, out, o2 + 2 * L);
        @VECTOR@ c30 = @VECTOR@.fromArray(P, out, o3);
        @VECTOR@ c31 = @VECTOR@.fromArray(P, out, o3 + L);
        @VECTOR@ c32 = @VECTOR@.fromArray(P, out, o3 + 2 * L);
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += 3 * L) {
            @VECTOR@ b0 = @VECTOR@.fromArray(P, panel, rowB);
            @VECTOR@ b1 = @VECTOR@.fromArray(P, panel, rowB + L);
            @VECTOR@ b2 = @VECTOR@.fromArray(P, panel, rowB + 2 * L);
            int q = p * cs;
            @VECTOR@ x = @VECTOR@.broadcast(P, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = @VECTOR@.broadcast(P, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = @VECTOR@.broadcast(P, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = @VECTOR@.broadcast(P, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
    }

    private static void tile4x2(@ELEMENT@[] a, int aOffset, int rs, int cs, @ELEMENT@[] panel, @ELEMENT@[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        @VECTOR@ c00 = @VECTOR@.fromArray(P, out, o0);
        @VECTOR@ c01 = @VECTOR@.fromArray(P, out, o0 + L);
        @VECTOR@ c10 = @VECTOR@.fromArray(P, out, o1);
        @VECTOR@ c11 = @VECTOR@.fromArray(P, out, o1 + L);
        @VECTOR@ c20 = @VECTOR@.fromArray(P, out, o2);
        @VECTOR@ c21 = @VECTOR@.fromArray(P, out, o2 + L);
        @VECTOR@ c30 = @VECTOR@.fromArray(P, out, o3);
        @VECTOR@ c31 = @VECTOR@.fromArray(P, out, o3 + L);
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += 2 * L) {
            @VECTOR@ b0 = @VECTOR@.fromArray(P, panel, rowB);
            @VECTOR@ b1 = @VECTOR@.fromArray(P, panel, rowB + L);
            int q = p * cs;
            @VECTOR@ x = @VECTOR@.broadcast(P, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = @VECTOR@.broadcast(P, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = @VECTOR@.broadcast(P, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = @VECTOR@.broadcast(P, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
    }

    /**
     * Four rows of one vector: the last columns of a width that is not a multiple of two vectors (256
     * = 21 x 12 + 4 at four lanes). Four independent sums instead of {@link #tile1}'s one, which waits
     * for each multiply-add to finish before the next.
     */
    private static void tile4x1(@ELEMENT@[] a, int aOffset, int rs, int cs, @ELEMENT@[] panel, @ELEMENT@[] out, int outOffset,
                                int i, int j, int from, int to, int n) {
        int o0 = outOffset + i * n + j;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        @VECTOR@ c0 = @VECTOR@.fromArray(P, out, o0);
        @VECTOR@ c1 = @VECTOR@.fromArray(P, out, o1);
        @VECTOR@ c2 = @VECTOR@.fromArray(P, out, o2);
        @VECTOR@ c3 = @VECTOR@.fromArray(P, out, o3);
        int a0 = aOffset + i * rs;
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        for (int p = from, rowB = 0; p < to; p++, rowB += L) {
            @VECTOR@ b0 = @VECTOR@.fromArray(P, panel, rowB);
            int q = p * cs;
            c0 = b0.fma(@VECTOR@.broadcast(P, a[a0 + q]), c0);
            c1 = b0.fma(@VECTOR@.broadcast(P, a[a1 + q]), c1);
            c2 = b0.fma(@VECTOR@.broadcast(P, a[a2 + q]), c2);
            c3 = b0.fma(@VECTOR@.broadcast(P, a[a3 + q]), c3);
        }
        c0.intoArray(out, o0);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
    }

    /** One row of one vector, at {@code offset} within panel rows of {@code width}. */
    private static void tile1(@ELEMENT@[] a, int aOffset, int rs, int cs, @ELEMENT@[] panel, int width, int offset,
                              @ELEMENT@[] out, int outOffset, int i, int j, int from, int to, int n) {
        int o = outOffset + i * n + j;
        @VECTOR@ c = @VECTOR@.fromArray(P, out, o);
        int rowA = aOffset + i * rs;
        for (int p = from, rowB = offset; p < to; p++, rowB += width) {
            c = @VECTOR@.fromArray(P, panel, rowB).fma(@VECTOR@.broadcast(P, a[rowA + p * cs]), c);
        }
        c.intoArray(out, o);
    }

    /**
     * {@link Relu#backward}'s whole vectors: {@code g = 0 + blend(0, g, z > 0)}, lane by lane.
     *
     * @return the first index left to the caller's scalar loop
     */
    static int reluBackward(@ELEMENT@[] g, @ELEMENT@[] z, int length) {
        @VECTOR@ zero = @VECTOR@.zero(P);
        int upper = P.loopBound(length);
        for (int i = 0; i < upper; i += L) {
            VectorMask<@BOXED@> positive = @VECTOR@.fromArray(P, z, i).compare(VectorOperators.GT, @ZERO@);
            zero.blend(@VECTOR@.fromArray(P, g, i), positive).add(zero).intoArray(g, i);
        }
        return upper;
    }
}
