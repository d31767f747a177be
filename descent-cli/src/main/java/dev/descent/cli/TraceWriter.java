package dev.descent.cli;

import dev.descent.Listener;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.io.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams the trace CSV ({@code iter,f,grad_norm,step,lr,<variables>}, with {@code momentum} after
 * {@code lr} when the schedule cycles the momentum) into an {@link AtomicFile}
 * as the run goes and commits it when the run ends; a run that fails leaves no partial file.
 * Numbers are written with {@link Double#toString}, which reads back to the same bits.
 */
final class TraceWriter implements Listener, AutoCloseable {
    private final AtomicFile file;
    private final BufferedWriter writer;
    private final StringBuilder line = new StringBuilder(256);
    private final boolean momentum;

    TraceWriter(Path target, List<String> variables, boolean momentum) throws IOException {
        this.file = AtomicFile.create(target);
        this.writer = new BufferedWriter(new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8));
        this.momentum = momentum;
        writer.write(momentum ? "iter,f,grad_norm,step,lr,momentum" : "iter,f,grad_norm,step,lr");
        for (String variable : variables) {
            writer.write(',');
            writer.write(variable);
        }
        writer.write('\n');
    }

    @Override
    public void onStep(Progress progress) {
        line.setLength(0);
        line.append(progress.iteration()).append(',').append(progress.value()).append(',')
                .append(progress.gradientNorm()).append(',').append(progress.stepLength()).append(',')
                .append(progress.learningRate());
        if (momentum) {
            line.append(',').append(progress.momentum());
        }
        for (double coordinate : progress.point()) {
            line.append(',').append(coordinate);
        }
        try {
            writer.append(line).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace " + file.target(), e);
        }
    }

    @Override
    public void onEnd(Result result) {
        try {
            writer.flush();
            file.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace " + file.target(), e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
