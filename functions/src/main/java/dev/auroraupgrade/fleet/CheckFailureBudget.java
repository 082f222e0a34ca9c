package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
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
    public record Request(String stateMachineArn, String childNamePrefix, String since, int maxFailures) {
    }

    /** {@code start}: whether the cluster may start; {@code detail}: the count, for the summary. */
    public record Answer(boolean start, int failures, String detail) {
    }

    private final SfnClient sfn;

    public CheckFailureBudget() {
        this(AwsClients.sfn());
    }

    public CheckFailureBudget(SfnClient sfn) {
        super(Request.class);
        this.sfn = sfn;
    }

    @Override
    protected Answer handle(Request r, Context context) {
        Instant since = Instant.parse(r.since());
        String prefix = r.childNamePrefix() + "-";
        int failures = 0;
        for (ExecutionStatus status : FAILURES) {
            // ListExecutions lists the newest first (Step Functions API reference): stop at the fleet's start.
            outer:
            for (var page : sfn.listExecutionsPaginator(q -> q.stateMachineArn(r.stateMachineArn()).statusFilter(status)
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
        boolean start = failures <= r.maxFailures();
        String detail = failures + " cluster(s) of this fleet run failed; maxFailures = " + r.maxFailures()
                + (start ? "" : ": the failure budget is spent, no new cluster starts");
        LOG.info("failure budget of {}: {}", r.childNamePrefix(), detail);
        return new Answer(start, failures, detail);
    }
}
