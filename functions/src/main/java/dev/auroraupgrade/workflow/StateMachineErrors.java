package dev.auroraupgrade.workflow;

/**
 * The Error names an execution can end with that no handler throws: the state machine definitions raise them
 * (or, for a rejection, the operator sends it). Every other Error is the name of an exception in
 * {@code dev.auroraupgrade.errors}, or one of Lambda's and Step Functions' own.
 */
public final class StateMachineErrors {
    /** A Wait/Check/Choice loop made maxPollAttempts checks and its resource was still not ready. */
    public static final String POLL_LIMIT_EXCEEDED = "PollLimitExceeded";
    /** Blue/Green: applying the replication setting needs a writer reboot, and allowWriterReboot is false. */
    public static final String WRITER_REBOOT_REQUIRED = "WriterRebootRequiredException";
    /** Blue/Green: the switchover readiness loop reached its bound (lag, tasks, green not ready). */
    public static final String SWITCHOVER_NOT_READY = "SwitchoverNotReadyException";
    /** Blue/Green: nobody approved or rejected within approvalTimeoutSeconds. */
    public static final String APPROVAL_TIMED_OUT = "ApprovalTimedOut";
    /** Blue/Green: what an operator sends with SendTaskFailure to reject the switchover. */
    public static final String SWITCHOVER_REJECTED = "SwitchoverRejected";

    /** Blue/Green, after the switchover: one of blue's scaling policies is of a type the workflow does not put again. */
    public static final String SCALING_POLICY_NOT_RECREATED = "ScalingPolicyNotRecreated";

    /** A nested child of the same deterministic name still runs, started with another input. */
    public static final String NESTED_EXECUTION_RUNNING = "NestedExecutionRunning";

    /**
     * Fleet input organization: an OU lists more accounts than its listing loop reads (FleetOrganization.MAX_PAGES
     * pages of PAGE_SIZE).
     */
    public static final String ORGANIZATIONAL_UNIT_TOO_LARGE = "OrganizationalUnitTooLarge";

    private StateMachineErrors() {
    }
}
