package dev.descent.cli;

import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.TrainingListener;
import dev.descent.ml.train.TrainingResult;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar over all the run's mini-batches, showing the epoch, loss, metric and rate. */
final class ProgressListener implements TrainingListener {
    private ProgressBar bar;
    private int epochs;
    private String lastEpoch = "";

    @Override
    public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        bar = new ProgressBarBuilder().setTaskName("training").setInitialMax((long) (epochs - firstEpoch + 1) * batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1).showSpeed().setUpdateIntervalMillis(200)
                .continuousUpdate().build();
    }

    @Override
    public void onBatch(int epoch, int batch, double loss) {
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d/%d batch loss %.4g%s", epoch, epochs, loss, lastEpoch));
    }

    @Override
    public void onEpoch(EpochRecord record) {
        double metric = Double.isNaN(record.validation().accuracy()) ? record.validation().rmse() : record.validation().accuracy();
        String name = Double.isNaN(record.validation().accuracy()) ? "val rmse" : "val acc";
        lastEpoch = Double.isNaN(metric) ? "" : String.format(Locale.ROOT, " | %s %.4g", name, metric);
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (bar != null) {
            bar.close();
        }
    }
}
