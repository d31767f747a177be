package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver ({@code .ci/run} installs both when missing). A learner's session, step by step:
 * type a formula, click a start, set the rate, play, and read the numbers the page shows, which
 * must be {@code descent minimize --trace}'s for the same settings; a broken formula shows its
 * located error; the lessons and the URL's state work. Screenshots land in
 * {@code target/explorer-*.png}.
 */
class ExplorerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static Explorer explorer;
    static WebDriver browser;
    static Path profile;
    /** Held so that its level stays set (the logging framework keeps loggers weakly). */
    static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void start() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's chromium and chromium-driver: apt-get install chromium "
                        + "chromium-driver (.ci/run installs them)").isTrue();
        explorer = Explorer.start("127.0.0.1", 0);
        // Selenium warns that it has no DevTools bindings for this Chromium; the test drives it through chromedriver
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        profile = Files.createTempDirectory("descent-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags that keep Chromium from reaching for the network it does not have here
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (explorer != null) {
            explorer.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    static void screenshot(String name) throws IOException {
        Path out = Path.of("target", "explorer-" + name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    static void open(String hash) {
        browser.get(explorer.address() + hash);
        browser.navigate().refresh(); // a hash alone does not reload the page
        waiting().until(d -> "true".equals(script("return document.body.dataset.ready || ''")));
    }

    static void type(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text, Keys.TAB);
    }

    /** Waits until every run of the page has its end, and returns the runs as the page holds them. */
    static JsonNode finishedRuns() throws IOException {
        waiting().withMessage(() -> "runs: " + script("return JSON.stringify(explorer.runs.map(r => [r.label, r.steps.length,"
                + " r.shown, r.end && r.end.stop, r.error]))")).until(d -> Boolean.TRUE.equals(script("return explorer.runs.length > 0 && explorer.runs.every("
                + "r => r.end && Math.floor(r.shown) >= r.steps.length - 1)")));
        String runs = (String) script("return JSON.stringify(explorer.runs.map(r => ({start: r.start, label: r.label,"
                + " steps: r.steps, end: r.end})))");
        return new ObjectMapper().readTree(runs);
    }

    @Test
    void aLearnersRunShowsTheNumbersOfMinimizeTrace(@TempDir Path dir) throws IOException {
        open("");
        String formula = "x^2 + 3*y^2 + 0.5*x*y";
        type(browser.findElement(By.id("formula")), formula);
        waiting().until(d -> d.findElement(By.cssSelector("#panels h2")).getText().contains("0.5*x*y"));
        browser.findElement(By.id("clear-starts")).click();
        // the second optimizer goes; the first (adam) gets a rate typed in
        browser.findElements(By.cssSelector("#optimizers .optimizer button")).get(1).click();
        waiting().until(d -> d.findElements(By.cssSelector("#optimizers .optimizer")).size() == 1);
        type(browser.findElement(By.cssSelector("#optimizers .setting-lr")), "0.1");
        WebElement plot = browser.findElement(By.id("plot"));
        new Actions(browser).moveToElement(plot, -200, -150).click().perform(); // offsets from the centre
        waiting().until(d -> d.findElements(By.cssSelector("#starts li")).get(0).getText().startsWith("(-"));
        browser.findElement(By.id("play")).click();
        JsonNode runs = finishedRuns();
        screenshot("race");

        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        String start = run.get("start").asText();
        assertThat(start).matches("-\\d\\.\\d+,\\d\\.\\d+"); // upper left of the default [-3, 3] square
        Path trace = dir.resolve("adam.csv");
        Cli cli = Cli.run("minimize", "--expr", formula, "--start", start, "--optimizer", "adam", "--lr", "0.1",
                "--beta1", "0.9", "--beta2", "0.999", "--max-iter", "2000", "--trace", trace.toString(), "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<JsonNode> steps = new ArrayList<>();
        run.get("steps").forEach(steps::add);
        ExplorerTest.assertSameSteps(steps, ExplorerTest.trace(trace));
        JsonNode result = new ObjectMapper().readTree(cli.out());
        assertThat(run.get("end").get("stop").asText()).isEqualTo(result.get("stop").asText());

        // what the page shows: the last step's number, f and |grad f| to 8 digits, and the stop reason
        WebElement row = browser.findElement(By.cssSelector("#status tbody tr"));
        JsonNode last = steps.get(steps.size() - 1);
        assertThat(row.findElement(By.cssSelector("[data-field=step]")).getText()).isEqualTo(result.get("iterations").asText());
        double shownF = Double.parseDouble(row.findElement(By.cssSelector("[data-field=f]")).getText());
        double shownGrad = Double.parseDouble(row.findElement(By.cssSelector("[data-field=grad]")).getText());
        assertThat(shownF).isCloseTo(last.get("f").asDouble(), org.assertj.core.data.Offset.offset(1e-7 * Math.abs(last.get("f").asDouble())));
        assertThat(shownGrad).isCloseTo(last.get("g").asDouble(), org.assertj.core.data.Offset.offset(1e-7 * last.get("g").asDouble()));
        assertThat(row.findElement(By.cssSelector("[data-field=stop]")).getText()).isEqualTo(result.get("stop").asText());
        assertThat(row.findElement(By.cssSelector("[data-field=run]")).getText()).startsWith("adam lr=0.1 beta1=0.9 beta2=0.999");

        // the state is in the URL: a fresh page from it holds the same formula, start and optimizer
        String url = browser.getCurrentUrl();
        assertThat(url).contains("starts=" + java.net.URLEncoder.encode(start, java.nio.charset.StandardCharsets.UTF_8));
        browser.get("about:blank");
        open(url.substring(url.indexOf('#')));
        assertThat(browser.findElement(By.id("formula")).getAttribute("value")).isEqualTo(formula);
        assertThat(browser.findElement(By.cssSelector("#starts li")).getText()).isEqualTo("(" + start + ")");
        assertThat(browser.findElement(By.cssSelector("#optimizers .setting-lr")).getAttribute("value")).isEqualTo("0.1");
    }

    @Test
    void aBrokenFormulaShowsWhereItBreaks() throws IOException {
        open("");
        type(browser.findElement(By.id("formula")), "x^2 + * y");
        WebElement error = browser.findElement(By.id("formula-error"));
        waiting().until(d -> error.isDisplayed());
        screenshot("error");
        String[] lines = error.getText().split("\n");
        assertThat(lines[0]).isEqualTo("x^2 + * y");
        assertThat(lines[1]).isEqualTo("      ^"); // under column 7
        assertThat(lines[2]).startsWith("unexpected '*' at column 7");
        assertThat(script("return explorer.panels[0].image === null && explorer.runs.length === 0"))
                .as("no stale contours or runs of the last good formula").isEqualTo(Boolean.TRUE);
    }

    /**
     * On an untouched page (the first race of Adam and gradient descent on Rosenbrock) the lesson is
     * plain gradient descent's; each panel's run, streamed by the page, ends as the search's run of its
     * rate did, and its title says so. With the optimizers changed, the lesson is the new first one's.
     */
    @Test
    void theLessonsShowThreeRegimesAndLocalAgainstGlobalMinima() throws IOException {
        open("");
        browser.findElement(By.id("lesson-rates")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#panels canvas")).size() == 3);
        assertThat(browser.findElement(By.id("lesson-rates-hint")).getText()).startsWith("The lesson of gd from the first start");
        List<String> titles = browser.findElements(By.cssSelector("#panels h2")).stream().map(WebElement::getText).toList();
        JsonNode lesson = new ObjectMapper().readTree((String) script("return JSON.stringify(explorer.lesson)"));
        assertThat(lesson.get("optimizer").asText()).isEqualTo("gd");
        assertThat(titles).hasSize(3);
        String[] regimes = {"too small", "too large", "good"};
        for (int i = 0; i < 3; i++) {
            JsonNode panel = lesson.get("panels").get(i);
            assertThat(titles.get(i)).isEqualTo(regimes[i] + ": lr = " + panel.get("rate").asText() + ", "
                    + panel.get("story").asText());
        }
        script("const s = document.getElementById('speed'); s.value = '4'; s.dispatchEvent(new Event('input'))");
        browser.findElement(By.id("play")).click();
        JsonNode runs = finishedRuns();
        screenshot("rates");
        for (int i = 0; i < 3; i++) {
            JsonNode panel = lesson.get("panels").get(i);
            JsonNode run = runs.get(i);
            assertThat(run.get("end").get("stop").asText()).isEqualTo(panel.get("stop").asText());
            assertThat(run.get("steps").get(run.get("steps").size() - 1).get("i").asLong())
                    .isEqualTo(panel.get("iterations").asLong());
        }
        // too small: unfinished and still going down; too large: thrown out or bouncing; good: converged
        assertThat(runs.get(0).get("end").get("stop").asText()).isEqualTo("MAX_ITERATIONS");
        assertThat(lesson.get("panels").get(0).get("outcome").asText()).isEqualTo("descending");
        assertThat(lesson.get("panels").get(1).get("outcome").asText()).isIn("diverged", "oscillates");
        assertThat(runs.get(2).get("end").get("stop").asText()).isIn("GRADIENT_TOLERANCE", "VALUE_TOLERANCE");

        // gradient descent goes from the race: the lesson is Adam's now
        browser.findElements(By.cssSelector("#optimizers .optimizer button")).get(1).click();
        waiting().until(d -> d.findElement(By.id("lesson-rates-hint")).getText().startsWith("The lesson of adam from"));
        waiting().until(d -> Boolean.TRUE.equals(script("return explorer.lesson !== null && explorer.lesson.optimizer === 'adam'"
                + " && explorer.panels.length === 3")));
        assertThat(browser.findElement(By.cssSelector("#panels h2")).getText()).startsWith("too small: lr = ");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("function"))).selectByValue("six-hump-camel");
        waiting().until(d -> d.findElement(By.cssSelector("#panels h2")).getText().contains("six-hump-camel"));
        browser.findElement(By.id("lesson-basins")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#basin-legend div")).size() > 0);
        List<String> legend = browser.findElements(By.cssSelector("#basin-legend div")).stream().map(WebElement::getText).toList();
        assertThat(legend).filteredOn(line -> line.startsWith("global minimum")).hasSize(2)
                .allMatch(line -> Math.abs(Double.parseDouble(line.replaceAll(".*f = ([-0-9.e]+),.*", "$1"))
                        + 1.0316284535) < 1e-6);
        assertThat(script("return explorer.basins.grid.minimum.length")).isEqualTo(32L * 32);
        screenshot("basins");
        assertThat(legend).filteredOn(line -> line.startsWith("local minimum")).hasSize(4);
    }

    /**
     * The page's optimizers are the server's: the list of kinds, each kind's keys and the defaults
     * filled in come from {@code /api/optimizers}, the library's table, not from the page.
     */
    @Test
    void theOptimizersAndTheirDefaultsComeFromTheServer() throws IOException {
        open("");
        WebElement kind = browser.findElement(By.cssSelector("#optimizers .optimizer select.kind"));
        List<String> offered = new org.openqa.selenium.support.ui.Select(kind).getOptions().stream()
                .map(WebElement::getText).toList();
        assertThat(offered).isEqualTo(dev.descent.optim.Optimizers.names());
        assertThat(script("return [...document.querySelectorAll('#optimizers .optimizer select.kind')].length")).isEqualTo(2L);

        // a kind chosen on the page shows the library's keys, each at the library's default
        new org.openqa.selenium.support.ui.Select(kind).selectByValue("lion");
        waiting().until(d -> d.findElements(By.cssSelector("#optimizers .optimizer")).get(0)
                .findElements(By.cssSelector(".setting-beta2")).size() == 1);
        WebElement lion = browser.findElements(By.cssSelector("#optimizers .optimizer")).get(0);
        dev.descent.spec.Kind<?> table = dev.descent.optim.Optimizers.kind("lion");
        List<String> shown = lion.findElements(By.cssSelector("[class^=setting-]")).stream()
                .map(e -> e.getAttribute("class").substring("setting-".length())).toList();
        assertThat(shown).isEqualTo(table.keyNames());
        assertThat(lion.findElement(By.cssSelector(".setting-lr")).getAttribute("value")).isEqualTo("1e-4");
        assertThat(lion.findElement(By.cssSelector(".setting-beta2")).getAttribute("value")).isEqualTo("0.99");
        assertThat(lion.findElement(By.cssSelector(".setting-maximize")).getAttribute("type")).isEqualTo("checkbox");
        screenshot("optimizers");

        // the URL holds the optimizer as a spec string, and gd's line search is a list of the server's choices
        assertThat(browser.getCurrentUrl()).contains("opt=" + java.net.URLEncoder.encode("lion:lr=1e-4;gd:lr=0.001",
                java.nio.charset.StandardCharsets.UTF_8));
        WebElement gd = browser.findElements(By.cssSelector("#optimizers .optimizer")).get(1);
        List<String> searches = new org.openqa.selenium.support.ui.Select(gd.findElement(By.cssSelector(".setting-line_search")))
                .getOptions().stream().map(WebElement::getText).toList();
        assertThat(searches).containsExactly("none", "armijo", "strong-wolfe");
    }
}
