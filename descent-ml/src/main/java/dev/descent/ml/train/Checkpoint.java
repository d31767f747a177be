package dev.descent.ml.train;

import dev.descent.RunSnapshot;
import dev.descent.average.AveragedPoint;
import dev.descent.average.WeightAveraging;
import dev.descent.ml.model.Model;
import dev.descent.optim.Optimizer;
import dev.descent.io.AtomicFile;
import dev.descent.io.BinaryFormat;
import dev.descent.ml.data.DataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Everything needed to continue a training run bit for bit: the model's spec, the optimizer's
 * name, the seed and batch size (the data order of every epoch derives from them), the loop's
 * {@link RunSnapshot} (point, optimizer and schedule states, counters, the best point), the epoch
 * whose parameters are the best so far, the history, and the weight average when the run keeps one
 * (its rule's description and its {@link dev.descent.average.AveragedPoint#writeTo} bytes). One file,
 * written atomically, ending in a CRC-32 of its content; a truncated or altered file is refused, never
 * half-loaded, and so is a file of another format version, with a message naming it. Format 3 adds the
 * average; format 2 (before it) is still read, as a run without one.
 *
 * @param model the model's spec as text, checked on resume
 * @param optimizer the optimizer's name, checked on resume
 * @param seed the training seed
 * @param batchSize the batch size (0 for full batches)
 * @param bestEpoch the epoch of the best watched value
 * @param snapshot the loop's state at the end of the last completed epoch
 * @param history the records so far
 * @param averaging the weight averaging's {@link dev.descent.average.WeightAveraging#describe()}, empty without one
 * @param average the average's bytes, empty without one
 */
record Checkpoint(String model, String optimizer, long seed, int batchSize, int bestEpoch, RunSnapshot snapshot,
                  List<EpochRecord> history, String averaging, byte[] average) {

    private static final int MAGIC = 0x4453434B; // "DSCK"
    /** 2 since the one training loop (version 1 held the trainer's own bookkeeping), 3 since weight averaging. */
    static final int VERSION = 3;
    /** The oldest version this build reads: 2 (without an average). */
    static final int OLDEST_READ = 2;

    /** A checkpoint of a run without weight averaging. */
    Checkpoint(String model, String optimizer, long seed, int batchSize, int bestEpoch, RunSnapshot snapshot,
               List<EpochRecord> history) {
        this(model, optimizer, seed, batchSize, bestEpoch, snapshot, history, "", new byte[0]);
    }

    /**
     * The checkpoint in {@code file}, refused unless a run of {@code model} with {@code optimizer} by
     * {@code plan} (its seed, batch size and averaging) wrote it.
     */
    static Checkpoint readFor(Path file, Model model, Optimizer optimizer, TrainingPlan plan) throws IOException {
        Checkpoint saved = read(file);
        if (!saved.model().equals(model.describe())) {
            throw new DataException(file + ": the checkpoint holds a " + saved.model() + " model, not " + model.describe());
        }
        if (!saved.optimizer().equals(optimizer.name())) {
            throw new DataException(file + ": the checkpoint was trained with " + saved.optimizer() + ", not "
                    + optimizer.name());
        }
        if (saved.seed() != plan.seed() || saved.batchSize() != plan.batchSize()) {
            throw new DataException(file + ": the checkpoint was made with seed " + saved.seed() + " and batch size "
                    + saved.batchSize() + "; resuming needs the same (got " + plan.seed() + " and " + plan.batchSize()
                    + ")");
        }
        if (saved.snapshot().point().length != model.parameterCount()) {
            throw new DataException(file + ": the checkpoint has " + saved.snapshot().point().length
                    + " parameters, the model " + model.parameterCount());
        }
        String averaging = plan.averaging() == null ? "" : plan.averaging().describe();
        if (!saved.averaging().equals(averaging)) {
            throw new DataException(file + ": the checkpoint was made " + (saved.averaging().isEmpty() ? "without weight averaging"
                    : "averaging the weights (" + saved.averaging() + ")") + "; resuming needs the same (got "
                    + (averaging.isEmpty() ? "no averaging" : averaging) + ")");
        }
        return saved;
    }

    /**
     * The average this checkpoint holds, restored for a run averaging by {@code averaging} (which
     * {@link #readFor} made sure is the one that wrote it) over {@code dimension} parameters; null
     * without averaging.
     */
    AveragedPoint average(WeightAveraging averaging, int dimension) {
        if (averaging == null) {
            return null;
        }
        try {
            AveragedPoint restored = averaging.restore(new DataInputStream(new ByteArrayInputStream(average)));
            if (restored.dimension() != dimension) {
                throw new IOException("an average of " + restored.dimension() + " parameters");
            }
            return restored;
        } catch (IOException e) {
            throw new DataException("the checkpoint's weight average does not fit: " + e.getMessage());
        }
    }

    /** The bytes of {@code average} for a checkpoint, empty without one (null). */
    static byte[] bytesOf(AveragedPoint average) throws IOException {
        if (average == null) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            average.writeTo(out);
        }
        return bytes.toByteArray();
    }

    /** The epoch the checkpoint was written after. */
    int epoch() {
        return (int) snapshot.epochs();
    }

    void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            BinaryFormat.writeHeader(out, MAGIC, VERSION);
            out.writeUTF(model);
            out.writeUTF(optimizer);
            out.writeLong(seed);
            out.writeInt(batchSize);
            out.writeInt(bestEpoch);
            snapshot.write(out);
            out.writeInt(history.size());
            for (EpochRecord record : history) {
                out.writeInt(record.epoch());
                writeMetrics(out, record.train());
                writeMetrics(out, record.validation());
                BinaryFormat.writeDouble(out, record.learningRate());
                out.writeLong(record.updates());
                BinaryFormat.writeDouble(out, record.elapsedMillis());
            }
            out.writeUTF(averaging);
            BinaryFormat.writeBytes(out, average);
        }
        byte[] content = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(content);
        AtomicFile.write(file, stream -> {
            stream.write(content);
            new DataOutputStream(stream).writeLong(crc.getValue());
        });
    }

    static Checkpoint read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such checkpoint");
        }
        if (all.length < 16) {
            throw new DataException(file + ": not a descent checkpoint (too short: " + all.length + " bytes)");
        }
        int contentLength = all.length - 8;
        CRC32 crc = new CRC32();
        crc.update(all, 0, contentLength);
        long stored = new DataInputStream(new ByteArrayInputStream(all, contentLength, 8)).readLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, contentLength));
        if (in.readInt() != MAGIC) {
            throw new DataException(file + ": not a descent checkpoint (bad magic number)");
        }
        if (stored != crc.getValue()) {
            throw new DataException(file + ": the checkpoint is corrupted or truncated (checksum mismatch); refusing to load it");
        }
        try {
            int version = in.readInt();
            if (version < OLDEST_READ || version > VERSION) {
                throw new DataException(file + ": checkpoint format version " + version + (version < VERSION
                        ? " was written by an earlier descent; this build reads versions " + OLDEST_READ + " to " + VERSION
                                + ": train again from the start, or finish the run with the build that wrote it"
                        : "; this build reads versions " + OLDEST_READ + " to " + VERSION + ": use a newer descent"));
            }
            String model = in.readUTF();
            String optimizer = in.readUTF();
            long seed = in.readLong();
            int batchSize = in.readInt();
            int bestEpoch = in.readInt();
            RunSnapshot snapshot = RunSnapshot.read(in);
            int records = in.readInt();
            List<EpochRecord> history = new ArrayList<>();
            for (int k = 0; k < records; k++) {
                history.add(new EpochRecord(in.readInt(), readMetrics(in), readMetrics(in), BinaryFormat.readDouble(in),
                        in.readLong(), BinaryFormat.readDouble(in)));
            }
            if (version == 2) {
                return new Checkpoint(model, optimizer, seed, batchSize, bestEpoch, snapshot, history);
            }
            String averaging = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > contentLength) {
                throw new DataException(file + ": corrupt checkpoint: an average of " + length + " bytes");
            }
            byte[] average = new byte[length];
            in.readFully(average);
            return new Checkpoint(model, optimizer, seed, batchSize, bestEpoch, snapshot, history, averaging, average);
        } catch (EOFException e) {
            throw new DataException(file + ": the checkpoint ends early; refusing to load it");
        }
    }

    private static void writeMetrics(DataOutputStream out, Metrics m) throws IOException {
        BinaryFormat.writeDouble(out, m.loss());
        BinaryFormat.writeDouble(out, m.accuracy());
        BinaryFormat.writeDouble(out, m.rmse());
        BinaryFormat.writeDouble(out, m.r2());
    }

    private static Metrics readMetrics(DataInputStream in) throws IOException {
        return new Metrics(BinaryFormat.readDouble(in), BinaryFormat.readDouble(in), BinaryFormat.readDouble(in),
                BinaryFormat.readDouble(in));
    }
}
