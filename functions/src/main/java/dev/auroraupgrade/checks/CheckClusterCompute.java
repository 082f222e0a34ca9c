package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Ready when a cluster's compute is as asked: the cluster available, the listed instances available, the given
 * instance its writer, the given instances deleted, the given instances no longer changing. A failed instance
 * (of those that must be available) ends the run by name.
 */
public class CheckClusterCompute extends PollingCheck<ComputeCheckRequest> {
    private final RdsLookup lookup;

    public CheckClusterCompute() {
        this(AwsClients.rds());
    }

    public CheckClusterCompute(RdsClient rds) {
        super(Json.type(ComputeCheckRequest.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected String resource(ComputeCheckRequest request) {
        return request.clusterIdentifier();
    }

    @Override
    protected Observation observe(ComputeCheckRequest request) {
        String id = request.clusterIdentifier();
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("clusterIdentifier", "is required");
        }
        DBCluster cluster = lookup.cluster(id).orElseThrow(() -> new ResourceFailedException(
                "DB cluster '" + id + "' does not exist any more"));
        List<String> waiting = new ArrayList<>();
        if (ResourceStatus.ofCluster(cluster.status()) == ResourceStatus.FAILED) {
            throw new ResourceFailedException("DB cluster '" + id + "' is in status '" + cluster.status() + "'");
        }
        if (!ResourceStatus.isAvailable(cluster.status())) {
            waiting.add("cluster '" + id + "' is '" + cluster.status() + "'");
        }
        List<DBInstance> members = lookup.clusterInstances(id);
        for (String name : request.instances() == null ? List.<String>of() : request.instances()) {
            DBInstance i = members.stream().filter(m -> m.dbInstanceIdentifier().equals(name)).findFirst()
                    .orElseThrow(() -> new ResourceFailedException("DB instance '" + name + "' is not in cluster '" + id
                            + "' (deleted outside this workflow?)"));
            ResourceStatus s = ResourceStatus.ofInstance(i.dbInstanceStatus());
            if (s == ResourceStatus.FAILED) {
                throw new ResourceFailedException("DB instance '" + name + "' is in status '" + i.dbInstanceStatus() + "'");
            }
            if (s != ResourceStatus.READY) {
                waiting.add("instance '" + name + "' is '" + i.dbInstanceStatus() + "'");
            }
        }
        if (request.writer() != null) {
            String writer = java.util.Objects.requireNonNullElse(RdsLookup.writerOf(cluster), "none");
            if (!request.writer().equals(writer)) {
                waiting.add("the writer is '" + writer + "', not yet '" + request.writer() + "'");
            }
        }
        if (Boolean.TRUE.equals(request.anyWriter())) {
            String writerId = RdsLookup.writerOf(cluster);
            var writer = members.stream().filter(i -> i.dbInstanceIdentifier().equals(writerId)).findFirst();
            if (writer.isEmpty()) {
                waiting.add("cluster '" + id + "' has no writer yet");
            } else if (!ResourceStatus.isAvailable(writer.get().dbInstanceStatus())) {
                waiting.add("writer '" + writer.get().dbInstanceIdentifier() + "' is '" + writer.get().dbInstanceStatus() + "'");
            }
        }
        List<String> gone = request.gone() == null ? List.of() : request.gone().stream().map(String::trim).toList();
        members.stream().filter(m -> gone.contains(m.dbInstanceIdentifier()))
                .forEach(m -> waiting.add("instance '" + m.dbInstanceIdentifier() + "' is '" + m.dbInstanceStatus() + "'"));
        List<String> settled = request.settled() == null ? List.of() : request.settled().stream().map(String::trim).toList();
        members.stream().filter(m -> settled.contains(m.dbInstanceIdentifier()))
                .filter(m -> ResourceStatus.ofInstance(m.dbInstanceStatus()) == ResourceStatus.IN_PROGRESS)
                .forEach(m -> waiting.add("instance '" + m.dbInstanceIdentifier() + "' is '" + m.dbInstanceStatus() + "'"));
        List<String> inSync = request.inSync() == null ? List.of() : request.inSync().stream().map(String::trim).toList();
        cluster.dbClusterMembers().stream().filter(m -> inSync.contains(m.dbInstanceIdentifier()))
                .filter(m -> !ResourceStatus.isInSync(m.dbClusterParameterGroupStatus()))
                .forEach(m -> waiting.add("instance '" + m.dbInstanceIdentifier() + "' has its cluster parameter group "
                        + m.dbClusterParameterGroupStatus()));
        boolean ready = waiting.isEmpty();
        return new Observation(ready, ready ? ResourceStatus.AVAILABLE : cluster.status(),
                ready ? "cluster '" + id + "' compute is as asked" : String.join("; ", waiting));
    }
}
