package dev.auroraupgrade.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.VerificationFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepRecord;
import dev.auroraupgrade.workflow.StepTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** Step 7: checks the target is what the plan asked for, then reports it with a per-step timeline. */
public class VerifyServerlessV2Cluster extends JsonHandler<VerifyRequest, MigrationResult> {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyServerlessV2Cluster.class);
    private final RdsLookup lookup;

    public VerifyServerlessV2Cluster() {
        this(AwsClients.rds());
    }

    public VerifyServerlessV2Cluster(RdsClient rds) {
        super(VerifyRequest.class);
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected MigrationResult handle(VerifyRequest request, Context context) {
        Instant started = Instant.now();
        MigrationPlan plan = request.plan();
        if (plan == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightMigration)");
        }
        String id = plan.targetClusterIdentifier();
        DBCluster cluster = lookup.cluster(id).orElseThrow(() ->
                new VerificationFailedException("target cluster '" + id + "' does not exist"));
        DBInstance writer = lookup.instance(plan.writerInstanceIdentifier()).orElse(null);
        List<String> problems = new ArrayList<>();
        expect(problems, "cluster status", ResourceStatus.AVAILABLE, cluster.status());
        expect(problems, "engine version", plan.targetEngineVersion(), cluster.engineVersion());
        var scaling = cluster.serverlessV2ScalingConfiguration();
        expect(problems, "capacity range", plan.minCapacity() + "-" + plan.maxCapacity(),
                scaling == null ? "none" : scaling.minCapacity() + "-" + scaling.maxCapacity());
        if (writer == null) {
            problems.add("writer instance '" + plan.writerInstanceIdentifier() + "' does not exist");
        } else {
            expect(problems, "writer class", InstanceClasses.SERVERLESS, writer.dbInstanceClass());
            expect(problems, "writer status", ResourceStatus.AVAILABLE, writer.dbInstanceStatus());
            boolean isWriter = writer.dbInstanceIdentifier().equals(RdsLookup.writerOf(cluster));
            if (!isWriter) {
                problems.add("instance '" + writer.dbInstanceIdentifier() + "' is not the cluster's writer");
            }
        }
        if (!problems.isEmpty()) {
            throw new VerificationFailedException("target cluster '" + id + "' is not as planned: "
                    + String.join("; ", problems));
        }
        List<StepTiming> steps = StepTiming.timeline(plan.preflightStartedAt(), plan.preflightCompletedAt(),
                plan.sourceClusterIdentifier() + " -> " + plan.targetClusterIdentifier(), request.steps(), "verify",
                started, "target as planned");
        long total = StepTiming.seconds(plan.preflightStartedAt(), Instant.now().toString());
        dev.auroraupgrade.common.RunMetrics.succeeded(dev.auroraupgrade.workflow.WorkflowKind.MIGRATE.id(),
                plan.sourceClusterIdentifier(), java.util.Map.of(), steps);
        LOG.info("verified {}: {} on db.serverless {}-{} ACU after {} s", id, cluster.engineVersion(),
                plan.minCapacity(), plan.maxCapacity(), total);
        return new MigrationResult("SUCCEEDED", plan.sourceClusterIdentifier(), false, id, cluster.endpoint(),
                cluster.readerEndpoint(), cluster.port(), cluster.engine(), cluster.engineVersion(),
                plan.engineVersionSource(), scaling.minCapacity(), scaling.maxCapacity(), writer.dbInstanceIdentifier(),
                writer.dbInstanceClass(), plan.snapshotIdentifier(), Boolean.TRUE.equals(cluster.deletionProtection()),
                plan.resumed(), plan.sourceShape() == null ? dev.auroraupgrade.iac.IacFollowUp.unknown(id)
                        : dev.auroraupgrade.iac.IacFollowUp.replacement(plan.sourceShape(),
                        dev.auroraupgrade.iac.ClusterShape.of(cluster, lookup.clusterInstances(id)), false),
                StepRecord.notices(plan.notices(), request.steps()), steps, total, plan.standing());
    }

    private static void expect(List<String> problems, String what, Object expected, Object actual) {
        if (!Objects.equals(String.valueOf(expected), String.valueOf(actual))) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }
}
