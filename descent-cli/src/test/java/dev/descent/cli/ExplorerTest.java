package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer's server without a browser: its runs are {@code descent minimize --trace}'s to the
 * bit, and it is safe by default (local address, limits, 4xx with a message, runs that end when
 * their page stops reading).
 */
class ExplorerTest {
    static Explorer explorer;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws IOException {
        explorer = Explorer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(explorer.address().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    /** The CLI's trace rows, {@code iter,f,grad_norm,step,lr,x,y}, as numbers. */
    static List<double[]> trace(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("iter,f,grad_norm,step,lr,x,y");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Double.parseDouble(cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Asserts that the streamed steps are the trace's rows, every number to the bit. */
    static void assertSameSteps(List<JsonNode> steps, List<double[]> rows) {
        assertThat(steps).hasSameSizeAs(rows);
        for (int k = 0; k < rows.size(); k++) {
            JsonNode step = steps.get(k);
            double[] row = rows.get(k);
            assertThat(step.get("i").asLong()).isEqualTo((long) row[0]);
            assertThat(step.get("f").asDouble()).as("f at step %d", k).isEqualTo(row[1]);
            assertThat(step.get("g").asDouble()).as("|grad f| at step %d", k).isEqualTo(row[2]);
            assertThat(step.get("x").get(0).asDouble()).as("x at step %d", k).isEqualTo(row[5]);
            assertThat(step.get("x").get(1).asDouble()).as("y at step %d", k).isEqualTo(row[6]);
        }
    }

    @Test
    void aStreamedRunHasTheIteratesOfMinimizeTraceAtTheSameSettings(@TempDir Path dir) throws Exception {
        String formula = "(1-x)^2 + 100*(y-x^2)^2";
        String[][] settings = {
            {"optimizer", "adam", "lr", "0.05", "beta1", "0.9", "beta2", "0.999", "max-iter", "700"},
            {"optimizer", "sgd", "lr", "0.001", "momentum", "0.9", "nesterov", "true", "max-iter", "500"},
            {"optimizer", "lbfgs", "max-iter", "200"},
            {"optimizer", "rmsprop", "lr", "0.01", "schedule", "cosine:period=300", "max-iter", "300"},
            {"optimizer", "gd", "lr", "0.002", "bounds", "-2:0.8", "max-iter", "400"},
        };
        for (String[] setting : settings) {
            StringBuilder query = new StringBuilder("/api/run?expr=" + encode(formula) + "&start=-1.2,1");
            List<String> args = new ArrayList<>(List.of("minimize", "--expr", formula, "--start", "-1.2,1"));
            for (int k = 0; k < setting.length; k += 2) {
                query.append('&').append(setting[k]).append('=').append(encode(setting[k + 1]));
                if (setting[k + 1].equals("true")) {
                    args.add("--" + setting[k]);
                } else {
                    args.add("--" + setting[k] + "=" + setting[k + 1]);
                }
            }
            HttpResponse<String> response = get(query.toString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<JsonNode> steps = new ArrayList<>();
            JsonNode end = null;
            for (String line : response.body().split("\n")) {
                JsonNode item = JSON.readTree(line);
                if (item.has("end")) {
                    end = item.get("end");
                } else {
                    steps.add(item);
                }
            }
            Path file = dir.resolve(setting[1] + ".csv");
            args.add("--trace=" + file);
            args.add("--format=json");
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertSameSteps(steps, trace(file));
            JsonNode result = JSON.readTree(cli.out());
            assertThat(end.get("stop").asText()).as(String.join(" ", setting)).isEqualTo(result.get("stop").asText());
            assertThat(end.get("f").asDouble()).isEqualTo(result.get("f").asDouble());
            assertThat(end.get("iterations").asLong()).isEqualTo(result.get("iterations").asLong());
        }
    }

    @Test
    void badRequestsGetAFourHundredWithAMessageNeverAStackTrace() throws Exception {
        JsonNode broken = error(get("/api/parse?expr=" + encode("x^2 + * y")), 400);
        assertThat(broken.get("error").asText()).startsWith("unexpected '*' at column 7");
        assertThat(broken.get("column").asInt()).isEqualTo(7);
        assertThat(error(get("/api/surface?expr=" + encode("x^2 + y^2 + z")), 400).get("error").asText())
                .contains("two variables").contains("(x, y, z)");
        assertThat(error(get("/api/surface?expr=" + encode("x+".repeat(300) + "y")), 413).get("error").asText())
                .contains("at most " + Explorer.MAX_EXPRESSION);
        assertThat(error(get("/api/run?expr=x%5E2%2By%5E2&optimizer=adam&max-iter=50000"), 400).get("error").asText())
                .isEqualTo("max-iter must be in [0, 20000] in the explorer: 50000");
        assertThat(error(get("/api/run?expr=x%5E2%2By%5E2&optimizer=adam&lr=-1"), 400).get("error").asText())
                .contains("--lr");
        assertThat(error(get("/api/run?expr=x%5E2%2By%5E2&optimizer=adam&momentum=0.9"), 400).get("error").asText())
                .contains("--momentum");
        assertThat(error(get("/api/run?expr=x%5E2%2By%5E2&optimizer=adam&trace=/tmp/x.csv"), 400).get("error").asText())
                .isEqualTo("unknown setting 'trace'");
        assertThat(error(get("/api/run?function=nope&optimizer=adam"), 400).get("error").asText())
                .contains("unknown test function 'nope'");
        assertThat(error(get("/api/basins?function=himmelblau&starts=100000"), 400).get("error").asText())
                .isEqualTo("starts must be in [1, " + Explorer.MAX_STARTS + "]: 100000");
        assertThat(error(get("/api/surface?function=booth&range=1:0,0:1"), 400).get("error").asText())
                .contains("min < max");
        assertThat(error(get("/api/run?expr=x&expr=y"), 400).get("error").asText()).contains("given twice");
        error(get("/../../etc/passwd"), 404);
        error(get("/explorer/../SavedModel.class"), 404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(explorer.address().resolve("/api/run"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        error(post, 405);
        assertThat(get("/").body()).contains("<title>descent explorer</title>");
    }

    @Test
    void itServesThisMachineOnlyUnlessToldOtherwise() {
        assertThat(explorer.address().getHost()).isEqualTo("127.0.0.1");
        picocli.CommandLine line = new picocli.CommandLine(new ServeCommand());
        line.parseArgs();
        ServeCommand serve = line.getCommand();
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.port).isEqualTo(8080);
    }

    @Test
    void servingWhereItCannotSaysWhyAndExitsWithTwo() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli cli = Cli.run("serve", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.err()).contains("--port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1:")
                    .contains("another program holds it");
        }
        Cli foreign = Cli.run("serve", "--host", "192.0.2.1", "--port", "0"); // TEST-NET-1: no machine's own address
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(foreign.err()).contains("--host 192.0.2.1: cannot listen there");
        assertThat(Cli.run("serve", "--port", "70000").err()).contains("--port must be in [0, 65535]: 70000");
    }

    /** The raw answer to {@code head} (a request line and headers) sent as is, with the connection closed after. */
    static String raw(String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", explorer.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The error of a raw answer, asserted to be a 403 with a JSON body and nothing of the app. */
    static String forbidden(String answer) throws IOException {
        assertThat(answer).as(answer).startsWith("HTTP/1.1 403 ").containsIgnoringCase("Content-Type: application/json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).doesNotContain("<title>").doesNotContain("\"functions\"");
        String error = JSON.readTree(body).get("error").asText();
        assertThat(error).doesNotContain("Exception").endsWith("open " + explorer.address());
        return error;
    }

    /**
     * A web page can reach a server on loopback through DNS rebinding, its own name made to resolve
     * to 127.0.0.1; its requests still name it in their Host. The page, a static file and the API
     * alike answer only this explorer's address, {@code localhost} and loopback, with its port.
     */
    @Test
    void itAnswersOnlyRequestsAddressedToItsOwnAddress() throws Exception {
        int port = explorer.address().getPort();
        for (String path : List.of("/", "/explorer.js", "/api/functions", "/api/run?expr=x%5E2&start=1,1")) {
            String forged = "evil.example:" + port;
            assertThat(forbidden(raw("GET " + path + " HTTP/1.1\r\nHost: " + forged + "\r\n")))
                    .startsWith("host '" + forged + "' is not this explorer's address");
        }
        for (String host : List.of("127.0.0.1:1", "localhost:1", "127.0.0.1", "localhost.evil.example:" + port,
                "127.0.0.1.evil.example:" + port, "0x7f.1:" + port, "127.000.000.001:" + port, "[::1%25lo]:" + port)) {
            assertThat(forbidden(raw("GET /api/functions HTTP/1.1\r\nHost: " + host + "\r\n"))).as(host)
                    .startsWith("host '" + host + "' is not this explorer's address");
        }
        assertThat(forbidden(raw("POST /api/functions HTTP/1.1\r\nHost: evil.example:" + port + "\r\nContent-Length: 0\r\n")))
                .as("refused before anything else is looked at").startsWith("host 'evil.example:");
        assertThat(forbidden(raw("GET http://evil.example:" + port + "/api/functions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")))
                .as("an absolute request URI names its host too").startsWith("host 'evil.example:");
        assertThat(forbidden(raw("GET / HTTP/1.0\r\n"))).startsWith("the request names no host (no Host header)");
        assertThat(forbidden(raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.example:" + port + "\r\n")))
                .startsWith("the request names 2 hosts");

        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port)) {
            String page = raw("GET / HTTP/1.1\r\nHost: " + host + "\r\n");
            assertThat(page).as(host).startsWith("HTTP/1.1 200 ").contains("<title>descent explorer</title>");
            String functions = raw("GET /api/functions HTTP/1.1\r\nHost: " + host + "\r\n");
            assertThat(functions).as(host).startsWith("HTTP/1.1 200 ").contains("application/json");
        }
        assertThat(get("/explorer.js").statusCode()).isEqualTo(200);
    }

    /**
     * A page that stops reading holds its run at the next write (the socket's buffers full); once
     * it goes away the run ends there, without its last line, and the slot is free again. Every
     * slot held, the next run is refused with 429 and a message.
     */
    @Test
    void aRunEndsWhenItsPageGoesAwayAndRunsAtOnceAreLimited() throws Exception {
        String run = "/api/run?expr=" + encode("x^2 + 3*y^2") + "&start=1,1&optimizer=sgd&lr=0.000001&max-iter=20000"
                + "&tol-grad=0&tol-f=0";
        List<Socket> pages = new ArrayList<>();
        try {
            for (int k = 0; k < Explorer.MAX_RUNS; k++) {
                pages.add(stalled(run));
            }
            waitFor(() -> explorer.runsInProgress() == Explorer.MAX_RUNS);
            Thread.sleep(300);
            assertThat(explorer.runsInProgress()).as("runs held by pages that do not read").isEqualTo(Explorer.MAX_RUNS);
            assertThat(error(get(run), 429).get("error").asText()).startsWith("too many runs at once (" + Explorer.MAX_RUNS + ")");
            InputStream first = pages.get(0).getInputStream();
            byte[] some = first.readNBytes(4096);
            assertThat(new String(some, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").doesNotContain("\"end\"");
        } finally {
            for (Socket page : pages) {
                page.close();
            }
        }
        waitFor(() -> explorer.runsInProgress() == 0);
        assertThat(get("/api/functions").statusCode()).isEqualTo(200);
    }

    /** A connection that asks for {@code path} and reads nothing, with a small receive buffer. */
    static Socket stalled(String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", explorer.address().getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + explorer.address().getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theLessonsComeFromTheLibrary() throws Exception {
        JsonNode rates = JSON.readTree(get("/api/rates?expr=" + encode("x^2 + 3*y^2") + "&start=1,1&optimizer=gd").body());
        // the Hessian is diag(2, 6): gradient descent diverges above 2 / 6 and is fastest at 2 / (6 + 2)
        assertThat(rates.get("optimizer").asText()).isEqualTo("gd");
        JsonNode panels = rates.get("panels");
        assertThat(panels.findValuesAsText("regime")).containsExactly("too small", "too large", "good");
        assertThat(panels.get(1).get("rate").asDouble()).isGreaterThan(2.0 / 6);
        assertThat(panels.get(1).get("stop").asText()).isEqualTo("DIVERGED");
        assertThat(panels.get(2).get("rate").asDouble()).isBetween(0.2, 0.3);
        assertThat(panels.get(2).get("story").asText()).isEqualTo("converged in " + panels.get(2).get("iterations") + " steps");
        assertThat(rates.get("maxIter").asLong()).isEqualTo(Math.max(30, 3 * panels.get(2).get("iterations").asLong()));
        // the page's own rate is set aside: the lesson chooses Adam's rates
        JsonNode adam = JSON.readTree(get("/api/rates?expr=" + encode("x^2 + 3*y^2") + "&start=1,1&optimizer="
                + encode("adam:lr=0.05,beta2=0.99")).body());
        assertThat(adam.get("optimizer").asText()).isEqualTo("adam:beta2=0.99");
        var lbfgs = get("/api/rates?expr=" + encode("x^2 + 3*y^2") + "&start=1,1&optimizer=lbfgs");
        assertThat(lbfgs.statusCode()).isEqualTo(400);
        assertThat(lbfgs.body()).contains("chooses its own step by a line search");
        JsonNode basins = JSON.readTree(get("/api/basins?function=six-hump-camel&starts=60&seed=0").body());
        // six-hump camel: two global minima at f = -1.0316284535 and four local ones (-0.2155, 2.1043)
        int global = 0;
        int local = 0;
        for (JsonNode minimum : basins.get("minima")) {
            if (minimum.get("global").asBoolean()) {
                global++;
                assertThat(minimum.get("f").asDouble()).isCloseTo(-1.0316284535, org.assertj.core.data.Offset.offset(1e-8));
            } else {
                local++;
            }
        }
        assertThat(global).isEqualTo(2);
        assertThat(local).isEqualTo(4);
        assertThat(basins.get("runs")).hasSize(60);

        // the basins map: gradient descent from every cell of a 12 x 12 grid over [-2, 2] x [-1, 1]; the cell
        // around each minimum the starts found leads to that minimum
        JsonNode mapped = JSON.readTree(get("/api/basins?function=six-hump-camel&range=-2:2,-1:1&starts=60&seed=0"
                + "&grid=12&optimizer=gd&lr=0.01").body());
        JsonNode grid = mapped.get("grid");
        assertThat(grid.get("minimum")).hasSize(144);
        int index = 0;
        for (JsonNode minimum : mapped.get("minima")) {
            double x = minimum.get("x").get(0).asDouble();
            double y = minimum.get("x").get(1).asDouble();
            int column = (int) ((x + 2) / 4 * 12);
            int row = (int) ((1 - y) / 2 * 12);
            assertThat(grid.get("minimum").get(row * 12 + column).asInt()).as("the cell of minimum %d", index).isEqualTo(index);
            index++;
        }
        assertThat(error(get("/api/basins?function=booth&grid=500"), 400).get("error").asText())
                .isEqualTo("grid must be in [0, " + Explorer.MAX_GRID + "]: 500");
        JsonNode surface = JSON.readTree(get("/api/surface?function=rosenbrock&width=300&height=200").body());
        assertThat(surface.get("logarithmic").asBoolean()).isTrue();
        assertThat(surface.get("image").asText()).startsWith("data:image/png;base64,");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(surface.get("image").asText().substring("data:image/png;base64,".length()))));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(surface.get("minima").get(0).toString()).isEqualTo("[1.0,1.0]");
    }

    /** The page's optimizers, keys and defaults are the library's table, served whole. */
    @Test
    void theOptimizersAreTheLibrarysTable() throws Exception {
        JsonNode listed = JSON.readTree(get("/api/optimizers").body()).get("optimizers");
        List<String> names = new ArrayList<>();
        listed.forEach(entry -> names.add(entry.get("name").asText()));
        assertThat(names).isEqualTo(dev.descent.optim.Optimizers.names());
        for (JsonNode entry : listed) {
            dev.descent.spec.Kind<?> kind = dev.descent.optim.Optimizers.kind(entry.get("name").asText());
            List<String> keys = new ArrayList<>();
            entry.get("keys").forEach(key -> keys.add(key.get("name").asText()));
            assertThat(keys).as(kind.name()).isEqualTo(kind.keyNames());
            // the defaults served build the kind's defaults
            java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
            entry.get("keys").forEach(key -> settings.put(key.get("name").asText(), key.get("default").asText()));
            assertThat((Object) kind.build(settings)).as(kind.name()).isEqualTo(kind.defaults().orElseThrow());
        }
        JsonNode adam = listed.get(names.indexOf("adam"));
        assertThat(adam.get("keys").get(2).toString()).isEqualTo("{\"name\":\"beta2\",\"type\":\"number\","
                + "\"help\":\"second-moment decay\",\"range\":\"in [0, 1)\",\"default\":\"0.999\"}");
        JsonNode gd = listed.get(names.indexOf("gd"));
        assertThat(gd.get("keys").get(0).get("note").asText()).isEqualTo("1e-3, or 1 with a line search");
        assertThat(gd.get("keys").get(1).get("name").asText()).isEqualTo("accelerated");
        assertThat(gd.get("keys").get(2).get("choices").toString()).isEqualTo("[\"none\",\"armijo\",\"strong-wolfe\"]");
    }

    /** A run takes the optimizer as a spec string, as the page sends it, with the iterates of the same flags. */
    @Test
    void aRunTakesAnOptimizerSpec() throws Exception {
        String problem = "/api/run?expr=" + encode("x^2 + 3*y^2") + "&start=1,1&max-iter=50";
        String bySpec = get(problem + "&optimizer=" + encode("sgd:lr=0.01,momentum=0.9,nesterov")).body();
        String byFlags = get(problem + "&optimizer=sgd&lr=0.01&momentum=0.9&nesterov=true").body();
        assertThat(bySpec).contains("\"end\"").isEqualTo(byFlags);
        assertThat(error(get(problem + "&optimizer=" + encode("adam:momentum=0.9")), 400).get("error").asText())
                .isEqualTo("--optimizer adam has no key 'momentum'; its keys: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize");
    }
}
