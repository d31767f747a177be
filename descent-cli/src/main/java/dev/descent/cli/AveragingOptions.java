package dev.descent.cli;

import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.average.WeightAveraging;
import picocli.CommandLine.Option;

/** {@code --ema} and {@code --swa-start}: the model saved and evaluated is an average of the weights. */
final class AveragingOptions {

    @Option(names = "--ema", paramLabel = "DECAY", description = "Evaluate and save the exponential moving average of the "
            + "weights, taken after every step as avg = DECAY * avg + (1 - DECAY) * w (the first step's weights copied), "
            + "as torch's AveragedModel; DECAY in (0, 1), such as 0.999.")
    Double ema;

    @Option(names = "--swa-start", paramLabel = "EPOCH", description = "Evaluate and save the stochastic weight average: "
            + "the mean of the weights at the end of epochs EPOCH, EPOCH + 1, ... (counted from 1), as torch's "
            + "AveragedModel; EPOCH in [1, --epochs]. Excludes --ema.")
    Integer swaStart;

    /** The averaging asked for, or null; refuses both at once and values out of range, naming the option. */
    WeightAveraging averaging(int epochs) {
        if (ema != null && swaStart != null) {
            throw new UsageError("--ema and --swa-start exclude each other: give one");
        }
        if (ema != null) {
            if (!(ema > 0 && ema < 1)) {
                throw new UsageError("--ema must be in (0, 1): " + ema);
            }
            return new ExponentialMovingAverage(ema);
        }
        if (swaStart != null) {
            if (swaStart < 1 || swaStart > epochs) {
                throw new UsageError("--swa-start must be in [1, " + epochs + "] (1 to --epochs): " + swaStart);
            }
            return new StochasticWeightAveraging(swaStart);
        }
        return null;
    }
}
