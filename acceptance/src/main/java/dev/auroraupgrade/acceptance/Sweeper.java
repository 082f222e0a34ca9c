package dev.auroraupgrade.acceptance;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Deletes everything a run left in RDS, in the order RDS requires: Blue/Green deployments (without DeleteTarget:
 * every cluster is judged below), deletion protection off, instances, then their clusters (no final snapshot),
 * manual cluster snapshots, then parameter groups once no cluster uses them. RDS deletes asynchronously and refuses
 * some deletes while a resource is busy, so it works in rounds: each round finds what is left and deletes what can
 * go now, until nothing of the run is left or the bound is reached (then it names what is left). Sweeping again
 * converges. The stack goes after this, last ({@link StackUnderTest#deleteStack()}).
 */
public final class Sweeper {
    private final RdsClient rds;
    private final Duration poll;
    private final Duration bound;
    private final PrintStream log;

    /** What is left of a run in RDS: nothing, once swept. */
    public record Leftovers(List<String> blueGreen, List<String> instances, List<String> clusters, List<String> snapshots,
                            List<String> clusterParameterGroups, List<String> instanceParameterGroups) {
        public boolean none() {
            return all().isEmpty();
        }

        public List<String> all() {
            List<String> all = new ArrayList<>();
            blueGreen.forEach(x -> all.add("Blue/Green deployment " + x));
            instances.forEach(x -> all.add("DB instance " + x));
            clusters.forEach(x -> all.add("DB cluster " + x));
            snapshots.forEach(x -> all.add("DB cluster snapshot " + x));
            clusterParameterGroups.forEach(x -> all.add("DB cluster parameter group " + x));
            instanceParameterGroups.forEach(x -> all.add("DB parameter group " + x));
            return all;
        }
    }

    public Sweeper(RdsClient rds, Duration poll, Duration bound, PrintStream log) {
        this.rds = rds;
        this.poll = poll;
        this.bound = bound;
        this.log = log;
    }

    /** Sweeps one run (or every run: null), and returns what is left (nothing, unless the bound was reached). */
    public Leftovers sweep(String runId) {
        Instant deadline = Instant.now().plus(bound);
        Set<String> asked = new LinkedHashSet<>();
        while (true) {
            Found f = find(runId);
            Leftovers left = f.leftovers();
            if (left.none() || Instant.now().isAfter(deadline)) {
                return left;
            }
            for (BlueGreenDeployment bg : f.blueGreen) {
                attempt(asked, "delete Blue/Green deployment " + bg.blueGreenDeploymentName(), () ->
                        rds.deleteBlueGreenDeployment(r -> r.blueGreenDeploymentIdentifier(bg.blueGreenDeploymentIdentifier())));
            }
            if (f.blueGreen.isEmpty()) {
                for (DBCluster c : f.clusters) {
                    if (Boolean.TRUE.equals(c.deletionProtection())) {
                        attempt(asked, "turn off deletion protection of " + c.dbClusterIdentifier(), () -> rds.modifyDBCluster(r ->
                                r.dbClusterIdentifier(c.dbClusterIdentifier()).deletionProtection(false).applyImmediately(true)));
                    }
                }
                for (DBInstance i : f.instances) {
                    // Aurora keeps deletion protection on the cluster; an instance that reports its own (moto copies
                    // it to green's) has it turned off first.
                    if (Boolean.TRUE.equals(i.deletionProtection())) {
                        attempt(asked, "turn off deletion protection of " + i.dbInstanceIdentifier(), () -> rds.modifyDBInstance(r ->
                                r.dbInstanceIdentifier(i.dbInstanceIdentifier()).deletionProtection(false).applyImmediately(true)));
                    }
                    if (!"deleting".equals(i.dbInstanceStatus())) {
                        attempt(asked, "delete DB instance " + i.dbInstanceIdentifier(), () ->
                                rds.deleteDBInstance(r -> r.dbInstanceIdentifier(i.dbInstanceIdentifier())));
                    }
                }
                for (DBCluster c : f.clusters) {
                    boolean empty = f.instances.stream().noneMatch(i -> c.dbClusterIdentifier().equals(i.dbClusterIdentifier()));
                    if (empty && !Boolean.TRUE.equals(c.deletionProtection()) && !"deleting".equals(c.status())) {
                        attempt(asked, "delete DB cluster " + c.dbClusterIdentifier() + " (no final snapshot)", () ->
                                rds.deleteDBCluster(r -> r.dbClusterIdentifier(c.dbClusterIdentifier()).skipFinalSnapshot(true)));
                    }
                }
            }
            for (DBClusterSnapshot s : f.snapshots) {
                attempt(asked, "delete DB cluster snapshot " + s.dbClusterSnapshotIdentifier(), () ->
                        rds.deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(s.dbClusterSnapshotIdentifier())));
            }
            if (f.clusters.isEmpty() && f.instances.isEmpty()) {
                for (String g : f.clusterGroups) {
                    attempt(asked, "delete DB cluster parameter group " + g, () ->
                            rds.deleteDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(g)));
                }
                for (String g : f.instanceGroups) {
                    attempt(asked, "delete DB parameter group " + g, () -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(g)));
                }
            }
            sleep(poll);
        }
    }

    /** One delete; RDS's "not now" (busy, already going) is tried again next round, and said once. */
    private void attempt(Set<String> asked, String what, Runnable call) {
        try {
            call.run();
            if (asked.add(what)) {
                log.println("sweep: " + what);
            }
        } catch (RdsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (asked.add(what + " refused " + code)) {
                log.println("sweep: " + what + ": not yet (" + code + "), trying again");
            }
        }
    }

    private record Found(List<BlueGreenDeployment> blueGreen, List<DBInstance> instances, List<DBCluster> clusters,
                         List<DBClusterSnapshot> snapshots, List<String> clusterGroups, List<String> instanceGroups) {
        Leftovers leftovers() {
            return new Leftovers(blueGreen.stream().map(BlueGreenDeployment::blueGreenDeploymentName).toList(),
                    instances.stream().map(DBInstance::dbInstanceIdentifier).toList(),
                    clusters.stream().map(DBCluster::dbClusterIdentifier).toList(),
                    snapshots.stream().map(DBClusterSnapshot::dbClusterSnapshotIdentifier).toList(), clusterGroups, instanceGroups);
        }
    }

    /** Everything of the run that RDS still lists. */
    public Leftovers leftovers(String runId) {
        return find(runId).leftovers();
    }

    private Found find(String runId) {
        List<DBCluster> clusters = rds.describeDBClustersPaginator(r -> { }).dbClusters().stream()
                .filter(c -> RunTags.belongs(c.dbClusterIdentifier(), c.tagList(), runId)).toList();
        Set<String> clusterIds = new LinkedHashSet<>();
        Set<String> arns = new LinkedHashSet<>();
        clusters.forEach(c -> {
            clusterIds.add(c.dbClusterIdentifier());
            arns.add(c.dbClusterArn());
        });
        List<BlueGreenDeployment> blueGreen = rds.describeBlueGreenDeploymentsPaginator(r -> { }).blueGreenDeployments()
                .stream().filter(bg -> arns.contains(bg.source()) || arns.contains(bg.target())
                        || RunTags.belongs(bg.blueGreenDeploymentName(), bg.tagList(), runId)).toList();
        List<DBInstance> instances = rds.describeDBInstancesPaginator(r -> { }).dbInstances().stream()
                .filter(i -> clusterIds.contains(i.dbClusterIdentifier())
                        || RunTags.belongs(i.dbInstanceIdentifier(), i.tagList(), runId)).toList();
        List<DBClusterSnapshot> snapshots = rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual"))
                .dbClusterSnapshots().stream()
                .filter(s -> RunTags.belongs(s.dbClusterSnapshotIdentifier(), s.tagList(), runId)).toList();
        List<String> clusterGroups = rds.describeDBClusterParameterGroupsPaginator(r -> { }).dbClusterParameterGroups()
                .stream().filter(g -> !g.dbClusterParameterGroupName().startsWith("default."))
                .filter(g -> RunTags.belongs(g.dbClusterParameterGroupName(), tags(g.dbClusterParameterGroupArn()), runId))
                .map(g -> g.dbClusterParameterGroupName()).toList();
        List<String> instanceGroups = rds.describeDBParameterGroupsPaginator(r -> { }).dbParameterGroups()
                .stream().filter(g -> !g.dbParameterGroupName().startsWith("default."))
                .filter(g -> RunTags.belongs(g.dbParameterGroupName(), tags(g.dbParameterGroupArn()), runId))
                .map(g -> g.dbParameterGroupName()).toList();
        return new Found(blueGreen, instances, clusters, snapshots, clusterGroups, instanceGroups);
    }

    /** A parameter group's tags (Describe does not return them). */
    private List<Tag> tags(String arn) {
        if (arn == null) {
            return List.of();
        }
        try {
            return rds.listTagsForResource(r -> r.resourceName(arn)).tagList();
        } catch (RdsException e) {
            return List.of();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sweeping", e);
        }
    }
}
