package dev.auroraupgrade.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;

/**
 * moto applies every change at once; AWS takes minutes. After each change this makes the changed resource
 * report an in-progress status for its next N describes, so the state machine's Wait/Choice loops run as
 * on AWS. It can also make a change end in a failed status (which then stays), as RDS does.
 */
public final class PendingStatusInterceptor implements ExecutionInterceptor {
    private volatile int pendingPolls;
    private final Map<String, Deque<String>> queued = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, String> sticky = new ConcurrentHashMap<>();

    public PendingStatusInterceptor(int pendingPolls) {
        this.pendingPolls = pendingPolls;
    }

    /** How many describes after each change report the in-progress status. */
    public void setPendingPolls(int pendingPolls) {
        this.pendingPolls = pendingPolls;
    }

    /** Forgets queued statuses and failures, as if whatever made resources fail was fixed. */
    public void reset() {
        queued.clear();
        failures.clear();
        sticky.clear();
    }

    /**
     * After the next {@code operation} (for example "upgrade", "restore", "createInstance", "snapshot",
     * "modifyCluster", "modifyInstance"), the resource ends in {@code failedStatus} instead of available.
     */
    public void failAfter(String operation, String failedStatus) {
        failures.put(operation, failedStatus);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof CreateDbClusterSnapshotRequest r) {
            changed("snapshot", "snapshot:" + r.dbClusterSnapshotIdentifier(), "creating");
        } else if (request instanceof RestoreDbClusterFromSnapshotRequest r) {
            changed("restore", "cluster:" + r.dbClusterIdentifier(), "creating");
        } else if (request instanceof CreateDbInstanceRequest r) {
            changed("createInstance", "instance:" + r.dbInstanceIdentifier(), "creating");
        } else if (request instanceof ModifyDbClusterRequest r) {
            boolean upgrade = r.engineVersion() != null;
            changed(upgrade ? "upgrade" : "modifyCluster", "cluster:" + r.dbClusterIdentifier(),
                    upgrade ? "upgrading" : "modifying");
        } else if (request instanceof ModifyDbInstanceRequest r) {
            changed("modifyInstance", "instance:" + r.dbInstanceIdentifier(), "modifying");
        } else if (response instanceof DescribeDbClustersResponse d) {
            return d.toBuilder().dbClusters(d.dbClusters().stream()
                    .map(c -> override("cluster:" + c.dbClusterIdentifier())
                            .map(s -> c.toBuilder().status(s).build()).orElse(c)).toList()).build();
        } else if (response instanceof DescribeDbInstancesResponse d) {
            return d.toBuilder().dbInstances(d.dbInstances().stream()
                    .map(i -> override("instance:" + i.dbInstanceIdentifier())
                            .map(s -> i.toBuilder().dbInstanceStatus(s).build()).orElse(i)).toList()).build();
        } else if (response instanceof DescribeDbClusterSnapshotsResponse d) {
            return d.toBuilder().dbClusterSnapshots(d.dbClusterSnapshots().stream()
                    .map(s -> override("snapshot:" + s.dbClusterSnapshotIdentifier())
                            .map(st -> s.toBuilder().status(st).build()).orElse(s)).toList()).build();
        }
        return response;
    }

    private void changed(String operation, String key, String inProgress) {
        Deque<String> statuses = new ArrayDeque<>();
        for (int i = 0; i < pendingPolls; i++) {
            statuses.add(inProgress);
        }
        queued.put(key, statuses);
        String failed = failures.remove(operation);
        if (failed != null) {
            sticky.put(key, failed);
        }
    }

    private java.util.Optional<String> override(String key) {
        Deque<String> statuses = queued.get(key);
        String next = statuses == null ? null : statuses.poll();
        if (next != null) {
            return java.util.Optional.of(next);
        }
        return java.util.Optional.ofNullable(sticky.get(key));
    }
}
