package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidInputException;

/**
 * The longest one execution of a per-cluster workflow can run, from its own bounds: every polling loop run (its
 * maxWaitSeconds of waiting and maxPollAttempts checks), every other task with all its retries, the approval wait,
 * and for the in-place route the nested Blue/Green. A parent that waits for a child (the fleet, the in-place route)
 * must give it longer: a child its parent stops at a timeout runs no Catch, and could leave green running and billed.
 * The shape of each workflow (how many loop runs and tasks) is declared here; a test checks it against the
 * generated definitions, and the definitions take their task timeout and retries from here.
 */
public final class WorkflowBounds {
    private WorkflowBounds() {
    }

    /** Step Functions: a Standard workflow execution runs at most one year (Step Functions quotas). */
    public static final int MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

    /** Every Lambda task's TimeoutSeconds: a handler answers in seconds; room for a cold start and SDK retries. */
    public static final int LAMBDA_TASK_TIMEOUT_SECONDS = 120;
    /** Lambda's own transient errors: first retry after 2 s, doubling, 6 retries. */
    public static final int LAMBDA_ERROR_INTERVAL_SECONDS = 2;
    public static final int LAMBDA_ERROR_RETRIES = 6;
    /** Throttling or 5xx that outlived the SDK's own attempts: first retry after 3 s, doubling, 5 retries. */
    public static final int TRANSIENT_INTERVAL_SECONDS = 3;
    public static final int TRANSIENT_RETRIES = 5;
    public static final int BACKOFF_RATE = 2;

    /** One task with every retry, each attempt up to its timeout, plus the intervals between them. */
    public static final long TASK_WORST_SECONDS = (1L + LAMBDA_ERROR_RETRIES + TRANSIENT_RETRIES) * LAMBDA_TASK_TIMEOUT_SECONDS
            + backoff(LAMBDA_ERROR_INTERVAL_SECONDS, LAMBDA_ERROR_RETRIES) + backoff(TRANSIENT_INTERVAL_SECONDS, TRANSIENT_RETRIES);

    /** Blue/Green's approval wait (approvalTimeoutSeconds), as its pre-flight bounds it. */
    public static final int DEFAULT_APPROVAL_SECONDS = 86_400;
    public static final int MAX_APPROVAL_SECONDS = 604_800;
    /** RDS SwitchoverTimeout, as the Blue/Green pre-flight bounds it. */
    public static final int DEFAULT_SWITCHOVER_SECONDS = 300;
    public static final int MAX_SWITCHOVER_SECONDS = 3_600;
    /** retireOldBlueAfterHours: old blue stands at most 30 days after the switchover before this run deletes it. */
    public static final int MAX_RETIRE_OLD_BLUE_HOURS = 720;
    /** A parent notices a child's end only after .sync's own polling; an hour covers it. */
    public static final int PARENT_MARGIN_SECONDS = 3_600;

    /**
     * What a workflow's definition is made of, for its worst case: loop runs (a loop entered twice counts twice),
     * actions run again after each check of a loop (a "not yet" answer), and every other task state (each runs at
     * most once: counting all of them bounds any path). StateMachinesTest counts them in the definitions.
     */
    public enum Shape {
        MIGRATE(6, 0, 11),
        /**
         * The readiness loop runs again after an approval; the minor upgrade first, when planned, is a loop of its own;
         * with serverlessGreen, green's compute move has the in-place route's five loops and its retried removal; the
         * old blue's retirement (snapshot, instances, cluster) has three loops and three actions; restoreReplicationSettings
         * one action and the loop for the writer's reboot; reading and re-creating blue's Application Auto Scaling five SDK tasks.
         */
        BLUE_GREEN(15, 1, 28),
        /** The removal is tried again after each check of the loop waiting for the instances to settle. */
        IN_PLACE(6, 1, 16),
        /**
         * Clone, its writer, the upgrade, the clone's deletion; a leftover clone still being deleted is waited for and
         * the clone tried again, and so is the cluster's deletion while its writer goes; the Price List read before the
         * pre-flight is one task state more.
         */
        REHEARSE(6, 2, 14);

        public final int loopRuns;
        public final int retriedActions;
        public final int taskStates;

        Shape(int loopRuns, int retriedActions, int taskStates) {
            this.loopRuns = loopRuns;
            this.retriedActions = retriedActions;
            this.taskStates = taskStates;
        }

        public static Shape of(WorkflowKind kind) {
            return switch (kind) {
                case MIGRATE -> MIGRATE;
                case BLUE_GREEN -> BLUE_GREEN;
                case IN_PLACE -> IN_PLACE;
                case REHEARSE -> REHEARSE;
            };
        }
    }

    /** The polling defaults each workflow's pre-flight applies. */
    public static PollSettings pollDefaults(WorkflowKind kind) {
        return kind == WorkflowKind.BLUE_GREEN || kind == WorkflowKind.REHEARSE ? PollSettings.BLUE_GREEN_DEFAULTS
                : PollSettings.MIGRATION_DEFAULTS;
    }

    /**
     * The longest a Blue/Green execution with these bounds runs (without the parent's margin); with
     * {@code retireOldBlueAfterHours} (null: none) its Wait before the old blue's retirement counts in full.
     */
    public static long blueGreenSeconds(PollSettings poll, int approvalSeconds, int switchoverSeconds,
                                        Integer retireOldBlueAfterHours) {
        return own(Shape.BLUE_GREEN, poll) + approvalSeconds + switchoverSeconds
                + (retireOldBlueAfterHours == null ? 0 : retireOldBlueAfterHours * 3600L);
    }

    /** The longest an in-place execution runs whose nested Blue/Green may take {@code nestedSeconds} (0: none). */
    public static long inPlaceSeconds(PollSettings poll, long nestedSeconds) {
        return own(Shape.IN_PLACE, poll) + nestedSeconds;
    }

    /** How long a parent waits for a child that may run {@code worstSeconds}: longer, within Step Functions' year. */
    public static int parentTimeout(long worstSeconds) {
        return (int) Math.min(MAX_EXECUTION_SECONDS, worstSeconds + PARENT_MARGIN_SECONDS);
    }

    /**
     * The longest a child of this kind with this raw input can run. An input its pre-flight would refuse ends the
     * child at once; it gets the worst case of any legal input, so planning never fails on it.
     */
    public static long childSeconds(WorkflowKind kind, JsonNode input) {
        PollSettings poll;
        PollSettings nestedPoll;
        int approval;
        int switchover;
        Integer retire;
        try {
            poll = PollSettings.from(integer(input, "pollIntervalSeconds"), integer(input, "minPollSeconds"),
                    integer(input, "maxPollSeconds"), integer(input, "maxPollAttempts"), integer(input, "maxWaitSeconds"),
                    pollDefaults(kind));
            nestedPoll = PollSettings.from(integer(input, "pollIntervalSeconds"), integer(input, "minPollSeconds"),
                    integer(input, "maxPollSeconds"), integer(input, "maxPollAttempts"), integer(input, "maxWaitSeconds"),
                    PollSettings.BLUE_GREEN_DEFAULTS);
            approval = within(integer(input, "approvalTimeoutSeconds"), DEFAULT_APPROVAL_SECONDS, MAX_APPROVAL_SECONDS);
            switchover = within(integer(input, "switchoverTimeoutSeconds"), DEFAULT_SWITCHOVER_SECONDS, MAX_SWITCHOVER_SECONDS);
            Integer hours = integer(input, "retireOldBlueAfterHours");
            retire = hours == null ? null : within(hours, 0, MAX_RETIRE_OLD_BLUE_HOURS);
        } catch (InvalidInputException e) {
            poll = nestedPoll = new PollSettings(1, PollSettings.MAX_INTERVAL_SECONDS, PollSettings.MAX_ATTEMPTS,
                    PollSettings.MAX_WAIT_SECONDS);
            approval = MAX_APPROVAL_SECONDS;
            switchover = MAX_SWITCHOVER_SECONDS;
            retire = MAX_RETIRE_OLD_BLUE_HOURS;
        }
        return switch (kind) {
            case MIGRATE -> own(Shape.MIGRATE, poll);
            case BLUE_GREEN -> blueGreenSeconds(poll, approval, switchover, retire);
            case IN_PLACE -> inPlaceSeconds(poll, parentTimeout(blueGreenSeconds(nestedPoll, approval, switchover, retire)));
            case REHEARSE -> rehearsalSeconds(poll, keepHours(input));
        };
    }

    /** The most hours a rehearsal keeps its upgraded clone (keepCloneHours), as its pre-flight bounds it. */
    public static final int MAX_KEEP_CLONE_HOURS = 72;

    /** The longest a rehearsal runs that keeps its clone {@code keepHours} after the upgrade. */
    public static long rehearsalSeconds(PollSettings poll, int keepHours) {
        return own(Shape.REHEARSE, poll) + keepHours * 3600L;
    }

    private static int keepHours(JsonNode input) {
        try {
            Integer hours = integer(input, "keepCloneHours");
            return hours == null ? 0 : hours < 0 || hours > MAX_KEEP_CLONE_HOURS ? MAX_KEEP_CLONE_HOURS : hours;
        } catch (InvalidInputException e) {
            return MAX_KEEP_CLONE_HOURS;
        }
    }

    /** Loops (waiting and checking), actions tried again per check, and every other task. */
    private static long own(Shape shape, PollSettings poll) {
        long perLoop = poll.maxWaitSeconds() + (long) poll.maxAttempts() * TASK_WORST_SECONDS;
        return shape.loopRuns * perLoop + (long) shape.retriedActions * poll.maxAttempts() * TASK_WORST_SECONDS
                + shape.taskStates * TASK_WORST_SECONDS;
    }

    private static long backoff(int interval, int retries) {
        long sum = 0;
        long next = interval;
        for (int i = 0; i < retries; i++) {
            sum += next;
            next *= BACKOFF_RATE;
        }
        return sum;
    }

    /** An integer field, null when absent; anything else is an input the pre-flight refuses. */
    private static Integer integer(JsonNode input, String field) {
        JsonNode v = input == null ? null : input.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInputException(field, "is not an integer");
        }
        return v.intValue();
    }

    /** The value within its legal range (the pre-flight refuses others), or the default. */
    private static int within(Integer value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > max) {
            throw new InvalidInputException("timeout", "out of range");
        }
        return value;
    }
}
