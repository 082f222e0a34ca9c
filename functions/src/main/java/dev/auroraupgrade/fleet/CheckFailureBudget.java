package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.common.MemberClients;
import software.amazon.awssdk.services.sts.StsClient;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Before a cluster of the fleet starts: counts this fleet run's children that failed (FAILED, TIMED_OUT, ABORTED
 * executions of the per-cluster state machine whose name carries the run's tag, started since the fleet started)
 * and says whether one more may start. Map iterations share no state, so the executions are the shared record.
 */
public class CheckFailureBudget extends JsonHandler<CheckFailureBudget.Request, CheckFailureBudget.Answer> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckFailureBudget.class);
    private static final List<ExecutionStatus> FAILURES = List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT,
            ExecutionStatus.ABORTED);

    /** The fleet's bounds as its plan holds them; {@code since} is the fleet execution's start time. */
    public record Request(String stateMachineArn, String childNamePrefix, String since, int maxFailures,
                          /** An organization-wide fleet's member machines (each read through its role); else empty. */
                          List<MemberMachine> memberMachines,
                          /** The fleet state machine's ARN: the external id the member roles require. */
                          String externalId) {
    }

    /** {@code start}: whether the cluster may start; {@code detail}: the count, for the summary. */
    public record Answer(boolean start, int failures, String detail) {
    }

    private final SfnClient sfn;
    private final StsClient sts;
    private final MemberClients.Factory memberClients;

    public CheckFailureBudget() {
        this(AwsClients.sfn(), AwsClients.sts(), AwsClients.members());
    }

    /** A fleet of this account only. */
    public CheckFailureBudget(SfnClient sfn) {
        this(sfn, null, null);
    }

    public CheckFailureBudget(SfnClient sfn, StsClient sts, MemberClients.Factory memberClients) {
        super(Request.class);
        this.sfn = sfn;
        this.sts = sts;
        this.memberClients = memberClients;
    }

    @Override
    protected Answer handle(Request r, Context context) {
        Instant since = Instant.parse(r.since());
        String prefix = r.childNamePrefix() + "-";
        int failures = 0;
        if (r.memberMachines() != null && !r.memberMachines().isEmpty()) {
            // An organization-wide fleet: its children run in each member stack's state machine.
            try (MemberClients members = new MemberClients(sts, memberClients, r.externalId())) {
                for (MemberMachine m : r.memberMachines()) {
                    failures += failures(members.sfn(m.roleArn(), m.region()), m.stateMachineArn(), prefix, since);
                }
            }
        } else {
            failures = failures(sfn, r.stateMachineArn(), prefix, since);
        }
        boolean start = failures <= r.maxFailures();
        String detail = failures + " cluster(s) of this fleet run failed; maxFailures = " + r.maxFailures()
                + (start ? "" : ": the failure budget is spent, no new cluster starts");
        LOG.info("failure budget of {}: {}", r.childNamePrefix(), detail);
        return new Answer(start, failures, detail);
    }

    private static int failures(SfnClient sfn, String machineArn, String prefix, Instant since) {
        int failures = 0;
        for (ExecutionStatus status : FAILURES) {
            // ListExecutions lists the newest first (Step Functions API reference): stop at the fleet's start.
            outer:
            for (var page : sfn.listExecutionsPaginator(q -> q.stateMachineArn(machineArn).statusFilter(status)
                    .maxResults(100))) {
                for (ExecutionListItem e : page.executions()) {
                    if (e.startDate().isBefore(since)) {
                        break outer;
                    }
                    if (e.name().startsWith(prefix)) {
                        failures++;
                    }
                }
            }
        }
        return failures;
    }
}
