package dev.auroraupgrade.acceptance;

import dev.auroraupgrade.local.LocalStepFunctions;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The deployed stack the suite drives: on AWS, the stack {@code sam deploy} created; in CI, the local harness
 * playing it. Only the deploy step differs; the scenarios, assertions and sweeper are the same code.
 */
public interface StackUnderTest extends AutoCloseable {
    /** The template's state machine a workflow (as scripts/run-local names it) starts. */
    static String stateMachineOf(String workflow) {
        var w = dev.auroraupgrade.local.RunLocal.WORKFLOWS.get(workflow);
        if (w == null) {
            throw new IllegalArgumentException("no workflow " + workflow + " (" + dev.auroraupgrade.local.RunLocal.WORKFLOWS.keySet() + ")");
        }
        return w.stateMachine();
    }

    /** What the suite creates sources with, asserts on and sweeps with (the account's real state). */
    RdsClient rds();

    /** Starts one execution of a workflow's state machine. */
    LocalStepFunctions.Running start(String workflow, String executionName, String input);

    /** An input as this stack should run it (the emulator polls every second). */
    String input(String json);

    /** Stops every running execution this run started (names start with the prefix): the sweeper's first step. */
    void stopExecutions(String namePrefix);

    /** Deletes the stack itself, the sweeper's last step (nothing on the emulator). */
    void deleteStack();

    /** For the report: where this ran. */
    String describe();

    @Override
    void close();
}
