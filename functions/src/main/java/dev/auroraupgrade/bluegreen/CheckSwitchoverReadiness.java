package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.checks.PollingCheck;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.ReplicationDegradedException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.BlueGreenRules;
import dev.auroraupgrade.rds.ClusterNeighbours;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Readiness check before switchover: deployment, switchover details and tasks done; green available at the
 * target version with parameters in-sync; no zero-ETL integration from blue; replica lag under the threshold
 * where CloudWatch has data.
 */
public class CheckSwitchoverReadiness extends PollingCheck<StepRequest<BlueGreenPlan>> {
    static final Duration LAG_WINDOW = Duration.ofMinutes(10);
    private final RdsClient rds;
    private final RdsLookup lookup;
    private final CloudWatchClient cloudWatch;

    public CheckSwitchoverReadiness() {
        this(AwsClients.rds(), AwsClients.cloudWatch());
    }

    public CheckSwitchoverReadiness(RdsClient rds, CloudWatchClient cloudWatch) {
        super(Json.type(StepRequest.class, BlueGreenPlan.class));
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.cloudWatch = cloudWatch;
    }

    @Override
    protected String resource(StepRequest<BlueGreenPlan> request) {
        return request.plan().clusterIdentifier();
    }

    @Override
    protected Observation observe(StepRequest<BlueGreenPlan> request) {
        BlueGreenPlan plan = request.plan();
        BlueGreenDeployment d = lookup.blueGreenByName(plan.deploymentName()).orElseThrow(() ->
                new ResourceFailedException("Blue/Green deployment '" + plan.deploymentName() + "' does not exist"));
        if (ResourceStatus.replicationDegraded(d.statusDetails())) {
            throw new ReplicationDegradedException("Blue/Green deployment '" + plan.deploymentName() + "': "
                    + d.statusDetails() + ". Green can no longer catch up (AWS: delete the deployment and create it again)");
        }
        List<String> problems = new ArrayList<>();
        if (!ResourceStatus.canSwitchOver(d.status())) {
            problems.add("deployment is " + d.status());
        }
        List<String> moved = new ArrayList<>();
        d.switchoverDetails().stream().filter(s -> !ResourceStatus.canSwitchOver(s.status()))
                .filter(s -> !movedToServerless(plan, s, moved))
                .forEach(s -> problems.add("switchover member " + BlueGreenStep.idOf(s.targetMember()) + " is " + s.status()));
        d.tasks().stream().filter(t -> !ResourceStatus.TASK_COMPLETED.equals(t.status()))
                .forEach(t -> problems.add("task " + t.name() + " is " + t.status()));
        String green = BlueGreenStep.idOf(d.target());
        Optional<DBCluster> greenCluster = lookup.cluster(green);
        if (greenCluster.isEmpty()) {
            problems.add("green cluster " + green + " not found");
        } else {
            DBCluster g = greenCluster.get();
            if (!ResourceStatus.isAvailable(g.status())) {
                problems.add("green " + green + " is " + g.status());
            }
            if (!plan.targetEngineVersion().equals(g.engineVersion())) {
                problems.add("green runs " + g.engineVersion() + ", not " + plan.targetEngineVersion());
            }
            g.dbClusterMembers().stream().filter(m -> !ResourceStatus.isInSync(m.dbClusterParameterGroupStatus()))
                    .forEach(m -> problems.add("green member " + m.dbInstanceIdentifier() + " parameters "
                            + m.dbClusterParameterGroupStatus()));
            lookup.clusterInstances(green).stream().filter(i -> !ResourceStatus.isAvailable(i.dbInstanceStatus()))
                    .forEach(i -> problems.add("green instance " + i.dbInstanceIdentifier() + " is " + i.dbInstanceStatus()));
        }
        ClusterNeighbours.zeroEtlIntegrations(rds, plan.clusterArn()).forEach(i -> problems.add("zero-ETL integration " + i
                + " must be deleted before the switchover (AWS blocks it; re-create it afterwards)"));
        String metric = BlueGreenRules.lagMetric(plan.engine());
        Double lag = metric == null ? null : latestLag(metric, green);
        String lagText;
        if (lag == null) {
            lagText = metric == null ? "replica lag: " + plan.engine() + " publishes no seconds-based lag metric for "
                    + "Blue/Green replication (not checked)" : "replica lag: no " + metric + " data for the writer of "
                    + green + " in the last " + LAG_WINDOW.toMinutes() + " minutes (not checked)";
            // AUTO switches over with nobody looking: unchecked lag stops it unless the input accepts it.
            if (BlueGreenPlan.AUTO.equals(plan.switchoverPolicy()) && !plan.acceptUncheckedReplicaLag()) {
                problems.add(lagText.replace(" (not checked)", "") + "; AUTO does not switch over unchecked (set "
                        + "acceptUncheckedReplicaLag to true to allow it)");
            }
        } else {
            lagText = "replica lag " + lag + " s (" + metric + ", max " + plan.maxReplicaLagSeconds() + " s)";
            if (lag < 0) {
                problems.add("replica lag reads " + lag + " (replication not running)");
            } else if (lag > plan.maxReplicaLagSeconds()) {
                problems.add("replica lag " + lag + " s is above maxReplicaLagSeconds " + plan.maxReplicaLagSeconds());
            }
        }
        boolean ready = problems.isEmpty();
        if (!moved.isEmpty()) {
            lagText += "; green moved to db.serverless before the switchover (" + String.join(", ", moved) + ")";
        }
        return new Observation(ready, ready ? "READY" : "NOT_READY", ready ? "ready to switch over; " + lagText
                : "not ready: " + String.join("; ", problems));
    }

    /**
     * A member the serverlessGreen move changed on purpose: a provisioned green instance it deleted (RDS then reports
     * MISSING_TARGET for that blue instance; the Aurora User Guide, Blue/Green considerations: that blue instance
     * "won't be renamed by appending -oldn") or a db.serverless instance it added to green (no blue source). Any
     * other member that is not ready, or any member of a run without serverlessGreen, still holds the switchover.
     */
    private boolean movedToServerless(BlueGreenPlan plan, software.amazon.awssdk.services.rds.model.SwitchoverDetail s,
                                      List<String> moved) {
        if (plan.serverlessGreen() == null) {
            return false;
        }
        String target = BlueGreenStep.idOf(s.targetMember());
        boolean instance = s.targetMember() != null && s.targetMember().contains(":db:");
        if (ResourceStatus.MISSING_TARGET.equals(s.status()) && instance && lookup.instance(target).isEmpty()) {
            moved.add("deleted " + target);
            return true;
        }
        if (ResourceStatus.MISSING_SOURCE.equals(s.status()) && plan.serverlessGreen().serverlessInstances().contains(target)) {
            moved.add("added " + target);
            return true;
        }
        return false;
    }

    /** The newest lag datapoint of the window, or null when CloudWatch has none. */
    private Double latestLag(String metric, String greenCluster) {
        Instant end = Instant.now().plusSeconds(60);
        var response = cloudWatch.getMetricData(r -> r.startTime(end.minus(LAG_WINDOW).minusSeconds(60)).endTime(end)
                .metricDataQueries(q -> q.id("lag").metricStat(s -> s.stat("Maximum").period(60)
                        .metric(m -> m.namespace("AWS/RDS").metricName(metric)
                                .dimensions(dim -> dim.name("DBClusterIdentifier").value(greenCluster),
                                        dim -> dim.name("Role").value("WRITER"))))));
        return response.metricDataResults().stream().filter(MetricDataResult::hasValues)
                .filter(r -> !r.values().isEmpty())
                .map(r -> {
                    int newest = 0;
                    for (int i = 1; i < r.timestamps().size(); i++) {
                        if (r.timestamps().get(i).isAfter(r.timestamps().get(newest))) {
                            newest = i;
                        }
                    }
                    return r.values().get(newest);
                }).findFirst().orElse(null);
    }
}
