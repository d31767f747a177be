package dev.descent.optim;

import dev.descent.Objective;
import dev.descent.io.BinaryFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One update rule with per-group hyper-parameters, PyTorch's {@code param_groups}: the parameters
 * listed in a group are updated by that group's rule (the same algorithm with its own learning rate,
 * weight decay, betas, ...), every other parameter by the default rule. The common case leaves the
 * biases out of weight decay:
 *
 * <pre>
 * ParameterGroups.of(new AdamW(1e-3)).group(biasIndices, new AdamW(1e-3).withWeightDecay(0))
 * </pre>
 *
 * <p>Each group keeps its own state, as torch keeps one per parameter, and takes every step with
 * the others. A schedule shapes every group's rate by the same factor: a group of rate
 * {@code lr_g} takes {@code lr_g * (lr_t / lr)} where {@code lr_t} is the scheduled rate of the
 * default rule's {@code lr}. Torch's schedulers compute each group's rate from that group's own initial
 * rate; for the schedules proportional to their base rate (step, multi-step, exponential, polynomial,
 * one-cycle, cosine annealing with minimum 0, warm-up) that is the same rate to rounding, while an
 * absolute floor or base (cosine's minimum, cyclic's base rate, plateau's minimum) applies here to the
 * default rule's rate only. A momentum-cycling schedule sets every group's momentum alike, as torch's
 * does with its defaults.
 *
 * <p>Every group's rule must be the same first-order algorithm as the default one, with the same
 * direction (minimize or maximize) and the same precision ({@link #inFloat32()} makes every rule
 * float32).
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each variable's step {@code d_i}
 * ({@link State#proximalSteps}) is the one its group's rule took along it, as that rule's Javadoc gives
 * it (with the group's rate); a rule that steps by sign makes the groups step by sign.
 */
public final class ParameterGroups implements Optimizer {
    private final Optimizer defaults;
    private final List<Group> groups;

    /**
     * The parameters {@code indices} and the rule that updates them.
     *
     * @param indices distinct parameter indices, each in at most one group; a private copy
     * @param rule the group's rule
     */
    public record Group(int[] indices, Optimizer rule) {
        /** Copies and checks the indices. */
        public Group {
            Objects.requireNonNull(rule, "rule");
            indices = indices.clone();
            BitSet seen = new BitSet();
            for (int index : indices) {
                if (index < 0) {
                    throw new IllegalArgumentException("parameter indices must be at least 0: " + index);
                }
                if (seen.get(index)) {
                    throw new IllegalArgumentException("parameter " + index + " is listed twice in a group");
                }
                seen.set(index);
            }
        }

        /** The indices, a copy. */
        @Override
        public int[] indices() {
            return indices.clone();
        }
    }

    private ParameterGroups(Optimizer defaults, List<Group> groups) {
        this.defaults = defaults;
        this.groups = List.copyOf(groups);
    }

    /**
     * Every parameter updated by {@code defaults}, until {@link #group} assigns some to another rule.
     *
     * @param defaults a first-order rule
     */
    public static ParameterGroups of(Optimizer defaults) {
        Objects.requireNonNull(defaults, "defaults");
        if (defaults instanceof ParameterGroups) {
            throw new IllegalArgumentException("parameter groups do not nest");
        }
        if (defaults.needsFullBatch() || defaults.searchesLine() || !defaults.followsSchedule()) {
            throw new IllegalArgumentException(defaults.name() + " cannot take parameter groups: its steps need the "
                    + "whole point (a line search)");
        }
        return new ParameterGroups(defaults, List.of());
    }

    /**
     * @return a copy in which {@code rule} updates the parameters {@code indices}
     * @param indices distinct parameter indices not in another group
     * @param rule the same algorithm as the default rule, with its own hyper-parameters
     */
    public ParameterGroups group(int[] indices, Optimizer rule) {
        Group group = new Group(indices, rule);
        if (!rule.name().equals(defaults.name()) || rule instanceof ParameterGroups) {
            throw new IllegalArgumentException("a group's rule must be " + defaults.name() + ", as the default rule: "
                    + rule.name());
        }
        if (rule.needsFullBatch() || rule.searchesLine() || !rule.followsSchedule()) {
            // gradient descent is one name for a fixed step and a line search
            throw new IllegalArgumentException(rule.describe() + " cannot be a group's rule: its steps need the whole "
                    + "point (a line search)");
        }
        if (rule.maximizes() != defaults.maximizes()) {
            throw new IllegalArgumentException("every group must " + (defaults.maximizes() ? "maximize" : "minimize")
                    + ", as the default rule");
        }
        if (rule.float32() != defaults.float32()) {
            // float32 groups are handed float[] values, which a float64 group's state cannot step
            throw new IllegalArgumentException("every group's rule must be in " + (defaults.float32() ? "float32" : "float64")
                    + ", as the default rule (Optimizer.inFloat32)");
        }
        BitSet taken = new BitSet();
        for (Group other : groups) {
            for (int index : other.indices) {
                taken.set(index);
            }
        }
        for (int index : group.indices) {
            if (taken.get(index)) {
                throw new IllegalArgumentException("parameter " + index + " is already in another group");
            }
        }
        List<Group> all = new ArrayList<>(groups);
        all.add(group);
        return new ParameterGroups(defaults, all);
    }

    /** The rule of the parameters in no group. */
    public Optimizer defaults() {
        return defaults;
    }

    /** The groups, in the order they were added. */
    public List<Group> groups() {
        return groups;
    }

    @Override
    public String name() {
        return defaults.name();
    }

    @Override
    public String describe() {
        return defaults.describe() + " (" + (groups.size() + 1) + " parameter groups)";
    }

    @Override
    public double learningRate() {
        return defaults.learningRate();
    }

    @Override
    public boolean maximizes() {
        return defaults.maximizes();
    }

    @Override
    public double momentum() {
        return defaults.momentum();
    }

    /**
     * The groups with every rule in its float32 form, when each rule has one: float32 parameters
     * and state, as torch.optim keeps for a float32 model's parameter groups.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        java.util.Optional<Optimizer> single = defaults.inFloat32();
        if (single.isEmpty()) {
            return single;
        }
        List<Group> all = new ArrayList<>();
        for (Group group : groups) {
            java.util.Optional<Optimizer> rule = group.rule.inFloat32();
            if (rule.isEmpty()) {
                return rule;
            }
            all.add(new Group(group.indices, rule.get()));
        }
        return java.util.Optional.of(new ParameterGroups(single.get(), all));
    }

    @Override
    public boolean float32() {
        return defaults.float32();
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    @Override
    public OptimizerState restore(DataInput in) throws IOException {
        StateHeader header = StateHeader.read(in, stateName());
        State state = init(header.dimension());
        state.readBuffers(header, in);
        return state;
    }

    private String stateName() {
        return "groups:" + defaults.name();
    }

    /**
     * One state per group (the default group first), each over its parameters gathered into its own
     * arrays; allocates nothing per step.
     */
    public static final class State implements OptimizerState {
        private final ParameterGroups rule;
        private final int dimension;
        private final int[][] indices;
        private final double[] rateFactors;
        private final OptimizerState[] states;
        private final double[][] points;
        private final double[][] gradients;
        private double lastRate = Double.NaN;

        State(ParameterGroups rule, int dimension) {
            if (dimension < 1) {
                throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
            }
            this.rule = rule;
            this.dimension = dimension;
            int count = rule.groups.size() + 1;
            indices = new int[count][];
            rateFactors = new double[count];
            states = new OptimizerState[count];
            BitSet grouped = new BitSet(dimension);
            for (int k = 1; k < count; k++) {
                Group group = rule.groups.get(k - 1);
                for (int index : group.indices) {
                    if (index >= dimension) {
                        throw new IllegalArgumentException("parameter group " + k + " lists parameter " + index
                                + ", past the problem's " + dimension);
                    }
                    grouped.set(index);
                }
                indices[k] = group.indices;
            }
            indices[0] = grouped.nextClearBit(0) >= dimension ? new int[0]
                    : java.util.stream.IntStream.range(0, dimension).filter(i -> !grouped.get(i)).toArray();
            points = new double[count][];
            gradients = new double[count][];
            for (int k = 0; k < count; k++) {
                Optimizer groupRule = k == 0 ? rule.defaults : rule.groups.get(k - 1).rule();
                rateFactors[k] = groupRule.learningRate() / rule.defaults.learningRate();
                // an empty group (every parameter listed elsewhere) keeps no state and takes no steps
                states[k] = indices[k].length == 0 ? null : groupRule.init(indices[k].length);
                points[k] = new double[indices[k].length];
                gradients[k] = new double[indices[k].length];
            }
        }

        @Override
        public Optimizer optimizer() {
            return rule;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public long steps() {
            for (OptimizerState state : states) {
                if (state != null) {
                    return state.steps();
                }
            }
            throw new AssertionError("some group holds a parameter");
        }

        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            update(x, gradient, learningRate);
            return objective.valueAndGradient(x, gradient);
        }

        @Override
        public void update(double[] parameters, double[] gradient, double learningRate) {
            if (parameters.length != dimension || gradient.length != dimension) {
                throw new IllegalArgumentException("expected " + dimension + " parameters and gradient entries, got "
                        + parameters.length + " and " + gradient.length);
            }
            for (int k = 0; k < states.length; k++) {
                if (states[k] == null) {
                    continue;
                }
                int[] at = indices[k];
                double[] p = points[k];
                double[] g = gradients[k];
                for (int i = 0; i < at.length; i++) {
                    p[i] = parameters[at[i]];
                    g[i] = gradient[at[i]];
                }
                states[k].update(p, g, rateFactors[k] * learningRate);
                for (int i = 0; i < at.length; i++) {
                    parameters[at[i]] = p[i];
                }
            }
            lastRate = learningRate;
        }

        /** The float32 copies of each group's parameters and gradient, for float32 groups; made on first use. */
        private float[][] floatPoints;
        private float[][] floatGradients;

        @Override
        public void update(float[] parameters, float[] gradient, double learningRate) {
            if (!rule.float32()) {
                OptimizerState.super.update(parameters, gradient, learningRate); // throws: float64 groups
                return;
            }
            if (parameters.length != dimension || gradient.length != dimension) {
                throw new IllegalArgumentException("expected " + dimension + " parameters and gradient entries, got "
                        + parameters.length + " and " + gradient.length);
            }
            if (floatPoints == null) {
                floatPoints = new float[states.length][];
                floatGradients = new float[states.length][];
                for (int k = 0; k < states.length; k++) {
                    floatPoints[k] = new float[indices[k].length];
                    floatGradients[k] = new float[indices[k].length];
                }
            }
            for (int k = 0; k < states.length; k++) {
                if (states[k] == null) {
                    continue;
                }
                int[] at = indices[k];
                float[] p = floatPoints[k];
                float[] g = floatGradients[k];
                for (int i = 0; i < at.length; i++) {
                    p[i] = parameters[at[i]];
                    g[i] = gradient[at[i]];
                }
                states[k].update(p, g, rateFactors[k] * learningRate);
                for (int i = 0; i < at.length; i++) {
                    parameters[at[i]] = p[i];
                }
            }
            lastRate = learningRate;
        }

        @Override
        public void setMomentum(double momentum) {
            for (OptimizerState state : states) {
                if (state != null) {
                    state.setMomentum(momentum);
                }
            }
        }

        /**
         * Each group's steps ({@link OptimizerState#proximalSteps} of its state) scattered to its
         * variables. The group's gathered point, free once the update has written it back, holds them on
         * the way, so nothing is allocated.
         */
        @Override
        public void proximalSteps(double[] out) {
            for (int k = 0; k < states.length; k++) {
                if (states[k] == null) {
                    continue;
                }
                int[] at = indices[k];
                double[] steps = points[k];
                states[k].proximalSteps(steps);
                for (int i = 0; i < at.length; i++) {
                    out[at[i]] = steps[i];
                }
            }
        }

        /** Whether the groups' rule steps by sign: every group's rule is the same algorithm. */
        @Override
        public boolean stepsBySign() {
            for (OptimizerState state : states) {
                if (state != null) {
                    return state.stepsBySign();
                }
            }
            return false;
        }

        /** The default group's rate of the last update. */
        @Override
        public double lastStepLength() {
            return lastRate;
        }

        /** The state of group {@code k} (0 for the default group, then the groups in order), or null when it is empty. */
        public OptimizerState group(int k) {
            return states[k];
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.stateName(), dimension, steps()).write(out);
            BinaryFormat.writeDouble(out, lastRate);
            out.writeInt(states.length);
            for (OptimizerState state : states) {
                out.writeBoolean(state != null);
                if (state != null) {
                    state.writeTo(out);
                }
            }
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            lastRate = BinaryFormat.readDouble(in);
            int count = in.readInt();
            if (count != states.length) {
                throw new IOException("the state has " + count + " parameter groups, this rule " + states.length);
            }
            for (int k = 0; k < count; k++) {
                boolean present = in.readBoolean();
                if (present != (states[k] != null)) {
                    throw new IOException("parameter group " + k + " of the state does not fit this rule's groups");
                }
                if (present) {
                    Optimizer groupRule = k == 0 ? rule.defaults : rule.groups.get(k - 1).rule();
                    states[k] = groupRule.restore(in);
                    if (states[k].dimension() != indices[k].length || states[k].steps() != header.steps()) {
                        throw new IOException("parameter group " + k + " of the state does not fit this rule's groups");
                    }
                }
            }
        }
    }
}
