package dev.auroraupgrade.workflow;

import dev.auroraupgrade.checks.PollState;

/**
 * One moment this run interrupted the cluster's clients (a restart, a reboot, a switchover, a failover), with its
 * length as the run measured it: from the step's request to the first check that saw it done, so at most one wait
 * longer than the interruption itself. {@code seconds} null: not measured, and {@code measured} says why.
 */
public record Interruption(String step, String what, Long seconds, String measured) {

    /**
     * The interruption a step's action caused, or null when it caused none in this run (skipped, or not reached).
     * {@code action} is the step's outcome, {@code check} the last check of the loop that waited for it and
     * {@code done} what that check saw (for the wording).
     */
    public static Interruption of(String step, String what, StepOutcome action, PollState check, String done) {
        if (action == null || !(StepOutcome.MODIFIED.equals(action.action()) || StepOutcome.REUSED.equals(action.action()))) {
            return null;
        }
        if (StepOutcome.REUSED.equals(action.action())) {
            // Started before this step looked (an earlier run, or a retried invocation): its start is not known here.
            return new Interruption(step, what, null, "not measured: it was already under way when this run looked ("
                    + action.detail() + ")");
        }
        Long seconds = StepTiming.measured(action, check);
        if (seconds == null) {
            return new Interruption(step, what, null, "not measured: no check in this run saw " + done);
        }
        return new Interruption(step, what, seconds, "from the request to the first check that saw " + done
                + " (resolution: " + (check.lastWaitSeconds() == null ? "the wait before that check"
                    : "the " + check.lastWaitSeconds() + " s wait before that check") + ")");
    }
}
