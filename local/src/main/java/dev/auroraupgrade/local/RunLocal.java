package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * scripts/run-local: runs a whole workflow on the local emulator with the real state machine definition and
 * the real handler classes, prints a timeline and the output, and exits 0 only when the execution SUCCEEDED.
 */
public final class RunLocal {
    /** The workflows by the name scripts/run-local and the acceptance suite take, with the default sample input. */
    public static final Map<String, Workflow> WORKFLOWS = Map.of(
            "migrate", new Workflow("MigrateServerlessV1ToV2StateMachine", "events/execution-input-mysql.json"),
            "blue-green", new Workflow("BlueGreenUpgradeStateMachine", "events/execution-input-blue-green-mysql.json"),
            "in-place", new Workflow("ServerlessV2InPlaceStateMachine", "events/execution-input-in-place-mysql.json"),
            "rehearse", new Workflow("RehearseUpgradeStateMachine", "events/execution-input-rehearse-mysql.json"),
            "fleet", new Workflow("FleetStateMachine", "events/execution-input-fleet-selector.json"));

    static final int LOCAL_POLL_INTERVAL_SECONDS = 1;

    public record Workflow(String stateMachine, String defaultInput) {
    }

    record Options(Path input, URI endpoint, int lambdaPort, boolean seed, int pendingPolls, String workflow,
                   boolean autoApprove, boolean organization) {
    }

    private static final String USAGE = """
            usage: scripts/run-local [options]
              --workflow NAME     migrate (default), blue-green, in-place, rehearse or fleet
              --input FILE        execution input (default: events/execution-input-mysql.json,
                                  events/execution-input-blue-green-mysql.json for blue-green,
                                  events/execution-input-in-place-mysql.json for in-place,
                                  events/execution-input-rehearse-mysql.json for rehearse,
                                  events/execution-input-fleet-selector.json for fleet: 12 demo clusters)
              --auto-approve      answer the Blue/Green approval step with approval (in-place: the nested one's)
              --organization      with --workflow fleet: a demo organization (two OUs and two nested below one,
                                  four member accounts with member stacks and demo clusters, one of them two
                                  levels below a named OU, one suspended account) whose management account
                                  runs the fleet over the two top OUs, walking their child OUs (fleet input
                                  organization)
              --endpoint URL      use an emulator already running at URL, started with MOTO_PORT=<lambda port>;
                                  nothing there is reset or deleted
              --lambda-port N     port of the local Lambda endpoint (required with --endpoint)
              --no-seed           do not create the demo clusters (Serverless v1, provisioned, converted v1)
              --pending-polls N   resources report in-progress statuses for their first N polls after each
                                  change, so the Wait/Choice loops run as on AWS (default 2)
            """;

    public static void main(String[] args) {
        int code;
        try {
            code = run(parse(args), Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize());
        } catch (UsageException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("run-local: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    static int run(Options o, Path root) throws IOException {
        Workflow workflow = WORKFLOWS.get(o.workflow());
        Path inputFile = o.input() != null ? o.input() : root.resolve(workflow.defaultInput());
        String raw = o.organization() ? null : Files.readString(inputFile);
        Path work = root.resolve("local/target/local-run");
        try (LocalEnvironment env = LocalEnvironment.start(root, o.endpoint(), o.lambdaPort(), o.pendingPolls(), work)) {
            System.out.println("emulator:         " + env.emulator() + (o.endpoint() == null ? " (moto_server started for this run)" : ""));
            System.out.println("lambda endpoint:  " + env.lambda().endpoint() + " (" + env.template().handlers().size()
                    + " functions from template.yaml)");
            // An organization's fleet runs in its management account, chosen first: the member stacks trust its ARN.
            String orchestrator = o.organization() ? LocalStepFunctions.newAccount() : null;
            if (o.organization()) {
                var demo = DemoOrganization.seed(env, orchestrator,
                        LocalEnvironment.stateMachineArn(workflow.stateMachine(), orchestrator));
                demo.created().forEach(line -> System.out.println("demo organization: " + line));
                raw = demo.input();
            } else if (o.seed()) {
                List<String> created = DemoClusters.seed(env.rds());
                System.out.println("demo clusters:    " + (created.isEmpty() ? "already there" : "created " + String.join(", ", created)));
            }
            String input = localInput(raw);
            System.out.println("input:            " + (o.organization() ? raw : root.relativize(inputFile.toAbsolutePath().normalize()))
                    + (input.equals(raw) ? "" : " (polling every " + LOCAL_POLL_INTERVAL_SECONDS + " s for the emulator)"));
            String name = "local-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            System.out.println("execution:        " + name + " (" + workflow.stateMachine() + ")");
            System.out.println();
            LocalStepFunctions.Running running = o.organization() ? env.start(workflow.stateMachine(), name, input, orchestrator)
                    : env.start(workflow.stateMachine(), name, input);
            // The progress lines list this account's children; an organization's run in the member accounts.
            FleetProgress progress = o.workflow().equals("fleet") && !o.organization() ? FleetProgress.of(env, input, name) : null;
            boolean hinted = false;
            while (running.isRunning()) {
                if (progress != null) {
                    progress.print();
                }
                var token = running.pendingTaskToken();
                if (token.isPresent() && o.autoApprove()) {
                    running.sendTaskSuccess(token.get(), "{\"approvedBy\":\"run-local --auto-approve\"}");
                    System.out.println("approval:         requested on the notification topic; approved (--auto-approve)");
                } else if (token.isPresent() && !hinted) {
                    System.out.println("approval:         requested on the notification topic; waiting (run with "
                            + "--auto-approve to answer it, or stop with Ctrl-C)");
                    hinted = true;
                }
                LocalStepFunctions.sleep(500);
            }
            LocalStepFunctions.Execution ex = running.await(Duration.ofMinutes(30));
            if (progress != null) {
                progress.print();
                System.out.println();
            }
            if (o.workflow().equals("fleet")) {
                if (ex.succeeded()) {
                    System.out.println("summary:");
                    System.out.println(new ObjectMapper().readTree(ex.output()).path("text").asText().indent(2));
                }
            }
            System.out.println("timeline:");
            Timeline.render(ex.events()).forEach(System.out::println);
            System.out.println();
            // What CloudWatch would extract from the functions' logs (namespace "AuroraUpgrade"), as they logged it.
            List<LocalMetrics.Line> metrics = env.lambda().metricLines();
            System.out.println("metrics:          " + metrics.size() + " EMF line(s) the functions logged"
                    + (metrics.isEmpty() ? "" : " (full lines: " + root.relativize(work.resolve("metrics.emf.jsonl")) + ")"));
            metrics.forEach(m -> System.out.println("  " + LocalMetrics.describe(m)));
            Files.write(work.resolve("metrics.emf.jsonl"), metrics.stream().map(LocalMetrics.Line::json).toList());
            System.out.println();
            System.out.println("status: " + ex.status());
            ObjectMapper json = new ObjectMapper();
            if (ex.succeeded()) {
                JsonNode output = json.readTree(ex.output());
                if (o.workflow().equals("rehearse")) {
                    printRehearsal(output);
                }
                System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(output));
                return 0;
            }
            System.out.println("error:  " + ex.error());
            System.out.println("cause:  " + ex.cause());
            return 1;
        }
    }

    /** A rehearsal's verdict first: what a DBA reads before the window. */
    private static void printRehearsal(JsonNode out) {
        System.out.println("verdict:          " + out.path("status").asText() + ": " + out.path("summary").asText());
        for (JsonNode f : out.path("failedChecks")) {
            System.out.println("failed check:     " + f.path("check").asText() + (f.path("objects").isEmpty() ? ""
                    : " " + f.path("objects")) + ": " + f.path("description").asText());
        }
        for (JsonNode w : out.path("warnings")) {
            System.out.println("warning:          " + w.path("check").asText() + (w.path("objects").isEmpty() ? ""
                    : " " + w.path("objects")) + ": " + w.path("description").asText());
        }
        JsonNode d = out.path("durations");
        System.out.println("measured:         clone " + d.path("cloneSeconds").asText() + " s, writer "
                + d.path("instanceSeconds").asText() + " s, upgrade " + d.path("upgradeSeconds").asText() + " s ("
                + d.path("measuredBy").asText() + ")");
        System.out.println("clone deleted:    " + out.path("cloneDeleted").asText() + "; result stored at "
                + out.path("storedAt").asText());
        System.out.println();
    }

    /**
     * The emulator changes nothing slowly, so a local run polls every second unless the input says otherwise;
     * the sample inputs are written for AWS, where the adaptive default (10 s to 5 min) is right.
     */
    public static String localInput(String json) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode node = mapper.readTree(json);
        if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return json;
        }
        // A fleet's input carries the per-cluster fields in its defaults.
        var target = object.has("workflow") ? (object.has("defaults") ? (com.fasterxml.jackson.databind.node.ObjectNode)
                object.get("defaults") : object.putObject("defaults")) : object;
        if (target.has("pollIntervalSeconds") || target.has("minPollSeconds") || target.has("maxPollSeconds")) {
            return json;
        }
        target.put("minPollSeconds", LOCAL_POLL_INTERVAL_SECONDS);
        target.put("maxPollSeconds", LOCAL_POLL_INTERVAL_SECONDS);
        return mapper.writeValueAsString(object);
    }

    /** A fleet's children as they start and end, one line per change. */
    static final class FleetProgress {
        private final LocalEnvironment env;
        private final String machine;
        private final String prefix;
        private final Map<String, String> seen = new java.util.HashMap<>();

        private FleetProgress(LocalEnvironment env, String machine, String prefix) {
            this.env = env;
            this.machine = machine;
            this.prefix = prefix;
        }

        static FleetProgress of(LocalEnvironment env, String input, String executionName) throws IOException {
            JsonNode in = new ObjectMapper().readTree(input);
            Workflow child = WORKFLOWS.get(in.path("workflow").asText());
            if (child == null || in.path("workflow").asText().equals("fleet")) {
                return null; // the fleet refuses it itself, by name
            }
            String runId = in.path("fleetRunId").asText(executionName);
            System.out.println(String.format("%-32s %-10s %s", "cluster", "child", "(as the fleet runs)"));
            return new FleetProgress(env, child.stateMachine(), dev.auroraupgrade.rds.RdsNames.fleetRunTag(runId) + "-");
        }

        void print() {
            int running = 0;
            for (var e : env.nestedExecutions(machine, prefix)) {
                // <run tag>-<input tag>-<cluster>
                String rest = e.name().substring(prefix.length());
                String cluster = rest.substring(rest.indexOf('-') + 1);
                String line = e.status() + (e.stopDate() == null ? ""
                        : " after " + Duration.between(e.startDate(), e.stopDate()).toSeconds() + " s");
                running += e.status().equals("RUNNING") ? 1 : 0;
                if (!line.equals(seen.put(e.name(), line))) {
                    System.out.println(String.format("%-32s %s", cluster, line));
                }
            }
            seen.put("#running", String.valueOf(running));
        }
    }

    static Options parse(String[] args) {
        Path input = null;
        URI endpoint = null;
        int lambdaPort = 0;
        boolean seed = true;
        boolean autoApprove = false;
        boolean organization = false;
        int pending = 2;
        String workflow = "migrate";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--input" -> input = Path.of(value(args, ++i, a));
                case "--endpoint" -> endpoint = URI.create(value(args, ++i, a));
                case "--lambda-port" -> lambdaPort = number(value(args, ++i, a), a, 1, 65535);
                case "--no-seed" -> seed = false;
                case "--auto-approve" -> autoApprove = true;
                case "--organization" -> organization = true;
                case "--pending-polls" -> pending = number(value(args, ++i, a), a, 0, 100);
                case "--workflow" -> workflow = value(args, ++i, a);
                case "-h", "--help" -> throw new UsageException("help");
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (!WORKFLOWS.containsKey(workflow)) {
            throw new UsageException("unknown workflow '" + workflow + "' (known: " + String.join(", ", WORKFLOWS.keySet()) + ")");
        }
        if (endpoint != null && lambdaPort == 0) {
            throw new UsageException("--endpoint needs --lambda-port: the MOTO_PORT that emulator was started with");
        }
        if (organization && (!workflow.equals("fleet") || input != null)) {
            throw new UsageException("--organization is a fleet demo with its own input: use it with --workflow fleet, "
                    + "without --input");
        }
        return new Options(input, endpoint, lambdaPort, seed, pending, workflow, autoApprove, organization);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String s, String option, int min, int max) {
        try {
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw new UsageException(option + " must be within " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + s + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
