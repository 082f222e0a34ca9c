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
 * Readiness check: blue is available, uses the replication group, and its writer has it in-sync. Status
 * "pending-reboot" tells the state machine a writer reboot is needed; readers still pending are reported.
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
    protected String resource(StepRequest<BlueGreenPlan> request) {
        return request.plan().clusterIdentifier();
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
        // Blue/Green needs the writer in sync with the group (Aurora User Guide, "Creating a blue/green
        // deployment"); with Aurora's reader availability a writer reboot leaves readers pending-reboot.
        DBClusterMember writer = RdsLookup.writerMember(blue).orElse(null);
        String writerStatus = writer == null ? null : writer.dbClusterParameterGroupStatus();
        List<String> readersPending = blue.dbClusterMembers().stream()
                .filter(m -> m != writer)
                .filter(m -> !ResourceStatus.isInSync(m.dbClusterParameterGroupStatus()))
                .map(m -> m.dbInstanceIdentifier() + " " + m.dbClusterParameterGroupStatus()).toList();
        boolean ready = state == ResourceStatus.READY && ResourceStatus.isInSync(writerStatus)
                && plan.replicationParameterGroup().equals(blue.dbClusterParameterGroup());
        String status = ready ? ResourceStatus.IN_SYNC
                : ResourceStatus.PENDING_REBOOT.equals(writerStatus) ? ResourceStatus.PENDING_REBOOT : blue.status();
        String note = ready && !readersPending.isEmpty() ? "readers of '" + id + "' still wait for a reboot to apply "
                + plan.replicationParameterGroup() + " (" + String.join(", ", readersPending) + "); Blue/Green needs only "
                + "the writer in sync, and they apply it at their next reboot" : null;
        return new Observation(ready, status, ready
                ? "the writer of '" + id + "' has " + plan.replicationParameterGroup() + " in-sync"
                : "cluster '" + id + "' is '" + blue.status() + "', writer "
                  + (writer == null ? "missing" : writer.dbInstanceIdentifier() + " " + writerStatus), note);
    }
}
