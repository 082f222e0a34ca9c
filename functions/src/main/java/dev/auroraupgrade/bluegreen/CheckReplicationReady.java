package dev.auroraupgrade.bluegreen;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.checks.PollState;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * Readiness check: blue is available, uses the replication group, and every member has it in-sync. Status
 * "pending-reboot" tells the state machine a writer reboot is needed.
 */
public class CheckReplicationReady extends JsonHandler<BlueGreenStepRequest, PollState> {
    public static final String PENDING_REBOOT = "pending-reboot";
    private final RdsLookup lookup;

    public CheckReplicationReady() {
        this(AwsClients.rds());
    }

    public CheckReplicationReady(RdsClient rds) {
        super(BlueGreenStepRequest.class);
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected PollState handle(BlueGreenStepRequest request, Context context) {
        BlueGreenPlan plan = request.plan();
        int attempt = (request.attempt() == null ? 0 : request.attempt()) + 1;
        String id = plan.clusterIdentifier();
        DBCluster blue = lookup.cluster(id).orElseThrow(() -> new ResourceFailedException("cluster '" + id + "' disappeared"));
        ResourceStatus state = ResourceStatus.ofCluster(blue.status());
        if (state == ResourceStatus.FAILED) {
            throw new ResourceFailedException("cluster '" + id + "' is in status '" + blue.status() + "'");
        }
        List<String> pending = blue.dbClusterMembers().stream()
                .filter(m -> !"in-sync".equals(m.dbClusterParameterGroupStatus()))
                .map(m -> m.dbInstanceIdentifier() + " " + m.dbClusterParameterGroupStatus()).toList();
        boolean rebootNeeded = blue.dbClusterMembers().stream()
                .map(DBClusterMember::dbClusterParameterGroupStatus).anyMatch(PENDING_REBOOT::equals);
        boolean ready = state == ResourceStatus.READY && pending.isEmpty()
                && plan.replicationParameterGroup().equals(blue.dbClusterParameterGroup());
        String status = ready ? "in-sync" : rebootNeeded ? PENDING_REBOOT : blue.status();
        String detail = ready ? "every member of '" + id + "' has " + plan.replicationParameterGroup() + " in-sync"
                : "cluster '" + id + "' is '" + blue.status() + "'" + (pending.isEmpty() ? "" : ", members: " + pending)
                  + " after check " + attempt;
        return new PollState(attempt, ready, status, Instant.now().toString(), detail);
    }
}
