package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.expression.Expression;
import dev.descent.expression.ExpressionException;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.multistart.BasinMap;
import dev.descent.multistart.MultiStart;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.plot.ContourPlot;
import dev.descent.plot.Pictures;
import dev.descent.plot.Range;
import dev.descent.rangetest.LearningRateRegimes;
import dev.descent.spec.Key;
import dev.descent.spec.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The explorer's web server ({@code descent serve}): the page and its scripts from the jar's
 * resources, and a small JSON API whose numbers all come from the library, read from the same
 * settings as {@code descent minimize} ({@link ExplorerRequest}):
 *
 * <ul>
 *   <li>{@code GET /api/functions}: the built-in functions of two variables;
 *   <li>{@code GET /api/optimizers}: every optimizer with its keys, their types, ranges and
 *       defaults, the library's table ({@link Optimizers}), which the page's settings are made of;
 *   <li>{@code GET /api/parse?expr=}: the formula's variables, or the error and its column;
 *   <li>{@code GET /api/surface?expr=|function=&range=&width=&height=}: the filled contours as a PNG
 *       (the pictures' own, {@link ContourPlot#shading}), the range, the scale, the known minima;
 *   <li>{@code GET /api/run?...&start=a,b&optimizer=...}: one run, streamed as it goes as
 *       newline-delimited JSON, a line per step ({@code i, x, f, g, step, lr}, the columns of the
 *       trace CSV) and a last line with the stop reason; the run ends when the page stops reading;
 *   <li>{@code GET /api/rates?...&start=a,b&optimizer=...}: the step-size lesson of the optimizer
 *       (gradient descent when none is given): too small, too large and good learning rates, each
 *       with what its run did, found by running it as {@code plot --compare-lr} does, and the budget
 *       of the panels' runs;
 *   <li>{@code GET /api/basins?...&starts=K&seed=S&grid=N}: K seeded starts, their paths, the minima
 *       they reached, each labelled local or global by its value, and the basin of each on an N x N
 *       grid (the method run from every cell, {@link BasinMap}).
 * </ul>
 *
 * <p>Safe by default: it binds to the address it is given (127.0.0.1 unless told otherwise), answers
 * only requests addressed to it (see {@link #refusal}), serves only its own resources (no path reaches the file system), limits the formula's length, the steps
 * of a run, the starts and the runs at once, and answers a bad request with a 4xx and a one-line
 * message, never a stack trace. The JDK's own server ({@code com.sun.net.httpserver}, a supported
 * API) serves this well: GET requests, a few static files and streamed responses for one user on
 * one machine, with nothing added to the jar.
 */
final class Explorer implements AutoCloseable {
    /** The longest formula taken. */
    static final int MAX_EXPRESSION = 400;
    /** The most steps a run takes. */
    static final long MAX_STEPS = 20_000;
    /** The most seeded starts of a basins request. */
    static final int MAX_STARTS = 400;
    /** The most runs at once, over all pages. */
    static final int MAX_RUNS = 32;
    /** The most cells per side of a basins map (its runs: the square of it). */
    static final int MAX_GRID = 48;
    /** The largest picture side in pixels. */
    static final int MAX_PIXELS = 1600;
    /** The static files served, by path. */
    private static final Map<String, String> STATIC = Map.of("/", "index.html", "/index.html", "index.html",
            "/explorer.js", "explorer.js", "/explorer.css", "explorer.css");
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    /** A dotted IPv4 literal, such as {@code 127.0.0.1}. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** The inside of a bracketed IPv6 literal, such as {@code ::1} (a zone, {@code %eth0}, is not taken). */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    /** The longest Host quoted back in a refusal. */
    private static final int MAX_QUOTED_HOST = 80;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Semaphore runs = new Semaphore(MAX_RUNS);
    /** The name the server was started with ({@code --host}), lower case. */
    private final String givenName;

    private Explorer(HttpServer server, ExecutorService threads, String givenName) {
        this.server = server;
        this.threads = threads;
        this.givenName = givenName.toLowerCase(Locale.ROOT);
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free one).
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    static Explorer start(String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "descent-explorer");
            thread.setDaemon(true);
            return thread;
        });
        Explorer explorer = new Explorer(server, threads, host);
        server.createContext("/", explorer::handle);
        server.setExecutor(threads);
        server.start();
        return explorer;
    }

    /** The address served, such as {@code http://127.0.0.1:8080/}. */
    URI address() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /**
     * Why this request is refused for the host it names, or null when it is addressed to this
     * explorer. A page on another site can reach a server on loopback through DNS rebinding: its
     * name is made to resolve to 127.0.0.1, and the browser, seeing the same origin, lets the page
     * read the answers. Such a request still names the other site in its {@code Host} header, so,
     * as Jupyter does, the explorer answers only a {@code Host} (and an absolute request URI's
     * authority) that is, with the port it serves on: the address it serves on, the name it was
     * started with, {@code localhost}, or a loopback address such as {@code 127.0.0.1} or
     * {@code [::1]}. Bound to every address ({@code 0.0.0.0}), it also answers any IP address with its
     * port, as it serves on all of them: a rebinding needs a name, and an address cannot be rebound.
     * A missing {@code Host} (HTTP/1.0) or several of them are refused too.
     */
    private String refusal(HttpExchange exchange) {
        List<String> hosts = exchange.getRequestHeaders().get("Host");
        if (hosts == null || hosts.isEmpty()) {
            return "the request names no host (no Host header): this explorer answers only requests addressed to it; "
                    + "open " + home();
        }
        if (hosts.size() > 1) {
            return "the request names " + hosts.size() + " hosts (Host headers): this explorer answers only a request "
                    + "addressed to it once; open " + home();
        }
        String authority = exchange.getRequestURI().getRawAuthority();
        for (String host : authority == null ? List.of(hosts.get(0)) : List.of(hosts.get(0), authority)) {
            if (!addressedHere(host.trim())) {
                String quoted = host.length() > MAX_QUOTED_HOST ? host.substring(0, MAX_QUOTED_HOST) + "..." : host;
                return "host '" + quoted + "' is not this explorer's address: it answers only its own address "
                        + "and localhost, so that no other web site can reach it; open " + home();
            }
        }
        return null;
    }

    /** Whether {@code host}, a Host header's {@code name[:port]}, names this explorer. */
    private boolean addressedHere(String host) {
        String text = host.toLowerCase(Locale.ROOT);
        String name;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return false;
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            if (!IPV6.matcher(name).matches()) {
                return false;
            }
        } else {
            int colon = text.lastIndexOf(':');
            name = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (name.isEmpty() || name.contains(":")) {
                return false;
            }
        }
        // no port is the scheme's default, 80 for http
        if (port == null ? server.getAddress().getPort() != 80 : !port.equals(String.valueOf(server.getAddress().getPort()))) {
            return false;
        }
        if (name.equals("localhost") || name.equals(givenName)) {
            return true;
        }
        InetAddress address = literal(name, text.startsWith("["));
        if (address == null) {
            return false;
        }
        InetAddress bound = server.getAddress().getAddress();
        return address.isLoopbackAddress() || address.equals(bound) || bound.isAnyLocalAddress();
    }

    /** The IP address written as {@code name}, or null when it is a name: parsed, never looked up. */
    private static InetAddress literal(String name, boolean bracketed) {
        try {
            if (bracketed) {
                // with a colon it is taken as an IPv6 literal, parsed without asking the name service
                return name.contains(":") ? InetAddress.getByName(name) : null;
            }
            if (!IPV4.matcher(name).matches()) {
                return null;
            }
            String[] parts = name.split("\\.");
            byte[] bytes = new byte[4];
            for (int k = 0; k < 4; k++) {
                int part = Integer.parseInt(parts[k]);
                // a leading zero reads as octal to some resolvers: such an address is not taken as ours
                if (part > 255 || (parts[k].length() > 1 && parts[k].startsWith("0"))) {
                    return null;
                }
                bytes[k] = (byte) part;
            }
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** The address to open, for a refusal: {@link #address()}, or loopback when bound to every address. */
    private String home() {
        InetSocketAddress bound = server.getAddress();
        return bound.getAddress().isAnyLocalAddress() ? "http://127.0.0.1:" + bound.getPort() + "/" : address().toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** A request the page got wrong: its status and a message for the page. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final int column;

        BadRequest(int status, String message) {
            this(status, message, 0);
        }

        BadRequest(int status, String message, int column) {
            super(message);
            this.status = status;
            this.column = column;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                String refusal = refusal(exchange);
                if (refusal != null) {
                    throw new BadRequest(403, refusal);
                }
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    throw new BadRequest(405, exchange.getRequestMethod() + " is not served: the explorer answers GET");
                }
                String path = exchange.getRequestURI().getRawPath();
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                switch (path) {
                    case "/api/functions" -> json(exchange, functions());
                    case "/api/optimizers" -> json(exchange, optimizers());
                    case "/api/parse" -> json(exchange, parse(query));
                    case "/api/surface" -> json(exchange, surface(query));
                    case "/api/rates" -> json(exchange, rates(query));
                    case "/api/basins" -> limited(() -> json(exchange, basins(query)));
                    case "/api/run" -> limited(() -> run(exchange, query));
                    default -> resource(exchange, path);
                }
            } catch (BadRequest e) {
                error(exchange, e.status, e.getMessage(), e.column);
            } catch (UsageError | dev.descent.ml.data.DataException e) {
                error(exchange, 400, e.getMessage(), 0);
            } catch (IllegalArgumentException e) {
                error(exchange, 400, e.getMessage(), 0);
            } catch (UncheckedIOException e) {
                // the page went away while its answer was being written: nothing left to tell it
            } catch (RuntimeException e) {
                error(exchange, 500, "the explorer failed on this request (" + e.getClass().getSimpleName() + ")", 0);
            }
        }
    }

    /** Runs {@code body} holding one of the {@link #MAX_RUNS} run slots, or refuses with 429. */
    private void limited(IoBody body) throws IOException {
        if (!runs.tryAcquire()) {
            throw new BadRequest(429, "too many runs at once (" + MAX_RUNS + "): reset some, or wait for them to end");
        }
        try {
            body.run();
        } finally {
            runs.release();
        }
    }

    @FunctionalInterface
    private interface IoBody {
        void run() throws IOException;
    }

    /** The query's parameters, decoded; a repeated one is refused. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (out.put(name, value) != null) {
                throw new BadRequest(400, "the setting '" + name + "' is given twice");
            }
        }
        return out;
    }

    /** The request's settings, with the formula checked first so that its error comes with its column. */
    private static ExplorerRequest request(Map<String, String> query, Set<String> ignored) {
        String expression = query.get("expr");
        if (expression != null) {
            parseTwoVariables(expression);
        } else if (query.get("function") == null) {
            throw new BadRequest(400, "give a formula (expr) or a built-in function (function)");
        }
        ExplorerRequest request = ExplorerRequest.of(query, ignored);
        if (request.problem().dimension() != 2) {
            throw new BadRequest(400, "the explorer draws functions of two variables; " + request.problem().description()
                    + " has " + request.problem().dimension());
        }
        return request;
    }

    /** Parses a formula of two variables, or refuses it with the column of the problem. */
    private static Expression parseTwoVariables(String text) {
        if (text.length() > MAX_EXPRESSION) {
            throw new BadRequest(413, "the formula has " + text.length() + " characters; the explorer takes at most "
                    + MAX_EXPRESSION, MAX_EXPRESSION + 1);
        }
        Expression expression;
        try {
            expression = Expression.parse(text);
        } catch (ExpressionException e) {
            throw new BadRequest(400, e.getMessage(), e.column());
        }
        if (expression.dimension() != 2) {
            throw new BadRequest(400, "the explorer draws functions of two variables; this formula has "
                    + expression.dimension() + (expression.dimension() == 0 ? "" : " (" + String.join(", ",
                    expression.variables()) + ")"));
        }
        return expression;
    }

    private static ObjectNode functions() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("functions");
        for (String name : TestFunctions.names()) {
            TestFunction function = TestFunctions.byName(name, 2);
            if (function.dimension() != 2) {
                continue;
            }
            ObjectNode entry = list.addObject();
            entry.put("name", name);
            entry.put("description", function.name());
            numbers(entry.putArray("start"), function.standardStart());
            ArrayNode minima = entry.putArray("minima");
            function.globalMinima().forEach(m -> numbers(minima.addArray(), m));
        }
        return root;
    }

    /**
     * Every optimizer of the library's table: its name, what it is, and each key with its type,
     * what it sets, its range or choices, and its value in the optimizer's defaults ({@code default},
     * as a spec writes it), with a note where the default depends on another key.
     */
    static ObjectNode optimizers() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("optimizers");
        for (Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            ObjectNode entry = list.addObject();
            entry.put("name", kind.name());
            entry.put("summary", kind.summary());
            Map<String, String> defaults = defaults(kind);
            ArrayNode keys = entry.putArray("keys");
            for (Key<?> key : kind.keys()) {
                ObjectNode item = keys.addObject();
                item.put("name", key.name());
                item.put("type", key.type().name().toLowerCase(java.util.Locale.ROOT));
                item.put("help", key.help());
                key.range().ifPresent(range -> item.put("range", range));
                if (!key.choices().isEmpty()) {
                    ArrayNode choices = item.putArray("choices");
                    key.choices().forEach(choices::add);
                }
                item.put("default", defaults.get(key.name()));
                if (key.hasDependentDefault()) {
                    item.put("note", key.defaultText().orElseThrow());
                }
            }
        }
        return root;
    }

    /** Every key's value in the kind's defaults. */
    private static <R extends Optimizer> Map<String, String> defaults(Kind<R> kind) {
        return kind.settings(kind.defaults().orElseThrow());
    }

    private static ObjectNode parse(Map<String, String> query) {
        String text = query.get("expr");
        if (text == null) {
            throw new BadRequest(400, "give the formula to parse (expr)");
        }
        Expression expression = parseTwoVariables(text);
        ObjectNode root = JSON.createObjectNode();
        root.put("text", expression.text());
        ArrayNode variables = root.putArray("variables");
        expression.variables().forEach(variables::add);
        return root;
    }

    /** The range asked for, else the function's box, else [-3, 3] x [-3, 3] around a formula's origin. */
    private static Range range(Map<String, String> query, Problem problem) {
        String text = query.get("range");
        if (text == null) {
            double[] box = problem.box();
            return box != null ? new Range(box[0], box[1], box[2], box[3]) : new Range(-3, 3, -3, 3);
        }
        String[] axes = text.split(",", -1);
        if (axes.length != 2) {
            throw new BadRequest(400, "range must be xmin:xmax,ymin:ymax: " + text);
        }
        double[] ends = new double[4];
        for (int a = 0; a < 2; a++) {
            String[] parts = axes[a].split(":", -1);
            if (parts.length != 2) {
                throw new BadRequest(400, "range must be xmin:xmax,ymin:ymax: " + text);
            }
            ends[2 * a] = Numbers.parse("range", parts[0]);
            ends[2 * a + 1] = Numbers.parse("range", parts[1]);
            if (!(ends[2 * a] < ends[2 * a + 1]) || !Double.isFinite(ends[2 * a]) || !Double.isFinite(ends[2 * a + 1])) {
                throw new BadRequest(400, "range needs finite ends with min < max on each axis: " + text);
            }
        }
        return new Range(ends[0], ends[1], ends[2], ends[3]);
    }

    private static int pixels(Map<String, String> query, String name, int fallback) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a whole number of pixels: " + text);
        }
        if (value < 8 || value > MAX_PIXELS) {
            throw new BadRequest(400, name + " must be in [8, " + MAX_PIXELS + "]: " + value);
        }
        return value;
    }

    private static ObjectNode surface(Map<String, String> query) throws IOException {
        ExplorerRequest request = request(query, Set.of("range", "width", "height"));
        Problem problem = request.problem();
        Range range = range(query, problem);
        ContourPlot plot = Pictures.base(problem.landscape(), range, request.box());
        ContourPlot.Shading shading = plot.shading(pixels(query, "width", 720), pixels(query, "height", 560));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(shading.image(), "png", png);
        ObjectNode root = JSON.createObjectNode();
        root.put("description", problem.description());
        ArrayNode variables = root.putArray("variables");
        problem.variables().forEach(variables::add);
        numbers(root.putArray("range"), new double[] {range.xMin(), range.xMax(), range.yMin(), range.yMax()});
        numbers(root.putArray("start"), problem.standardStart());
        ArrayNode minima = root.putArray("minima");
        problem.knownMinima().forEach(m -> numbers(minima.addArray(), m));
        root.put("min", shading.min());
        root.put("max", shading.max());
        root.put("logarithmic", shading.logarithmic());
        numbers(root.putArray("levels"), shading.levels());
        root.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
        return root;
    }

    /**
     * The step-size lesson of the optimizer asked for (plain gradient descent when none is), found by
     * running it as {@code plot --compare-lr} does ({@link LearningRateRegimes#search}), with the
     * iteration budget the page's runs of its panels take so that they end where the search's did.
     */
    private static ObjectNode rates(Map<String, String> query) {
        ExplorerRequest request = request(query, Set.of());
        checkSteps(request);
        OptimizerOptions.Kind asked = request.choseOptimizer() ? request.optimizerOptions.kind() : OptimizerOptions.Kind.gd;
        // the lesson chooses the rates: the page's own rate is set aside
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(asked.spec().settings());
        settings.remove("lr");
        OptimizerOptions.Kind kind = new OptimizerOptions.Kind(new dev.descent.spec.Spec(asked.name(), settings));
        java.util.function.DoubleFunction<Minimizer> loop = rate -> request.minimizer(request.optimizer(kind, rate));
        LearningRateRegimes lesson;
        try {
            lesson = LearningRateRegimes.search(request.problem().objective(), request.start(), loop);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("optimizer", Run.withoutRate(loop.apply(1).optimizer()));
        root.put("maxIter", Math.min(lesson.budget(), request.maxIterations()));
        ArrayNode panels = root.putArray("panels");
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            ObjectNode entry = panels.addObject();
            entry.put("regime", panel.regime().words());
            entry.put("rate", LearningRateRegimes.compact(panel.rate()));
            entry.put("iterations", panel.run().iterations());
            entry.put("stop", panel.run().stopReason().name());
            entry.put("outcome", panel.outcome().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("story", panel.story());
        }
        ArrayNode absent = root.putArray("absent");
        lesson.absent().forEach(absent::add);
        return root;
    }

    /** Seeded starts in the range, each run to its minimum: the lesson of local against global minima. */
    private static ObjectNode basins(Map<String, String> query) {
        ExplorerRequest request = request(query, Set.of("range", "starts", "seed", "grid"));
        checkSteps(request);
        Problem problem = request.problem();
        Range box = range(query, problem);
        int starts = (int) Numbers.parse("starts", query.getOrDefault("starts", "60"));
        if (starts < 1 || starts > MAX_STARTS) {
            throw new BadRequest(400, "starts must be in [1, " + MAX_STARTS + "]: " + starts);
        }
        long seed = (long) Numbers.parse("seed", query.getOrDefault("seed", "0"));
        Optimizer optimizer = request.choseOptimizer() ? request.optimizer() : request.optimizer(OptimizerOptions.Kind.lbfgs, 1);
        MultiStart multiStart = new MultiStart(request.minimizer(optimizer).recordingTrace(),
                new double[] {box.xMin(), box.yMin()}, new double[] {box.xMax(), box.yMax()}, starts, seed,
                1e-3 * Math.max(box.xMax() - box.xMin(), 1));
        MultiStart.Outcome outcome = multiStart.run(problem.objective());
        ObjectNode root = JSON.createObjectNode();
        ArrayNode minima = root.putArray("minima");
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            ObjectNode entry = minima.addObject();
            numbers(entry.putArray("x"), minimum.point());
            entry.put("f", minimum.value());
            entry.put("hits", minimum.hits());
            entry.put("global", outcome.isGlobal(minimum));
        }
        ArrayNode paths = root.putArray("runs");
        for (Result result : outcome.runs()) {
            ObjectNode entry = paths.addObject();
            entry.put("minimum", outcome.minimumOf(result));
            entry.put("stop", result.stopReason().name());
            ArrayNode points = entry.putArray("points");
            result.trace().forEach(step -> numbers(points.addArray(), step.point()));
        }
        int grid = (int) Numbers.parse("grid", query.getOrDefault("grid", "0"));
        if (grid < 0 || grid > MAX_GRID) {
            throw new BadRequest(400, "grid must be in [0, " + MAX_GRID + "]: " + grid);
        }
        if (grid > 0) {
            // the method from every cell, without the traces the seeded starts keep for their paths
            BasinMap map = BasinMap.of(multiStart, outcome, request.minimizer(optimizer), problem.objective(), grid);
            ObjectNode node = root.putObject("grid");
            node.put("columns", grid);
            node.put("rows", grid);
            ArrayNode minimum = node.putArray("minimum");
            for (int cell : map.minimum()) {
                minimum.add(cell);
            }
        }
        return root;
    }

    private static void checkSteps(ExplorerRequest request) {
        if (request.maxIterations() > MAX_STEPS) {
            throw new BadRequest(400, "max-iter must be in [0, " + MAX_STEPS + "] in the explorer: "
                    + request.maxIterations());
        }
    }

    /**
     * Streams one run, a JSON line per step, flushed at least every 40 ms; when the page stops
     * reading, the next write fails and the run ends there.
     */
    private static void run(HttpExchange exchange, Map<String, String> query) throws IOException {
        ExplorerRequest request = request(query, Set.of());
        checkSteps(request);
        if (!request.choseOptimizer()) {
            throw new BadRequest(400, "choose an optimizer (optimizer)");
        }
        double[] start = request.start();
        Optimizer optimizer = request.optimizer();
        Minimizer minimizer = request.minimizer(optimizer);
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        StringBuilder line = new StringBuilder(256);
        long[] flushed = {System.nanoTime()};
        Listener stream = new Listener() {
            @Override
            public void onStep(Progress progress) {
                line.setLength(0);
                line.append("{\"i\":").append(progress.iteration()).append(",\"x\":[");
                double[] x = progress.point();
                for (int i = 0; i < x.length; i++) {
                    line.append(i == 0 ? "" : ",").append(number(x[i]));
                }
                line.append("],\"f\":").append(number(progress.value())).append(",\"g\":")
                        .append(number(progress.gradientNorm())).append(",\"step\":").append(number(progress.stepLength()))
                        .append(",\"lr\":").append(number(progress.learningRate())).append("}\n");
                try {
                    body.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    if (System.nanoTime() - flushed[0] > 40_000_000L) {
                        body.flush();
                        flushed[0] = System.nanoTime();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("the page stopped reading", e);
                }
            }
        };
        Result result = minimizer.listener(stream).minimize(request.problem().objective(), start);
        ObjectNode end = JSON.createObjectNode();
        end.put("stop", result.stopReason().name());
        end.put("explanation", result.stopReason().explanation());
        end.put("iterations", result.iterations());
        end.put("evaluations", result.valueEvaluations());
        end.put("f", result.value());
        end.put("gradNorm", result.gradientNorm());
        numbers(end.putArray("x"), result.point());
        if (!result.detail().isEmpty()) {
            end.put("detail", result.detail());
        }
        body.write((JSON.createObjectNode().set("end", end).toString() + "\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    /** A double as JSON: its shortest round-trip decimal, or a quoted NaN or infinity. */
    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "\"" + value + "\"";
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    private static void resource(HttpExchange exchange, String path) throws IOException {
        String name = STATIC.get(path);
        if (name == null) {
            throw new BadRequest(404, "no such page: " + path);
        }
        byte[] bytes;
        try (InputStream in = Explorer.class.getResourceAsStream("explorer/" + name)) {
            if (in == null) {
                throw new BadRequest(404, "no such page: " + path);
            }
            bytes = in.readAllBytes();
        }
        String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void json(HttpExchange exchange, ObjectNode root) throws IOException {
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String message, int column) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", message == null ? "bad request" : message);
        if (column > 0) {
            root.put("column", column);
        }
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the headers went out already (a stream that failed midway) or the page went away
        }
    }

    /** For the tests: the runs in progress. */
    int runsInProgress() {
        return MAX_RUNS - runs.availablePermits();
    }
}
