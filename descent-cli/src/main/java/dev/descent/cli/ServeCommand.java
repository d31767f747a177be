package dev.descent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent serve}: the explorer, a page that animates real runs of the library on any formula. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the explorer: type a formula, click starts, race optimizers and watch every step, the "
                + "three learning-rate regimes and local against global minima, live in the browser.",
            "Every number comes from the library, with the iterates of descent minimize --trace at the same settings; "
                + "the page only draws. Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "The address to bind: "
            + "this machine only unless told otherwise, 0.0.0.0 opens it to the network (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--open", description = "Open the page in the desktop's browser.")
    boolean open;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UsageError("--port must be in [0, 65535]: " + port);
        }
        Explorer explorer;
        try {
            explorer = Explorer.start(host, port);
        } catch (BindException e) {
            if (e.getMessage() != null && e.getMessage().contains("in use")) {
                throw new UsageError("--port " + port + ": cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "): another program holds it; choose another --port, or 0 for any free one");
            }
            throw new UsageError("--host " + host + ": cannot listen there (" + e.getMessage() + "): give an address of "
                    + "this machine, such as 127.0.0.1");
        } catch (java.net.SocketException | IllegalArgumentException e) {
            throw new UsageError("--host " + host + ": cannot listen there (" + e.getMessage() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        URI address = explorer.address();
        out.println("descent explorer: " + address);
        out.println("serving until Ctrl-C");
        out.flush();
        if (open) {
            browse(address);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Opens the page in the desktop's browser, or says how when there is none. */
    private void browse(URI address) {
        try {
            if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(address);
                return;
            }
            new ProcessBuilder("xdg-open", address.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | UnsupportedOperationException e) {
            Messages.error(spec.commandLine(), "warning: --open: no browser to open here; open " + address + " yourself");
        }
    }
}
