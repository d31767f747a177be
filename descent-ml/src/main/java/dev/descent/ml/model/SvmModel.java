package dev.descent.ml.model;

/**
 * A binary linear support vector machine: decision value {@code z = x . w + b}, the second class where
 * {@code z > 0}, trained on the mean hinge loss {@code (1/n) sum_i max(0, 1 - t_i z_i)} with
 * {@code t_i = +1} for the second class and {@code -1} for the first, plus the penalty (the L2 part is
 * the SVM's margin term: {@code l2 = 1 / (C n)} gives scikit-learn's {@code SVC(kernel='linear', C)}
 * and Spark MLlib's {@code LinearSVC} with {@code regParam = l2}). It has no probabilities: its
 * output is a decision value.
 *
 * <p>The hinge has a kink at the margin, where the optimum puts its support vectors, so no gradient
 * method reaches that optimum exactly. The trainer minimizes the loss smoothed over a margin width of
 * {@link #SMOOTHING} ({@link GeneralizedLinearLoss}), then solves the optimality conditions of the
 * exact loss on the rows found at the margin ({@link PiecewiseLinearSolve}): a linear system whose
 * solution is the exact optimum when its certificate holds.
 *
 * <p>Reference: Cortes &amp; Vapnik, "Support-vector networks", Machine Learning 20 (1995).
 */
public final class SvmModel extends AffineModel {
    /** The smoothing width of the margin the trainer starts from, in margin units. */
    public static final double SMOOTHING = 1e-1;

    private final double smoothing;

    /** @param inputs the number of features */
    public SvmModel(int inputs) {
        this(inputs, 0);
    }

    private SvmModel(int inputs, double smoothing) {
        super(inputs, 1);
        this.smoothing = smoothing;
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.svm();
    }

    @Override
    public Task task() {
        return Task.BINARY;
    }

    @Override
    public boolean probabilistic() {
        return false;
    }

    @Override
    GeneralizedLinearLoss.Kind kind() {
        return GeneralizedLinearLoss.Kind.hinge(smoothing);
    }

    @Override
    public Model smoothed(double scale) {
        return new SvmModel(inputs(), SMOOTHING);
    }

    @Override
    public PiecewiseLinearSolve.Kind piecewiseKind() {
        return smoothing == 0 ? PiecewiseLinearSolve.Kind.HINGE : null;
    }
}
