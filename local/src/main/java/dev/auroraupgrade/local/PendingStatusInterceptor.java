package dev.auroraupgrade.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.CreateBlueGreenDeploymentRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DescribeBlueGreenDeploymentsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterParameterGroupRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.SwitchoverBlueGreenDeploymentRequest;

/**
 * moto applies every change at once; AWS takes minutes. After each change this makes the changed resource
 * report an in-progress status for its next N describes, so the state machine's Wait/Choice loops run as
 * on AWS. It can also make a change end in a failed status (which then stays), as RDS does. And, as on
 * Aurora, a cluster whose parameter group changed reports each member "pending-reboot" until that member is
 * rebooted (moto reports "in-sync" at once).
 */
public final class PendingStatusInterceptor implements ExecutionInterceptor {
    private volatile int pendingPolls;
    private final Map<String, Deque<String>> queued = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, String> sticky = new ConcurrentHashMap<>();
    private final Map<String, String> stickyDetails = new ConcurrentHashMap<>();
    private final Map<String, DBCluster> lastSeen = new ConcurrentHashMap<>();
    /** Per cluster, the members whose parameter group waits for their own reboot. */
    private final Map<String, Set<String>> pendingReboot = new ConcurrentHashMap<>();
    private volatile boolean parameterChangesNeedReboot = true;

    /** The replay benchmark: operations take their scenario's virtual seconds instead of N polls. */
    private volatile VirtualClock clock;
    private volatile Map<String, Double> durations = Map.of();
    private final Map<String, Double> readyAt = new ConcurrentHashMap<>();
    private final Map<String, String> inProgress = new ConcurrentHashMap<>();
    private final java.util.List<Detection> detections = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** When a changed resource became ready (virtual seconds) and when a describe first saw it so. */
    public record Detection(String operation, String resource, double readyAt, double seenAt) {
        public double lagSeconds() {
            return seenAt - readyAt;
        }
    }

    /** The SwitchoverDetails RDS would list, per member (the local rules know them); null keeps moto's. */
    private volatile java.util.function.Function<software.amazon.awssdk.services.rds.model.BlueGreenDeployment,
            java.util.List<software.amazon.awssdk.services.rds.model.SwitchoverDetail>> switchoverMembers;

    void switchoverMembers(java.util.function.Function<software.amazon.awssdk.services.rds.model.BlueGreenDeployment,
            java.util.List<software.amazon.awssdk.services.rds.model.SwitchoverDetail>> members) {
        this.switchoverMembers = members;
    }

    public PendingStatusInterceptor(int pendingPolls) {
        this.pendingPolls = pendingPolls;
    }

    /**
     * Replay mode: each operation ("snapshot", "restore", "upgrade", ...) keeps its resource in progress for its
     * scenario's duration in virtual seconds; describes record when they first see it ready.
     */
    public void replay(VirtualClock clock, Map<String, Double> durations) {
        this.clock = clock; // null ends replay mode
        this.durations = Map.copyOf(durations);
        readyAt.clear();
        startedAt.clear();
        inProgress.clear();
        detections.clear();
    }

    /** What the describes saw in replay mode, in order. */
    public java.util.List<Detection> detections() {
        return java.util.List.copyOf(detections);
    }

    /** How many describes after each change report the in-progress status. */
    public void setPendingPolls(int pendingPolls) {
        this.pendingPolls = pendingPolls;
    }

    /** Forgets queued statuses, failures and pending reboots, as if whatever made resources fail was fixed. */
    public void reset() {
        queued.clear();
        failures.clear();
        sticky.clear();
        stickyDetails.clear();
        pendingReboot.clear();
        parameterChangesNeedReboot = true;
    }

    /** Whether a changed cluster parameter group waits for a reboot ("pending-reboot"), as on Aurora (default). */
    public void setParameterChangesNeedReboot(boolean needReboot) {
        this.parameterChangesNeedReboot = needReboot;
    }

    /**
     * After the next {@code operation} (for example "upgrade", "restore", "createInstance", "snapshot",
     * "modifyCluster", "modifyInstance", "createBlueGreen", "switchover"), the resource ends in
     * {@code failedStatus} instead of available.
     */
    public void failAfter(String operation, String failedStatus) {
        failures.put(operation, failedStatus);
    }

    /** From now on the resource reports this status (and, for a Blue/Green deployment, these StatusDetails). */
    public void stick(String key, String status, String details) {
        if (status != null) {
            sticky.put(key, status);
        }
        if (details != null) {
            stickyDetails.put(key, details);
        }
    }

    /**
     * The status a stuck or replayed resource reports now, without using up a describe; empty when moto's stands.
     * Queued statuses (the first N describes after a change) are left out: they model how long polling takes.
     */
    java.util.Optional<String> reported(String key) {
        Double ready = clock == null ? null : readyAt.get(key);
        if (ready != null && clock.now() < ready) {
            return java.util.Optional.of(inProgress.get(key));
        }
        return java.util.Optional.ofNullable(sticky.get(key));
    }

    /** Forgets a status stuck by {@link #stick}, if it is this one (a resource created anew under the same name). */
    void unstick(String key, String status) {
        if (sticky.remove(key, status)) {
            stickyDetails.remove(key);
        }
    }

    /**
     * Aurora PostgreSQL: DDL on blue puts the deployment's replication into "Replication degraded" (Aurora User
     * Guide, "Viewing a blue/green deployment"); the deployment keeps its status and says so in StatusDetails.
     */
    public void degradeReplication(String deploymentName) {
        stickyDetails.put("bluegreen:" + deploymentName, "Replication degraded: unsupported DDL on blue stopped "
                + "replication to green");
    }

    /** Whether a member of a cluster still waits for a reboot to apply its cluster parameter group. */
    public boolean pendingReboot(String cluster, String member) {
        return pendingReboot.getOrDefault(cluster, Set.of()).contains(member);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof CreateDbClusterSnapshotRequest r) {
            changed("snapshot", "snapshot:" + r.dbClusterSnapshotIdentifier(), "creating");
        } else if (request instanceof RestoreDbClusterFromSnapshotRequest r) {
            changed("restore", "cluster:" + r.dbClusterIdentifier(), "creating");
        } else if (request instanceof software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest r) {
            changed("clone", "cluster:" + r.dbClusterIdentifier(), "creating");
        } else if (request instanceof CreateDbInstanceRequest r) {
            changed("createInstance", "instance:" + r.dbInstanceIdentifier(), "creating");
        } else if (request instanceof ModifyDbClusterRequest r) {
            boolean upgrade = r.engineVersion() != null;
            changed(upgrade ? "upgrade" : "modifyCluster", "cluster:" + r.dbClusterIdentifier(),
                    upgrade ? "upgrading" : "modifying");
            if (r.dbClusterParameterGroupName() != null && parameterChangesNeedReboot) {
                allMembersPending(lastSeen.get(r.dbClusterIdentifier()));
            }
        } else if (request instanceof ModifyDbClusterParameterGroupRequest r && parameterChangesNeedReboot) {
            lastSeen.values().stream().filter(c -> r.dbClusterParameterGroupName().equals(c.dbClusterParameterGroup()))
                    .forEach(this::allMembersPending);
        } else if (request instanceof RebootDbInstanceRequest r) {
            changed("reboot", "instance:" + r.dbInstanceIdentifier(), "rebooting");
            // With Aurora's reader availability, a writer reboot does not restart the readers: only the rebooted
            // member applies the group (Aurora User Guide, "Rebooting an Aurora DB cluster").
            pendingReboot.values().forEach(members -> members.remove(r.dbInstanceIdentifier()));
        } else if (request instanceof CreateBlueGreenDeploymentRequest r) {
            changed("createBlueGreen", "bluegreen:" + r.blueGreenDeploymentName(), "PROVISIONING");
        } else if (request instanceof SwitchoverBlueGreenDeploymentRequest r) {
            changed("switchover", "bluegreen:" + r.blueGreenDeploymentIdentifier(), "SWITCHOVER_IN_PROGRESS");
        } else if (response instanceof DescribeBlueGreenDeploymentsResponse d) {
            var members = switchoverMembers;
            return d.toBuilder().blueGreenDeployments(d.blueGreenDeployments().stream()
                    .map(b -> members == null ? b : b.toBuilder().switchoverDetails(members.apply(b)).build())
                    .map(b -> override("bluegreen:" + b.blueGreenDeploymentName())
                            .or(() -> override("bluegreen:" + b.blueGreenDeploymentIdentifier()))
                            .map(st -> b.toBuilder().status(st).tasks(replayTasks(b)).build()).orElse(b))
                    .map(b -> java.util.Optional.ofNullable(stickyDetails.get("bluegreen:" + b.blueGreenDeploymentName()))
                            .map(x -> b.toBuilder().statusDetails(x).build()).orElse(b)).toList()).build();
        } else if (request instanceof ModifyDbInstanceRequest r) {
            changed("modifyInstance", "instance:" + r.dbInstanceIdentifier(), "modifying");
        } else if (response instanceof DescribeDbClustersResponse d) {
            d.dbClusters().forEach(c -> lastSeen.put(c.dbClusterIdentifier(), c));
            return d.toBuilder().dbClusters(d.dbClusters().stream()
                    .map(c -> override("cluster:" + c.dbClusterIdentifier())
                            .map(s -> c.toBuilder().status(s).build()).orElse(c))
                    .map(this::withParameterStatus).toList()).build();
        } else if (response instanceof DescribeDbInstancesResponse d) {
            return d.toBuilder().dbInstances(d.dbInstances().stream()
                    .map(i -> override("instance:" + i.dbInstanceIdentifier())
                            .map(s -> i.toBuilder().dbInstanceStatus(s).build()).orElse(i)).toList()).build();
        } else if (response instanceof DescribeDbClusterSnapshotsResponse d) {
            return d.toBuilder().dbClusterSnapshots(d.dbClusterSnapshots().stream()
                    .map(s -> override("snapshot:" + s.dbClusterSnapshotIdentifier())
                            .map(st -> s.toBuilder().status(st).percentProgress(inProgressPercent("snapshot:"
                            + s.dbClusterSnapshotIdentifier(), s.percentProgress())).build()).orElse(s)).toList()).build();
        }
        return response;
    }

    private void allMembersPending(DBCluster c) {
        if (c != null) {
            Set<String> members = pendingReboot.computeIfAbsent(c.dbClusterIdentifier(), k -> ConcurrentHashMap.newKeySet());
            c.dbClusterMembers().forEach(m -> members.add(m.dbInstanceIdentifier()));
        }
    }

    private DBCluster withParameterStatus(DBCluster c) {
        Set<String> pending = pendingReboot.getOrDefault(c.dbClusterIdentifier(), Set.of());
        if (pending.isEmpty()) {
            return c;
        }
        return c.toBuilder().dbClusterMembers(c.dbClusterMembers().stream()
                .map(m -> pending.contains(m.dbInstanceIdentifier())
                        ? m.toBuilder().dbClusterParameterGroupStatus("pending-reboot").build() : m).toList()).build();
    }

    private final Map<String, String> operationOf = new ConcurrentHashMap<>();
    private final Map<String, Double> startedAt = new ConcurrentHashMap<>();

    /**
     * While a snapshot is in progress, its PercentProgress (moto says 100 at once): in replay mode it grows evenly
     * with virtual time, as RDS reports the share of data transferred; otherwise 0.
     */
    private Integer inProgressPercent(String key, Integer moto) {
        if (clock == null) {
            return 0;
        }
        Double ready = readyAt.get(key);
        Double started = startedAt.get(key);
        if (ready == null || started == null || ready <= started) {
            return moto;
        }
        return (int) Math.floor(100 * Math.min(1, (clock.now() - started) / (ready - started)));
    }

    /** Replay mode, while green is being created: no task is COMPLETED yet (moto reports them completed at once). */
    private java.util.List<software.amazon.awssdk.services.rds.model.BlueGreenDeploymentTask> replayTasks(
            software.amazon.awssdk.services.rds.model.BlueGreenDeployment b) {
        boolean creating = clock != null && readyAt.containsKey("bluegreen:" + b.blueGreenDeploymentName())
                && "createBlueGreen".equals(operationOf.get("bluegreen:" + b.blueGreenDeploymentName()));
        return creating ? b.tasks().stream().map(t -> t.toBuilder().status("IN_PROGRESS").build()).toList() : b.tasks();
    }

    private void changed(String operation, String key, String inProgress) {
        if (clock != null && durations.containsKey(operation)) {
            startedAt.put(key, clock.now());
            readyAt.put(key, clock.now() + durations.get(operation));
            this.inProgress.put(key, inProgress);
            operationOf.put(key, operation);
            return;
        }
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
        Double ready = clock == null ? null : readyAt.get(key);
        if (ready != null) {
            double now = clock.now();
            if (now < ready) {
                return java.util.Optional.of(inProgress.get(key));
            }
            readyAt.remove(key);
            detections.add(new Detection(operationOf.get(key), key, ready, now));
        }
        Deque<String> statuses = queued.get(key);
        String next = statuses == null ? null : statuses.poll();
        if (next != null) {
            return java.util.Optional.of(next);
        }
        return java.util.Optional.ofNullable(sticky.get(key));
    }
}
