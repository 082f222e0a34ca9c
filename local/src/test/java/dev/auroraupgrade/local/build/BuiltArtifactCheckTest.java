package dev.auroraupgrade.local.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check scripts/check-sam-build runs on sam build's output can fail: a directory laid out as SAM's Maven
 * workflow lays it out (classes at the root, dependencies in lib/ as group.artifact-version.jar) passes, and each
 * way a build can go wrong is named.
 */
class BuiltArtifactCheckTest {
    private static final String HANDLER = "dev.auroraupgrade.migration.PreflightMigration::handleRequest";
    @TempDir
    Path dir;
    private List<Path> dependencies;

    @BeforeEach
    void layOutAsSamDoes() throws IOException {
        Path classes = Path.of(System.getProperty("project.root"), "functions", "target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(classes.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        // The functions module's runtime jars, as this test JVM has them (less the test and harness-only ones).
        dependencies = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.endsWith(".jar") && entry.contains("repository") && !name.startsWith("aurora-upgrade")
                    && !name.matches("^(junit|opentest4j|apiguardian|jackson-dataformat-(?!csv-)|snakeyaml|sqs|surefire|common-|"
                    + "plexus|maven|launcher).*")) {
                dependencies.add(jar);
            }
        }
        Files.createDirectories(dir.resolve("lib"));
        for (Path jar : dependencies) {
            Files.createLink(dir.resolve("lib").resolve(BuiltArtifactCheck.libName(jar)), jar);
        }
    }

    @Test
    void aDirectoryLaidOutAsSamBuildsItPasses() throws IOException {
        assertEquals(List.of(), BuiltArtifactCheck.problems(dir, HANDLER, dependencies));
    }

    @Test
    void theLoggingConfiguratorMustBeFoundThroughMetaInfServices() throws IOException {
        Files.delete(dir.resolve("META-INF/services/" + BuiltArtifactCheck.CONFIGURATOR_SERVICE));
        assertTrue(BuiltArtifactCheck.problems(dir, HANDLER, dependencies).stream()
                .anyMatch(p -> p.contains("META-INF/services/ch.qos.logback.classic.spi.Configurator is not on the class path")));
    }

    @Test
    void aHandlerThatIsNotThereIsNamed() throws IOException {
        List<String> problems = BuiltArtifactCheck.problems(dir, "dev.auroraupgrade.migration.NoSuchStep::handleRequest",
                dependencies);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("handler dev.auroraupgrade.migration.NoSuchStep::handleRequest does not load")),
                problems::toString);
    }

    @Test
    void aMissingDependencyAndATestClassAreNamed() throws IOException {
        Path jackson = dependencies.stream().filter(j -> j.getFileName().toString().startsWith("jackson-databind"))
                .findFirst().orElseThrow();
        Files.delete(dir.resolve("lib").resolve(BuiltArtifactCheck.libName(jackson)));
        Files.writeString(dir.resolve("dev/auroraupgrade/migration/PreflightMigrationTest.class"), "not a class");
        Files.createDirectories(dir.resolve("dev/auroraupgrade/local"));
        Files.writeString(dir.resolve("dev/auroraupgrade/local/RunLocal.class"), "not a class");
        List<String> problems = BuiltArtifactCheck.problems(dir, HANDLER, dependencies);
        assertTrue(problems.contains("dependency jars missing from lib/: [com.fasterxml.jackson.core."
                + jackson.getFileName() + "]"), problems::toString);
        assertTrue(problems.contains("a test or local-harness file: dev/auroraupgrade/migration/PreflightMigrationTest.class"));
        assertTrue(problems.contains("a test or local-harness file: dev/auroraupgrade/local/RunLocal.class"));
    }

    @Test
    void thePerformancePageMustStateTheMeasuredSize() {
        var size = new BuiltArtifactCheck.PackageSize(212, 20_100_000, 17_400_000, 44);
        String page = "docs/performance.md";
        assertEquals(java.util.Optional.empty(), BuiltArtifactCheck.statedSizeProblem("is 17.5 MB zipped", page, size));
        assertEquals(java.util.Optional.of("docs/performance.md says 15.0 MB zipped; the built package is 17.4 MB"),
                BuiltArtifactCheck.statedSizeProblem("is 15.0 MB zipped", page, size));
        assertEquals(java.util.Optional.of("docs/performance.md states no package size (\"N.N MB zipped\"); measured 17.4"),
                BuiltArtifactCheck.statedSizeProblem("no figure", page, size));
    }
}
