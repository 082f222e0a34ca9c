package dev.auroraupgrade.local.bench;

import dev.auroraupgrade.local.DemoClusters;
import dev.auroraupgrade.local.LocalEnvironment;
import dev.auroraupgrade.local.SamTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * scripts/bench --cold-start: for each function of template.yaml, a fresh JVM per run (the function's classpath
 * only, the template's JAVA_TOOL_OPTIONS) to its first response against the local emulator, median of the runs,
 * without and with SnapStart priming; and the size of what Lambda loads. Prints figures; asserts nothing.
 */
public final class ColdStartBench {
    private ColdStartBench() {
    }

    record Run(long loggingMs, long constructMs, long primeMs, long invokeMs, long totalMs, String answer) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        int runs = 3;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--functions" -> only = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String classpath = Files.readString(root.resolve("functions/target/runtime-classpath.txt")).trim();
        List<Path> jars = new ArrayList<>();
        jars.add(root.resolve("functions/target/aurora-upgrade-functions-1.0.0.jar"));
        Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(jars::add);
        long bytes = 0;
        for (Path j : jars) {
            bytes += Files.size(j);
        }
        System.out.printf("what Lambda loads: %d jars, %.1f MB (the function jar %.2f MB); largest:%n", jars.size(),
                bytes / 1e6, Files.size(jars.get(0)) / 1e6);
        jars.stream().sorted(Comparator.comparingLong(ColdStartBench::size).reversed()).limit(5)
                .forEach(j -> System.out.printf("  %6.2f MB  %s%n", size(j) / 1e6, j.getFileName()));
        String childClasspath = jars.get(0) + java.io.File.pathSeparator + classpath + java.io.File.pathSeparator
                + root.resolve("local/target/classes");
        SamTemplate template = SamTemplate.load(root);
        try (LocalEnvironment env = LocalEnvironment.start(root, null, 0, 0, root.resolve("local/target/bench"))) {
            DemoClusters.seed(env.cleanRds());
            System.out.printf("%nfirst response of a fresh JVM, median of %d runs (ms): logging = Logback started "
                    + "(JSON logs); construct = handler and clients built; "
                    + "invoke = first invocation; total = JVM start to response; primed = first invocation after priming "
                    + "(what a SnapStart restore leaves, restore time not included)%n", runs);
            System.out.printf("%-40s %7s %9s %7s %7s %8s  %s%n", "function", "logging", "construct", "invoke", "total", "primed",
                    "answer (an error is a first response too: the sample event assumes the demo run's state)");
            List<Long> totals = new ArrayList<>();
            List<Long> primed = new ArrayList<>();
            List<Long> logging = new ArrayList<>();
            List<Long> construct = new ArrayList<>();
            List<Long> invoke = new ArrayList<>();
            for (var e : template.handlers().entrySet()) {
                if (!only.isEmpty() && !only.contains(e.getKey())) {
                    continue;
                }
                Path event = root.resolve("events/" + e.getKey() + ".json");
                String handler = e.getValue().replaceFirst("::.*$", "");
                List<Run> plain = new ArrayList<>();
                List<Run> withPriming = new ArrayList<>();
                int memoryMb = template.memorySizeMb().get(e.getKey());
                for (int r = 0; r < runs; r++) {
                    plain.add(run(childClasspath, handler, event, false, env, template.environment(), memoryMb));
                    withPriming.add(run(childClasspath, handler, event, true, env, template.environment(), memoryMb));
                }
                Run m = median(plain);
                Run p = median(withPriming);
                totals.add(m.totalMs());
                primed.add(p.invokeMs());
                logging.add(m.loggingMs());
                construct.add(m.constructMs());
                invoke.add(m.invokeMs());
                System.out.printf("%-40s %7d %9d %7d %7d %8d  %s%n", e.getKey(), m.loggingMs(), m.constructMs(), m.invokeMs(), m.totalMs(),
                        p.invokeMs(), m.answer());
            }
            System.out.printf("%nmedian function: %d ms from JVM start to first response; %d ms first invocation after priming%n",
                    medianOf(totals), medianOf(primed));
            System.out.printf("column medians: logging %d ms, construct %d ms, invoke %d ms (the rest: the JVM's own start)%n",
                    medianOf(logging), medianOf(construct), medianOf(invoke));
        }
    }

    private static Run run(String classpath, String handler, Path event, boolean prime, LocalEnvironment env,
                           Map<String, String> stackEnvironment, int memoryMb) throws IOException, InterruptedException {
        // The JVM as Lambda runs it: the function's memory, and the serial collector, which Lambda's Java runtimes use
        // (Lambda Developer Guide, "Customize Java runtime startup behavior"; in a 1 GB container the JVM picks it by
        // itself). On this 2-core, 24 GB machine the JVM would otherwise pick G1 and size its heap for 24 GB.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxRAM=" + memoryMb + "m", "-XX:+UseSerialGC",
                "-cp", classpath, FirstResponse.class.getName(), handler, event.toString()));
        if (prime) {
            cmd.add("--prime");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> childEnv = pb.environment();
        childEnv.putAll(stackEnvironment);
        childEnv.put("AWS_REGION", "us-east-1");
        childEnv.put("AWS_ACCESS_KEY_ID", "local");
        childEnv.put("AWS_SECRET_ACCESS_KEY", "local");
        childEnv.put("AWS_ENDPOINT_URL", env.emulator().toString());
        long spawned = System.currentTimeMillis();
        Process p = pb.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        p.waitFor();
        if (result == null) {
            throw new IllegalStateException(handler + " printed no result (exit " + p.exitValue() + ")");
        }
        String[] f = result.split(" ");
        return new Run(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                Long.parseLong(f[5]) - spawned, f[6]);
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = runs.stream().sorted(Comparator.comparingLong(Run::totalMs)).toList();
        Run m = sorted.get(sorted.size() / 2);
        long invoke = medianOf(runs.stream().map(Run::invokeMs).toList());
        return new Run(m.loggingMs(), m.constructMs(), m.primeMs(), invoke, m.totalMs(), m.answer());
    }

    private static long medianOf(List<Long> values) {
        List<Long> s = values.stream().sorted().toList();
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
