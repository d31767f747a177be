package dev.descent.ml.model;

/**
 * Where an MLP's layers lie in its flat parameter vector, {@code [W_1, b_1, W_2, b_2, ...]} with
 * each {@code W_l} row-major {@code sizes[l-1] x sizes[l]}: computed once from the layer sizes, for
 * the model and both of its fused passes.
 */
final class MlpLayout {
    /** {@code inputs, hidden..., outputs}. */
    final int[] sizes;
    /** The number of weight layers, {@code sizes.length - 1}; layers are numbered 1 to {@code layers}. */
    final int layers;
    /** The offset of {@code W_l}, for {@code l = 1..layers} (index 0 unused). */
    final int[] weightOffset;
    /** The offset of {@code b_l}, for {@code l = 1..layers} (index 0 unused). */
    final int[] biasOffset;
    /** The length of the parameter vector. */
    final int parameters;
    /** The widest layer output, {@code max sizes[l]} for {@code l >= 1}: the width of a backward pass's buffers. */
    final int widest;
    /** The most weights of a layer above the first, the size of the buffer its transpose takes. */
    final int largestHiddenWeights;

    MlpLayout(int[] sizes) {
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.weightOffset = new int[layers + 1];
        this.biasOffset = new int[layers + 1];
        int offset = 0;
        int wide = 0;
        int largest = 0;
        for (int l = 1; l <= layers; l++) {
            weightOffset[l] = offset;
            offset += sizes[l - 1] * sizes[l];
            biasOffset[l] = offset;
            offset += sizes[l];
            wide = Math.max(wide, sizes[l]);
            if (l > 1) {
                largest = Math.max(largest, sizes[l - 1] * sizes[l]);
            }
        }
        this.parameters = offset;
        this.widest = wide;
        this.largestHiddenWeights = largest;
    }
}
