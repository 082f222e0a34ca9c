package dev.auroraupgrade.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Runs a state machine definition on moto's Step Functions interpreter. Each execution gets an account of
 * its own: moto 5.2.1 answers a second StartExecution in one account with HTTP 500 (getmoto/moto#10077),
 * and a fresh account avoids resetting anything an operator's emulator holds.
 */
public final class LocalStepFunctions implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static final Pattern TOKEN = Pattern.compile("\"taskToken\"\\s*:\\s*\"([^\"]+)\"");
    private final URI moto;
    private final SfnClient sfn;
    private final long pollMillis;

    public LocalStepFunctions(URI moto) {
        this.moto = moto;
        this.sfn = SfnClient.builder()
                .endpointOverride(moto)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.pollMillis = 200;
    }

    /**
     * Executions on a real Step Functions (the acceptance suite on AWS): no emulator account routing (pass a null
     * account), and DescribeExecution no more often than {@code poll}.
     */
    public LocalStepFunctions(SfnClient sfn, Duration poll) {
        this.moto = null;
        this.sfn = sfn;
        this.pollMillis = poll.toMillis();
    }

    /** An execution started elsewhere, to follow, answer and await; {@code account} null outside the emulator. */
    public Running attach(String executionArn, String account) {
        return new Running(executionArn, account);
    }

    /** The outcome of one execution, with its full history. */
    public record Execution(String arn, String account, String status, String output, String error, String cause,
                            List<HistoryEvent> events) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        /** How many times a state was entered. */
        public long entered(String state) {
            return events.stream().filter(e -> e.stateEnteredEventDetails() != null
                    && state.equals(e.stateEnteredEventDetails().name())).count();
        }
    }

    /** Makes moto execute definitions instead of only storing them; must precede CreateStateMachine. */
    public void enableExecution() throws IOException {
        HttpURLConnection c = (HttpURLConnection) moto.resolve("/moto-api/config").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write("{\"stepfunctions\":{\"execute_state_machine\":true}}".getBytes(StandardCharsets.UTF_8));
        int code = c.getResponseCode();
        c.disconnect();
        if (code != 200 && code != 201) {
            throw new IOException("moto refused to enable state machine execution (HTTP " + code + ")");
        }
    }

    public static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    /** Creates a state machine in {@code account} (one another definition starts as a nested execution). */
    public String create(String account, String name, String definition) {
        var cfg = inAccount(account);
        try {
            return sfn.createStateMachine(r -> r.name(name).definition(definition)
                    .roleArn("arn:aws:iam::" + account + ":role/local-stepfunctions")
                    .overrideConfiguration(cfg)).stateMachineArn();
        } catch (software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException e) {
            // An earlier local run against the same emulator created it: use it with this run's definition.
            String arn = sfn.listStateMachinesPaginator(r -> r.overrideConfiguration(cfg)).stateMachines().stream()
                    .filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> e).stateMachineArn();
            sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(definition).overrideConfiguration(cfg));
            return arn;
        }
    }

    /** Creates the state machine in {@code account} and starts one execution. */
    public Running start(String account, String name, String definition, String executionName, String input) {
        var cfg = inAccount(account);
        String machine = sfn.createStateMachine(r -> r.name(name).definition(definition)
                .roleArn("arn:aws:iam::" + account + ":role/local-stepfunctions")
                .overrideConfiguration(cfg)).stateMachineArn();
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name(executionName).input(input)
                .overrideConfiguration(cfg)).executionArn();
        return new Running(arn, account);
    }

    /**
     * Starts one more execution of the state machine {@code name} in {@code account}, created first if it is not there
     * (its definition updated if it is): several executions of one machine, as on AWS.
     */
    public Running startOn(String account, String name, String definition, String executionName, String input) {
        var cfg = inAccount(account);
        String machine = create(account, name, definition);
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name(executionName).input(input)
                .overrideConfiguration(cfg)).executionArn();
        return new Running(arn, account);
    }

    /** An execution under way. */
    public final class Running {
        private final String arn;
        private final String account;

        Running(String arn, String account) {
            this.arn = arn;
            this.account = account;
        }

        public String arn() {
            return arn;
        }

        /** Stops the execution, as an operator would (children it started with .sync are its own business). */
        public void stop(String cause) {
            sfn.stopExecution(r -> r.executionArn(arn).error("StoppedLocally").cause(cause).overrideConfiguration(inAccount(account)));
        }

        public boolean isRunning() {
            return describe().status() == ExecutionStatus.RUNNING;
        }

        public List<HistoryEvent> history() {
            return LocalStepFunctions.this.history(arn, inAccount(account));
        }

        /** How many times a state was entered so far. */
        public long entered(String state) {
            return history().stream().filter(e -> e.stateEnteredEventDetails() != null
                    && state.equals(e.stateEnteredEventDetails().name())).count();
        }

        /** The executions this one started (startExecution tasks), from its history. */
        public List<Running> children() {
            List<Running> children = new java.util.ArrayList<>();
            for (HistoryEvent e : history()) {
                var scheduled = e.taskScheduledEventDetails();
                if (scheduled == null || scheduled.parameters() == null || scheduled.resource() == null
                        || !scheduled.resource().startsWith("startExecution")) {
                    continue; // only startExecution tasks start children (a Lambda's payload may mention one)
                }
                try {
                    var p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(scheduled.parameters());
                    String machine = p.path("StateMachineArn").asText();
                    String child = machine.replace(":stateMachine:", ":execution:") + ":" + p.path("Name").asText();
                    children.add(new Running(child, moto == null ? null : machine.split(":")[4]));
                } catch (java.io.IOException ex) {
                    // not a start-execution task
                }
            }
            return children;
        }

        /** The task token of a .waitForTaskToken task still waiting for an answer, if any. */
        public Optional<String> pendingTaskToken() {
            return pendingTaskTokenOf().or(() -> children().stream().filter(c -> {
                try {
                    return c.isRunning();
                } catch (RuntimeException e) {
                    return false; // not started yet
                }
            }).map(Running::pendingTaskToken).flatMap(Optional::stream).findFirst());
        }

        private Optional<String> pendingTaskTokenOf() {
            String token = null;
            for (HistoryEvent e : history()) {
                var scheduled = e.taskScheduledEventDetails();
                if (scheduled != null && scheduled.resource() != null && scheduled.resource().endsWith("waitForTaskToken")) {
                    Matcher m = TOKEN.matcher(scheduled.parameters());
                    token = m.find() ? m.group(1) : null;
                } else if (e.taskSucceededEventDetails() != null || e.taskFailedEventDetails() != null
                        || e.taskTimedOutEventDetails() != null) {
                    token = null; // answered (or timed out): tasks of one execution run one at a time here
                }
            }
            return Optional.ofNullable(token);
        }

        public void sendTaskSuccess(String token, String output) {
            // A token of a child execution is answered in the child's account.
            sfn.sendTaskSuccess(r -> r.taskToken(token).output(output).overrideConfiguration(inAccount(accountOf(token))));
        }

        public void sendTaskFailure(String token, String error, String cause) {
            sfn.sendTaskFailure(r -> r.taskToken(token).error(error).cause(cause).overrideConfiguration(inAccount(accountOf(token))));
        }

        private String accountOf(String token) {
            return pendingTaskTokenOf().filter(token::equals).isPresent() ? account : children().stream()
                    .filter(c -> c.pendingTaskToken().filter(token::equals).isPresent()).map(c -> c.account)
                    .findFirst().orElse(account);
        }

        /** Waits for the execution to end (stopping it at the timeout) and returns how it ended. */
        public Execution await(Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            DescribeExecutionResponse d = describe();
            while (d.status() == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline)) {
                sleep(pollMillis);
                d = describe();
            }
            String status = d.status() == ExecutionStatus.RUNNING ? "TIMED_OUT_LOCALLY" : d.statusAsString();
            if (d.status() == ExecutionStatus.RUNNING) {
                sfn.stopExecution(r -> r.executionArn(arn).error("LocalTimeout").overrideConfiguration(inAccount(account)));
            }
            return new Execution(arn, account, status, d.output(), d.error(), d.cause(), history());
        }

        private DescribeExecutionResponse describe() {
            return sfn.describeExecution(r -> r.executionArn(arn).overrideConfiguration(inAccount(account)));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<HistoryEvent> history(String arn, AwsRequestOverrideConfiguration cfg) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = sfn.getExecutionHistory(r -> r.executionArn(arn).nextToken(next).maxResults(1000)
                    .overrideConfiguration(cfg));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    /** One execution of a state machine, as ListExecutions and DescribeExecution report it. */
    public record ExecutionSummary(String name, String arn, String status, Instant startDate, Instant stopDate) {
    }

    /** Every execution of a state machine in an account whose name starts with {@code prefix}, oldest first. */
    public List<ExecutionSummary> executions(String machineArn, String account, String prefix) {
        List<ExecutionSummary> out = new ArrayList<>();
        for (var page : sfn.listExecutionsPaginator(r -> r.stateMachineArn(machineArn).overrideConfiguration(inAccount(account)))) {
            page.executions().stream().filter(e -> e.name().startsWith(prefix)).forEach(e -> out.add(
                    new ExecutionSummary(e.name(), e.executionArn(), e.statusAsString(), e.startDate(), e.stopDate())));
        }
        out.sort(java.util.Comparator.comparing(ExecutionSummary::startDate));
        return out;
    }

    /** Routes a request to one emulator account (none outside the emulator: a null account). */
    private static AwsRequestOverrideConfiguration inAccount(String account) {
        return account == null ? AwsRequestOverrideConfiguration.builder().build()
                : AwsRequestOverrideConfiguration.builder().putHeader("x-moto-account-id", account).build();
    }


    @Override
    public void close() {
        sfn.close();
    }
}
