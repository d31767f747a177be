package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's Java examples run as written. Every {@code ```java} block of
 * {@code ../README.md} and of every page in {@code ../docs/} is compiled (its leading
 * {@code import} lines above a class, the rest as the body of {@code main}) against this module's test class path, which holds every module and Spark, and
 * run in a child JVM of its own whose working directory is an empty temporary folder, so the
 * files an example writes land there and a Spark session ends with its JVM. What the example
 * prints on stdout must be exactly its trailing {@code // prints: <line>} comments, one per line,
 * in order; an example without them must print nothing.
 */
class ReadmeExamplesTest {
    static final Path ROOT = Path.of("..");
    static final Path README = ROOT.resolve("README.md");
    static final Path DOCS = ROOT.resolve("docs");
    static final String PRINTS = "// prints:";
    static final String CLASS_NAME = "ReadmeExample";

    /**
     * The child JVM's options: the Vector API the Java API guide's SIMD note tells programs to add, the
     * opens the Spark guide lists (the same as this module's surefire argLine), and an English
     * locale, in which the docs write their numbers ({@code printf("%.2f")} would print a comma in
     * some others).
     */
    static final List<String> JVM_OPTIONS = List.of("--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true",
            "-Duser.language=en", "-Duser.country=US",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED");

    @TempDir
    static Path temporary;

    /**
     * One {@code ```java} block.
     *
     * @param page the page it is on, relative to the repository ({@code docs/training.md})
     * @param fence the page's line of its opening fence (1-based); line {@code fence + i} of the
     *     page is line {@code i} of the generated source, so the compiler's line numbers map back
     * @param lines the lines between the fences
     * @param expected the text of its trailing {@code // prints:} lines
     */
    record Example(String page, int fence, List<String> lines, List<String> expected) {

        /** {@code docs/training.md:42}, where a message points. */
        String at(long line) {
            return page + ":" + line;
        }

        /** The block as a class: the imports on their own lines, the class opened on the first line of code. */
        String source() {
            int first = 0;
            while (first < lines.size() && (lines.get(first).isBlank() || lines.get(first).startsWith("import "))) {
                first++;
            }
            List<String> source = new ArrayList<>(lines);
            String opening = "public class " + CLASS_NAME + " { public static void main(String[] args) throws Exception { ";
            if (first == lines.size()) {
                source.add(opening);
            } else {
                source.set(first, opening + lines.get(first));
            }
            source.add("}}");
            return String.join("\n", source) + "\n";
        }
    }

    /** The README, then every page of {@code docs/} in name order: the pages whose examples run. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(path -> path.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The {@code ```java} blocks of {@code readme}, the text of {@code page}, in order. */
    static List<Example> examples(String page, List<String> readme) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("```java")) {
                continue;
            }
            int fence = i + 1;
            List<String> lines = new ArrayList<>();
            for (i++; i < readme.size() && !readme.get(i).strip().equals("```"); i++) {
                lines.add(readme.get(i));
            }
            if (i == readme.size()) {
                fail(page + ":" + fence + ": the ```java block is never closed");
            }
            int prints = lines.size();
            while (prints > 0 && lines.get(prints - 1).startsWith(PRINTS)) {
                prints--;
            }
            for (int j = 0; j < prints; j++) {
                if (lines.get(j).contains(PRINTS)) {
                    fail(page + ":" + (fence + 1 + j) + ": '" + PRINTS + "' lines go after the code, at the end of the block");
                }
            }
            List<String> expected = lines.subList(prints, lines.size()).stream()
                    .map(line -> line.substring(PRINTS.length()).replaceFirst("^ ", "")).toList();
            examples.add(new Example(page, fence, List.copyOf(lines), expected));
        }
        return examples;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaExampleCompilesRunsAndPrintsWhatTheDocsSay() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (Path page : pages()) {
            String name = ROOT.relativize(page).toString().replace(File.separatorChar, '/');
            List<Example> onPage = examples(name, Files.readAllLines(page, StandardCharsets.UTF_8));
            if (page.equals(README)) {
                assertThat(onPage).as("```java blocks in " + README.toAbsolutePath().normalize()).isNotEmpty();
            }
            examples.addAll(onPage);
        }
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.page() + " line " + example.fence(),
                () -> run(example)));
    }

    static void run(Example example) throws Exception {
        Path root = Files.createDirectories(temporary.resolve(example.page().replaceAll("[^A-Za-z0-9]", "-")
                + "-line-" + example.fence()));
        Path classes = Files.createDirectories(root.resolve("classes"));
        Path work = Files.createDirectories(root.resolve("work"));
        compile(example, root.resolve(CLASS_NAME + ".java"), classes);

        Path out = root.resolve("stdout.txt");
        Path err = root.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), CLASS_NAME));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // Spark binds its driver to this address; the machine's own name may not resolve
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail(example.at(example.fence()) + ": the example ran for more than 5 minutes");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s exit code; stderr:%n%s", example.at(example.fence()), stderr).isZero();
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
                .as("%s: what it prints (its '%s' lines); stderr:%n%s", example.at(example.fence()), PRINTS, stderr)
                .isEqualTo(example.expected());
    }

    /** Compiles the example into {@code classes}, failing with the compiler's messages at the page's lines. */
    static void compile(Example example, Path source, Path classes) throws IOException {
        Files.writeString(source, example.source(), StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                    "-proc:none", "-encoding", "UTF-8");
            compiled = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(source)).call();
        }
        if (!compiled) {
            fail(example.at(example.fence()) + ": the example does not compile:\n" + diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> example.at(example.fence() + d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n")));
        }
    }
}
