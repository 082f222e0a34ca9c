package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.checks.PollingCheck;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepRequest;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * Readiness check: blue is available, uses the replication group, and every member has it in-sync. Status
 * "pending-reboot" tells the state machine a writer reboot is needed.
 */
public class CheckReplicationReady extends PollingCheck<StepRequest<BlueGreenPlan>> {
    private final RdsLookup lookup;

    public CheckReplicationReady() {
        this(AwsClients.rds());
    }

    public CheckReplicationReady(RdsClient rds) {
        super(Json.type(StepRequest.class, BlueGreenPlan.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected Observation observe(StepRequest<BlueGreenPlan> request) {
        BlueGreenPlan plan = request.plan();
        String id = plan.clusterIdentifier();
        DBCluster blue = lookup.cluster(id).orElseThrow(() -> new ResourceFailedException("cluster '" + id + "' disappeared"));
        ResourceStatus state = ResourceStatus.ofCluster(blue.status());
        if (state == ResourceStatus.FAILED) {
            throw new ResourceFailedException("cluster '" + id + "' is in status '" + blue.status() + "'");
        }
        List<String> pending = blue.dbClusterMembers().stream()
                .filter(m -> !ResourceStatus.isInSync(m.dbClusterParameterGroupStatus()))
                .map(m -> m.dbInstanceIdentifier() + " " + m.dbClusterParameterGroupStatus()).toList();
        boolean rebootNeeded = blue.dbClusterMembers().stream()
                .map(DBClusterMember::dbClusterParameterGroupStatus).anyMatch(ResourceStatus.PENDING_REBOOT::equals);
        boolean ready = state == ResourceStatus.READY && pending.isEmpty()
                && plan.replicationParameterGroup().equals(blue.dbClusterParameterGroup());
        String status = ready ? ResourceStatus.IN_SYNC : rebootNeeded ? ResourceStatus.PENDING_REBOOT : blue.status();
        return new Observation(ready, status, ready
                ? "every member of '" + id + "' has " + plan.replicationParameterGroup() + " in-sync"
                : "cluster '" + id + "' is '" + blue.status() + "'" + (pending.isEmpty() ? "" : ", members: " + pending));
    }
}
