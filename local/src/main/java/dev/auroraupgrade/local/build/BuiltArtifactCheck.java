package dev.auroraupgrade.local.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Checks what {@code sam build} produced the way the Lambda Java runtime will load it: each function's directory
 * is its code, on a class path of the directory itself and every jar in its lib/ (Lambda Developer Guide, "Deploy
 * Java Lambda functions with .zip or JAR file archives"). For every function of the built template: the handler
 * class loads there and is a RequestStreamHandler, the logging configurator is found through
 * META-INF/services by that class loader, lib/ holds exactly the functions module's runtime dependencies, and no
 * test or local-harness class came along. Prints the package size as {@code sam deploy} uploads it (zipped).
 * Usage: BuiltArtifactCheck BUILD_DIR RUNTIME_CLASSPATH_FILE [SIZE_PAGE], where SIZE_PAGE is the documentation page
 * that states the package size (docs/performance.md).
 */
public final class BuiltArtifactCheck {
    static final String CONFIGURATOR_SERVICE = "ch.qos.logback.classic.spi.Configurator";
    static final String OUR_CONFIGURATOR = "dev.auroraupgrade.common.LambdaLogConfigurator";
    /** What only tests and the local harness may hold. */
    private static final List<String> FORBIDDEN_PREFIXES = List.of("dev/auroraupgrade/local/",
            "dev/auroraupgrade/statemachine/", "logback-local.xml", "moto_server_patched.py");
    // The functions' one Jackson data format is CSV (the fleet's table); YAML and CBOR are the local harness's.
    private static final Pattern FORBIDDEN_JAR = Pattern.compile("^(junit|opentest4j|apiguardian|jackson-dataformat-(?!csv-)[a-z]+"
            + "|snakeyaml|sqs)-.*");
    /** The figure the documentation states for the package: "N.N MB zipped". */
    static final Pattern SIZE_FIGURE = Pattern.compile("([0-9]+\\.[0-9]) MB zipped");

    /** One function's built code and what was found wrong with it. */
    public record FunctionArtifact(String function, Path dir, String handler, List<String> problems) {
    }

    /** Sizes of one function's package. */
    public record PackageSize(long files, long unzippedBytes, long zippedBytes, int dependencyJars) {
        double zippedMb() {
            return zippedBytes / 1_000_000.0;
        }

        double unzippedMb() {
            return unzippedBytes / 1_000_000.0;
        }
    }

    private BuiltArtifactCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BuiltArtifactCheck BUILD_DIR RUNTIME_CLASSPATH_FILE [SIZE_PAGE]");
            System.exit(2);
        }
        Path build = Path.of(args[0]);
        List<Path> expected = classpath(Files.readString(Path.of(args[1])));
        List<FunctionArtifact> functions = check(build, expected);
        // One line per problem, naming the functions that have it (they share one build, so usually all of them).
        Map<String, List<String>> byProblem = new LinkedHashMap<>();
        functions.forEach(f -> f.problems().forEach(p -> byProblem.computeIfAbsent(p, k -> new ArrayList<>()).add(f.function())));
        List<String> problems = new ArrayList<>();
        byProblem.forEach((p, fns) -> problems.add((fns.size() == functions.size() ? "every function" : String.join(", ", fns))
                + ": " + p));
        PackageSize size = size(functions.get(0).dir());
        System.out.printf("%d functions checked as Lambda loads them (handler, logging configurator, %d dependency jars, "
                + "no test or local class)%n", functions.size(), size.dependencyJars());
        System.out.printf("package of each function: %d files, %.1f MB zipped (what sam deploy uploads; Lambda's limit "
                + "is 50 MB), %.1f MB unzipped (limit 250 MB)%n", size.files(), size.zippedMb(), size.unzippedMb());
        if (args.length > 2) {
            statedSizeProblem(Files.readString(Path.of(args[2])), args[2], size).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED " + p));
            System.exit(1);
        }
        System.out.println("the built artifact passed");
    }

    /** The jars of a Maven build-classpath file. */
    public static List<Path> classpath(String text) {
        List<Path> jars = new ArrayList<>();
        for (String entry : text.trim().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(Path.of(entry.trim()));
            }
        }
        return jars;
    }

    /**
     * The name SAM's Maven workflow gives a dependency in lib/: {@code groupId.artifactId-version.jar}, the group
     * taken from the jar's place in the local Maven repository (.../group/path/artifact/version/file.jar).
     */
    static String libName(Path jar) {
        int n = jar.getNameCount();
        if (n < 4) {
            return jar.getFileName().toString();
        }
        int repo = -1;
        for (int i = 0; i < n; i++) {
            if (jar.getName(i).toString().equals("repository")) {
                repo = i;
            }
        }
        if (repo < 0 || repo + 1 > n - 4) {
            return jar.getFileName().toString();
        }
        StringBuilder group = new StringBuilder();
        for (int i = repo + 1; i < n - 3; i++) {
            group.append(group.length() == 0 ? "" : ".").append(jar.getName(i));
        }
        return group + "." + jar.getFileName();
    }

    /** Every function of the built template, checked. */
    public static List<FunctionArtifact> check(Path build, List<Path> expectedJars) throws IOException {
        JsonNode template = new YAMLMapper().readTree(build.resolve("template.yaml").toFile());
        Map<String, String[]> functions = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                JsonNode p = e.getValue().path("Properties");
                functions.put(e.getKey(), new String[] {p.path("CodeUri").asText(), p.path("Handler").asText()});
            }
        });
        if (functions.isEmpty()) {
            throw new IOException("the built template names no function: " + build.resolve("template.yaml"));
        }
        List<FunctionArtifact> out = new ArrayList<>();
        for (var f : functions.entrySet()) {
            Path dir = build.resolve(f.getValue()[0]);
            out.add(new FunctionArtifact(f.getKey(), dir, f.getValue()[1], problems(dir, f.getValue()[1], expectedJars)));
        }
        return out;
    }

    /** What is wrong with one function's directory as Lambda would load it; empty when nothing is. */
    public static List<String> problems(Path dir, String handler, List<Path> expectedJars) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of("no built code at " + dir);
        }
        Set<String> expected = new TreeSet<>();
        expectedJars.forEach(j -> expected.add(libName(j)));
        Set<String> present = new TreeSet<>();
        Path lib = dir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(j -> j.toString().endsWith(".jar")).forEach(j -> present.add(j.getFileName().toString()));
            }
        }
        Set<String> absent = new TreeSet<>(expected);
        absent.removeAll(present);
        Set<String> extra = new TreeSet<>(present);
        extra.removeAll(expected);
        if (!absent.isEmpty()) {
            problems.add("dependency jars missing from lib/: " + absent);
        }
        if (!extra.isEmpty()) {
            problems.add("jars in lib/ that are not runtime dependencies of functions/: " + extra);
        }
        present.stream().filter(j -> FORBIDDEN_JAR.matcher(j).matches())
                .forEach(j -> problems.add("a test or local-harness jar in lib/: " + j));
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("lib/"))
                    .filter(p -> FORBIDDEN_PREFIXES.stream().anyMatch(p::startsWith) || p.matches(".*Test(\\$.*)?\\.class"))
                    .forEach(p -> problems.add("a test or local-harness file: " + p));
        }
        List<URL> urls = new ArrayList<>();
        urls.add(dir.toUri().toURL());
        for (String jar : present) {
            urls.add(lib.resolve(jar).toUri().toURL());
        }
        // The platform loader as parent: nothing of this JVM's own class path (the harness) can stand in.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            handlerProblem(loader, handler).ifPresent(problems::add);
            configuratorProblem(loader, dir).ifPresent(problems::add);
        }
        return problems;
    }

    private static java.util.Optional<String> handlerProblem(ClassLoader loader, String handler) {
        String className = handler.replaceFirst("::.*$", "");
        String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        try {
            Class<?> type = Class.forName(className, false, loader);
            Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
            if (!streamHandler.isAssignableFrom(type)) {
                return java.util.Optional.of("handler " + className + " is not a RequestStreamHandler");
            }
            Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
            Method m = type.getMethod(method, java.io.InputStream.class, OutputStream.class, context);
            if (m.getDeclaringClass().isInterface()) {
                return java.util.Optional.of("handler " + handler + " has no implementation");
            }
            type.getConstructor(); // Lambda builds the handler with its no-argument constructor
            // Lambda initialises the class: its static initialisers must find every class they need.
            Class.forName(className, true, loader);
            return java.util.Optional.empty();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return java.util.Optional.of("handler " + handler + " does not load: " + e);
        } catch (NoSuchMethodException e) {
            return java.util.Optional.of("handler " + handler + ": " + e.getMessage() + " not found");
        } catch (ExceptionInInitializerError e) {
            return java.util.Optional.of("handler " + className + " fails to initialise: " + e.getCause());
        }
    }

    private static java.util.Optional<String> configuratorProblem(ClassLoader loader, Path dir) {
        String resource = "META-INF/services/" + CONFIGURATOR_SERVICE;
        URL url = loader.getResource(resource);
        if (url == null) {
            return java.util.Optional.of(resource + " is not on the class path Lambda builds");
        }
        try {
            Class<?> service = Class.forName(CONFIGURATOR_SERVICE, false, loader);
            List<String> found = new ArrayList<>();
            for (ServiceLoader.Provider<?> p : ServiceLoader.load(service, loader).stream().toList()) {
                found.add(p.type().getName());
            }
            if (!found.contains(OUR_CONFIGURATOR)) {
                return java.util.Optional.of("Logback's ServiceLoader does not find " + OUR_CONFIGURATOR + " (found "
                        + found + "; " + resource + " resolves to " + url + ")");
            }
            return java.util.Optional.empty();
        } catch (ClassNotFoundException | java.util.ServiceConfigurationError e) {
            return java.util.Optional.of("the logging configurator cannot be loaded: " + e);
        }
    }

    /** The files of one function's package, and its size unzipped and zipped as sam deploy zips it (deflate). */
    public static PackageSize size(Path dir) throws IOException {
        long[] files = {0};
        long[] unzipped = {0};
        CountingStream counter = new CountingStream();
        int jars;
        try (ZipOutputStream zip = new ZipOutputStream(counter); Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(p).toString().replace('\\', '/')));
                unzipped[0] += Files.copy(p, zip);
                zip.closeEntry();
                files[0]++;
            }
        }
        try (Stream<Path> lib = Files.exists(dir.resolve("lib")) ? Files.list(dir.resolve("lib")) : Stream.empty()) {
            jars = (int) lib.filter(p -> p.toString().endsWith(".jar")).count();
        }
        return new PackageSize(files[0], unzipped[0], counter.bytes, jars);
    }

    /**
     * The page (its text, and its name for the message) must state the zipped size measured here (to 0.1 MB,
     * within 0.2): it is the figure users read.
     */
    static java.util.Optional<String> statedSizeProblem(String text, String file, PackageSize size) {
        Matcher m = SIZE_FIGURE.matcher(text);
        if (!m.find()) {
            return java.util.Optional.of(file + " states no package size (\"N.N MB zipped\"); measured "
                    + String.format("%.1f", size.zippedMb()));
        }
        double stated = Double.parseDouble(m.group(1));
        if (Math.abs(stated - size.zippedMb()) > 0.2) {
            return java.util.Optional.of(String.format("%s says %.1f MB zipped; the built package is %.1f MB", file,
                    stated, size.zippedMb()));
        }
        return java.util.Optional.empty();
    }

    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
