package dev.auroraupgrade.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auroraupgrade.local.LocalStepFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The stack on a real account, deployed the way a user deploys it ({@code sam build}, then {@code sam deploy} with
 * no prompts) under a name of this run; its state machines found from the stack's outputs ({@code sam list
 * stack-outputs}); deleted last by {@code sam delete}. AWS credentials come from the default chain.
 */
public final class DeployedStack implements StackUnderTest {
    private final Path root;
    private final String stackName;
    private final String region;
    private final RdsClient rds;
    private final SfnClient sfn;
    private final LocalStepFunctions executions;
    private Map<String, String> machines;

    public DeployedStack(Path root, String stackName, String region) {
        this.root = root;
        this.stackName = stackName;
        this.region = region;
        this.rds = RdsClient.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build();
        this.sfn = SfnClient.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create()).build();
        // DescribeExecution every 30 s: a run lasts hours, and Step Functions throttles describe calls per account.
        this.executions = new LocalStepFunctions(sfn, Duration.ofSeconds(30));
    }

    /** sam build and sam deploy, no prompts, every resource tagged with the run. */
    public void deploy(String runId) {
        sam("build");
        sam("deploy", "--stack-name", stackName, "--region", region, "--resolve-s3", "--no-confirm-changeset",
                "--no-fail-on-empty-changeset", "--capabilities", "CAPABILITY_IAM",
                "--tags", RunTags.KEY + "=" + runId);
        machines = null;
    }

    private Map<String, String> machines() {
        if (machines == null) {
            try {
                JsonNode outputs = new ObjectMapper().readTree(sam("list", "stack-outputs", "--stack-name", stackName,
                        "--region", region, "--output", "json"));
                Map<String, String> byKey = new LinkedHashMap<>();
                outputs.forEach(o -> byKey.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
                Map<String, String> found = new LinkedHashMap<>();
                // The template's output for each state machine is its logical id + "Arn".
                for (String workflow : dev.auroraupgrade.local.RunLocal.WORKFLOWS.keySet()) {
                    String key = StackUnderTest.stateMachineOf(workflow) + "Arn";
                    if (byKey.containsKey(key)) {
                        found.put(workflow, byKey.get(key));
                    }
                }
                machines = found;
            } catch (IOException | IllegalStateException e) {
                return Map.of(); // no stack (a sweep after a failed deploy)
            }
        }
        return machines;
    }

    @Override
    public RdsClient rds() {
        return rds;
    }

    @Override
    public LocalStepFunctions.Running start(String workflow, String executionName, String input) {
        String machine = machines().get(workflow);
        if (machine == null) {
            throw new IllegalStateException("stack " + stackName + " has no output for the " + workflow + " state machine");
        }
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name(executionName).input(input)).executionArn();
        return executions.attach(arn, null);
    }

    @Override
    public String input(String json) {
        return json; // AWS's pace: the workflows' adaptive polling as users run them
    }

    @Override
    public void stopExecutions(String namePrefix) {
        for (String machine : machines().values()) {
            sfn.listExecutionsPaginator(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING)).executions()
                    .stream().filter(e -> e.name().startsWith(namePrefix))
                    .forEach(e -> sfn.stopExecution(r -> r.executionArn(e.executionArn()).error("AcceptanceSweep")
                            .cause("stopped by scripts/test-aws --sweep")));
        }
    }

    @Override
    public void deleteStack() {
        sam("delete", "--stack-name", stackName, "--region", region, "--no-prompts");
    }

    @Override
    public String describe() {
        return "stack " + stackName + " in " + region;
    }

    private String sam(String... args) {
        List<String> command = new ArrayList<>();
        command.add("sam");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        rds.close();
        sfn.close();
    }
}
