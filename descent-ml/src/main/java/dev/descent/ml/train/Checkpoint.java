package dev.descent.ml.train;

import dev.descent.io.AtomicFile;
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
 * Everything needed to continue a training run bit for bit: the model's description, the seed and
 * batch size (the data order of every epoch derives from them), the epoch reached, the parameters,
 * the optimizer state, the schedule's observed state, the early-stopping bookkeeping and the
 * history. One file, written atomically, ending in a CRC-32 of its content; a truncated or altered
 * file is refused, never half-loaded.
 *
 * @param model the model's description, checked on resume
 * @param optimizer the optimizer's name, checked on resume
 * @param seed the training seed
 * @param batchSize the batch size (0 for full batches)
 * @param epoch the last completed epoch
 * @param parameters the parameters after that epoch
 * @param optimizerState the optimizer state as written by {@code OptimizerState.writeTo}
 * @param scheduleState the schedule's observed state (empty for schedules of the step alone)
 * @param bestParameters the best validation epoch's parameters
 * @param bestLoss the best validation loss
 * @param bestEpoch the best validation epoch
 * @param badEpochs epochs since the best
 * @param history the records so far
 */
record Checkpoint(String model, String optimizer, long seed, int batchSize, int epoch, double[] parameters,
                  byte[] optimizerState, byte[] scheduleState, double[] bestParameters, double bestLoss, int bestEpoch,
                  int badEpochs, List<EpochRecord> history) {

    private static final int MAGIC = 0x4453434B; // "DSCK"
    private static final int VERSION = 1;

    void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(model);
            out.writeUTF(optimizer);
            out.writeLong(seed);
            out.writeInt(batchSize);
            out.writeInt(epoch);
            writeArray(out, parameters);
            writeBytes(out, optimizerState);
            writeBytes(out, scheduleState);
            writeArray(out, bestParameters);
            out.writeLong(Double.doubleToRawLongBits(bestLoss));
            out.writeInt(bestEpoch);
            out.writeInt(badEpochs);
            out.writeInt(history.size());
            for (EpochRecord record : history) {
                out.writeInt(record.epoch());
                writeMetrics(out, record.train());
                writeMetrics(out, record.validation());
                out.writeLong(Double.doubleToRawLongBits(record.learningRate()));
                out.writeLong(record.updates());
                out.writeLong(Double.doubleToRawLongBits(record.elapsedMillis()));
            }
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
            if (version != VERSION) {
                throw new DataException(file + ": checkpoint version " + version + ", this build reads " + VERSION);
            }
            String model = in.readUTF();
            String optimizer = in.readUTF();
            long seed = in.readLong();
            int batchSize = in.readInt();
            int epoch = in.readInt();
            double[] parameters = readArray(in);
            byte[] optimizerState = readBytes(in);
            byte[] scheduleState = readBytes(in);
            double[] bestParameters = readArray(in);
            double bestLoss = Double.longBitsToDouble(in.readLong());
            int bestEpoch = in.readInt();
            int badEpochs = in.readInt();
            int records = in.readInt();
            List<EpochRecord> history = new ArrayList<>();
            for (int k = 0; k < records; k++) {
                history.add(new EpochRecord(in.readInt(), readMetrics(in), readMetrics(in),
                        Double.longBitsToDouble(in.readLong()), in.readLong(), Double.longBitsToDouble(in.readLong())));
            }
            return new Checkpoint(model, optimizer, seed, batchSize, epoch, parameters, optimizerState, scheduleState,
                    bestParameters, bestLoss, bestEpoch, badEpochs, history);
        } catch (EOFException e) {
            throw new DataException(file + ": the checkpoint ends early; refusing to load it");
        }
    }

    private static void writeMetrics(DataOutputStream out, Metrics m) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(m.loss()));
        out.writeLong(Double.doubleToRawLongBits(m.accuracy()));
        out.writeLong(Double.doubleToRawLongBits(m.rmse()));
        out.writeLong(Double.doubleToRawLongBits(m.r2()));
    }

    private static Metrics readMetrics(DataInputStream in) throws IOException {
        return new Metrics(Double.longBitsToDouble(in.readLong()), Double.longBitsToDouble(in.readLong()),
                Double.longBitsToDouble(in.readLong()), Double.longBitsToDouble(in.readLong()));
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 500_000_000) {
            throw new IOException("corrupt array length " + length);
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 2_000_000_000) {
            throw new IOException("corrupt byte count " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
