package dev.auroraupgrade.acceptance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * scripts/test-aws: the acceptance suite, in the manner of terraform-provider-aws. On AWS (opt-in, the script
 * checks AURORA_UPGRADE_AWS_TESTS=1): deploys the stack under a name of this run, runs every scenario through the
 * deployed state machines at once, judges the account's real state, then sweeps everything the run created
 * (also after a failure) and deletes the stack last. With --emulator the local harness plays the deployed stack and
 * everything else is the same code. --sweep deletes what earlier runs left (one with --run-id, else every run's).
 */
public final class AcceptanceSuite {
    /** Rough on-demand prices in us-east-1 (2026), for the printed estimate only. */
    static final double INSTANCE_HOUR_USD = 0.08;

    record Options(boolean emulator, boolean sweepOnly, String runId, String region, boolean yes, List<String> only) {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(parse(args), Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            System.err.println("test-aws: " + e.getMessage());
            code = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("test-aws: " + e);
            code = 1;
        }
        System.exit(code);
    }

    static Options parse(String[] args) {
        boolean emulator = false, sweep = false, yes = false;
        String runId = null, region = System.getenv().getOrDefault("AWS_REGION", System.getenv("AWS_DEFAULT_REGION"));
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--emulator" -> emulator = true;
                case "--sweep" -> sweep = true;
                case "--yes" -> yes = true;
                case "--run-id" -> runId = value(args, ++i, "--run-id");
                case "--region" -> region = value(args, ++i, "--region");
                case "--scenario" -> only.add(value(args, ++i, "--scenario"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (runId != null && !runId.matches("[a-z0-9]{1,20}")) {
            throw new IllegalArgumentException("--run-id takes the id a run printed (lower-case letters and digits)");
        }
        for (String s : only) {
            if (Scenarios.ALL.stream().noneMatch(x -> x.name().equals(s))) {
                throw new IllegalArgumentException("no scenario " + s + "; the scenarios: "
                        + Scenarios.ALL.stream().map(Scenarios.Scenario::name).toList());
            }
        }
        if (!emulator && (region == null || region.isBlank())) {
            throw new IllegalArgumentException("name the Region: --region or AWS_REGION");
        }
        return new Options(emulator, sweep, runId, region, yes, only);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int run(Options o, Path root) throws IOException {
        if (o.sweepOnly()) {
            return sweepOnly(o, root);
        }
        String runId = o.runId() != null ? o.runId() : RunTags.newRunId();
        List<Scenarios.Scenario> chosen = Scenarios.ALL.stream()
                .filter(s -> o.only().isEmpty() || o.only().contains(s.name())).toList();
        printPlan(o, runId, chosen);
        if (!o.emulator() && !confirmed(o)) {
            System.err.println("test-aws: not confirmed; nothing was created (non-interactive runs pass --yes)");
            return 2;
        }
        String stackName = "aurora-upgrade-acc-" + runId;
        try (StackUnderTest stack = o.emulator() ? new EmulatedStack(root, 1) : new DeployedStack(root, stackName, o.region())) {
            Map<String, List<String>> results = new LinkedHashMap<>();
            boolean swept;
            try {
                if (stack instanceof DeployedStack deployed) {
                    System.out.println("deploying " + stackName + " (sam build, sam deploy)...");
                    deployed.deploy(runId);
                }
                System.out.println("running " + chosen.size() + " scenarios at once on " + stack.describe());
                results = runAll(stack, runId, chosen, o.emulator());
            } finally {
                swept = sweep(stack, runId, o.emulator());
            }
            int passed = 0;
            int failed = 0;
            for (var r : results.entrySet()) {
                if (r.getValue().isEmpty()) {
                    passed++;
                    System.out.println("PASSED " + r.getKey());
                } else {
                    failed++;
                    System.out.println("FAILED " + r.getKey());
                    r.getValue().forEach(f -> System.out.println("  " + f));
                }
            }
            if (!swept) {
                failed++;
                System.out.println("FAILED sweep: resources of run " + runId + " are left (scripts/test-aws --sweep --run-id " + runId + ")");
            }
            System.out.println("acceptance: " + passed + " passed, " + failed + " failed");
            if (!o.emulator()) {
                record(root, o.region(), runId, passed, failed);
            }
            return failed == 0 ? 0 : 1;
        }
    }

    static Map<String, List<String>> runAll(StackUnderTest stack, String runId, List<Scenarios.Scenario> chosen, boolean emulator) {
        Scenarios scenarios = new Scenarios(stack, runId, emulator ? Duration.ofMinutes(10) : Duration.ofHours(8),
                emulator ? Duration.ofSeconds(1) : Duration.ofSeconds(30));
        Map<String, List<String>> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(chosen.size());
        try {
            Map<String, Future<List<String>>> futures = new LinkedHashMap<>();
            chosen.forEach(s -> futures.put(s.name(), pool.submit(() -> scenarios.run(s))));
            for (var f : futures.entrySet()) {
                try {
                    results.put(f.getKey(), f.getValue().get());
                } catch (java.util.concurrent.ExecutionException e) {
                    results.put(f.getKey(), List.of("crashed: " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.put(f.getKey(), List.of("interrupted"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** Stops the run's executions, deletes its RDS resources, then the stack; true when nothing of the run is left. */
    static boolean sweep(StackUnderTest stack, String runId, boolean emulator) {
        System.out.println("sweeping run " + runId + "...");
        try {
            stack.stopExecutions(RunTags.prefix(runId));
            Sweeper.Leftovers left = new Sweeper(stack.rds(), emulator ? Duration.ofMillis(500) : Duration.ofSeconds(30),
                    emulator ? Duration.ofMinutes(3) : Duration.ofHours(2), System.out).sweep(runId);
            left.all().forEach(x -> System.out.println("left: " + x));
            if (left.none()) {
                stack.deleteStack();
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            System.out.println("sweep failed: " + e);
            return false;
        }
    }

    static int sweepOnly(Options o, Path root) {
        String scope = o.runId() == null ? "every acceptance run's leftovers" : "run " + o.runId();
        System.out.println("sweeping " + scope + (o.emulator() ? " on the emulator" : " in " + o.region()));
        if (o.emulator()) {
            System.out.println("nothing to sweep: each --emulator run starts its own emulator");
            return 0;
        }
        String stackName = o.runId() == null ? null : "aurora-upgrade-acc-" + o.runId();
        try (DeployedStack stack = new DeployedStack(root, stackName == null ? "aurora-upgrade-acc-none" : stackName, o.region())) {
            if (stackName != null) {
                stack.stopExecutions(RunTags.prefix(o.runId()));
            }
            Sweeper.Leftovers left = new Sweeper(stack.rds(), Duration.ofSeconds(30), Duration.ofHours(2), System.out)
                    .sweep(o.runId());
            left.all().forEach(x -> System.out.println("left: " + x));
            if (left.none() && stackName != null) {
                stack.deleteStack();
            } else if (stackName == null) {
                System.out.println("stacks of earlier runs are named aurora-upgrade-acc-<run id>: delete each with "
                        + "scripts/test-aws --sweep --run-id <id> (which stops its executions first)");
            }
            return left.none() ? 0 : 1;
        }
    }

    static void printPlan(Options o, String runId, List<Scenarios.Scenario> chosen) {
        System.out.println("acceptance run " + runId + (o.emulator() ? " on the local emulator" : " in " + o.region()));
        if (!o.emulator()) {
            System.out.println("deploys: stack aurora-upgrade-acc-" + runId + " (sam build, sam deploy; every resource tagged "
                    + RunTags.KEY + "=" + runId + ")");
        }
        double instanceHours = 0;
        double hours = 0;
        for (Scenarios.Scenario s : chosen) {
            System.out.println("  " + s.name() + " (" + s.workflow() + ", a dry run first): " + s.creates());
            instanceHours += s.instancesAtPeak() * s.awsHours();
            hours = Math.max(hours, s.awsHours());
        }
        if (!o.emulator()) {
            System.out.printf("estimate: about %.0f hours (the scenarios run at once, plus the sweep), about %.0f "
                    + "instance-hours, about US$%.0f-%.0f (instances at about $%.2f/h in us-east-1, storage, Step Functions "
                    + "and Lambda); unverified until a maintainer runs it%n", hours + 0.5, instanceHours,
                    instanceHours * INSTANCE_HOUR_USD, instanceHours * INSTANCE_HOUR_USD * 2, INSTANCE_HOUR_USD);
            System.out.println("afterwards: everything above is deleted, also after a failure; if the run dies, "
                    + "scripts/test-aws --sweep --run-id " + runId);
        }
    }

    private static boolean confirmed(Options o) {
        if (o.yes()) {
            return true;
        }
        if (System.console() == null) {
            return false;
        }
        String answer = System.console().readLine("create these in your account? type yes: ");
        return "yes".equals(answer == null ? null : answer.trim());
    }

    /** The last real runs, kept in the repo (a maintainer commits the line). */
    static void record(Path root, String region, String runId, int passed, int failed) throws IOException {
        Path file = root.resolve("acceptance/RUNS.md");
        String line = "| " + LocalDate.now() + " | " + region + " | " + runId + " | " + passed + " passed, " + failed
                + " failed |\n";
        Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("recorded in acceptance/RUNS.md: commit it");
    }
}
