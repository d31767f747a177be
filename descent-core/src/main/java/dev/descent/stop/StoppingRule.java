package dev.descent.stop;

import dev.descent.Progress;
import dev.descent.StopReason;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides after each iteration whether the run is over: a reason, or nothing. Rules compose with
 * {@link #or}. The loop adds its own checks for non-finite values and divergence; those need no
 * rule. Factories live in {@link StoppingRules}.
 */
@FunctionalInterface
public interface StoppingRule {

    /** A reason to stop now, or empty to go on. */
    Optional<StopReason> check(Progress progress);

    /** Stops when this rule or {@code other} does; this rule's reason wins a tie. */
    default StoppingRule or(StoppingRule other) {
        Objects.requireNonNull(other, "other");
        StoppingRule self = this;
        return progress -> {
            Optional<StopReason> reason = self.check(progress);
            return reason.isPresent() ? reason : other.check(progress);
        };
    }
}
