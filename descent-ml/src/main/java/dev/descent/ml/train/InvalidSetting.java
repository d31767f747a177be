package dev.descent.ml.train;

/**
 * A training setting that does not fit the data or the other settings. {@link #setting()} names it
 * ({@code "model"}, {@code "batchSize"}, {@code "split"}, {@code "epochs"}, {@code "earlyStopping"},
 * {@code "accumulate"}, {@code "swaStart"}, {@code "noDecayBias"}, {@code "schedule"},
 * {@code "clipping"}, {@code "timeLimit"}, {@code "checkpointEvery"}, and an engine's own, such as
 * {@code "master"}), so a command line can name its own flag.
 */
public final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The name of the setting that does not fit. */
    private final String setting;

    /**
     * @param setting the setting's name
     * @param message what is wrong with it, and what would do
     */
    public InvalidSetting(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting's name. */
    public String setting() {
        return setting;
    }
}
