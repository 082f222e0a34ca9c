package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Settings;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.InstanceMonitoring;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;

/**
 * Adds the planned db.serverless instances to the live cluster as readers (AWS, "Switching from a provisioned
 * cluster to Aurora Serverless v2": add Serverless v2 readers, then fail over to one), or to green before a
 * Blue/Green switchover. Each is tagged for the production cluster, so a
 * re-run reuses it and a failure lists it. They take the writer's instance parameter group, exposure, CA, minor-upgrade
 * setting, Performance Insights and Enhanced Monitoring ({@link InstanceMonitoring}).
 */
public class AddServerlessInstances extends ComputeStep {
    public static final String STEP = "serverlessInstances";
    private static final Logger LOG = LoggerFactory.getLogger(AddServerlessInstances.class);

    public AddServerlessInstances() {
        this(AwsClients.rds());
    }

    public AddServerlessInstances(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(ComputeMove plan, Instant startedAt) {
        DBCluster cluster = cluster(plan);
        if (cluster.serverlessV2ScalingConfiguration() == null) {
            // RDS refuses db.serverless without a scaling range (Aurora User Guide, Serverless v2 requirements).
            throw new ResourceFailedException("cluster '" + plan.clusterIdentifier() + "' has no "
                    + "ServerlessV2ScalingConfiguration; db.serverless instances cannot be added");
        }
        // The writer's instance group, if it is of the cluster's (possibly just upgraded) family; RDS refuses a
        // group of another family, and then the instances get the engine's default group.
        String family = EngineVersion.parse("cluster engine version", plan.engine(), cluster.engineVersion())
                .parameterGroupFamily();
        String writerId = RdsLookup.writerOf(cluster);
        DBInstance writer = writerId == null ? null : lookup.instance(writerId).orElse(null);
        String writerGroup = java.util.Optional.ofNullable(writer)
                .filter(i -> i.hasDbParameterGroups() && !i.dbParameterGroups().isEmpty())
                .map(i -> i.dbParameterGroups().get(0).dbParameterGroupName())
                .filter(g -> lookup.instanceParameterGroup(g).map(x -> family.equals(x.dbParameterGroupFamily())).orElse(false))
                .orElse(null);
        // Never more exposed than the writer: PubliclyAccessible defaults to true in a VPC with an internet
        // gateway (RDS API reference, CreateDBInstance), so it is always set, from the writer or false.
        boolean publiclyAccessible = writer != null && Boolean.TRUE.equals(writer.publiclyAccessible());
        Boolean autoMinorUpgrade = writer == null ? null : writer.autoMinorVersionUpgrade();
        String caCertificate = writer == null ? null : writer.caCertificateIdentifier();
        InstanceMonitoring monitoring = InstanceMonitoring.of(writer, Settings.get(InstanceMonitoring.PASSABLE_ROLE_SETTING));
        List<String> created = new ArrayList<>();
        for (String name : plan.serverlessInstances()) {
            if (lookup.instance(name).isPresent()) {
                continue;
            }
            RdsCalls.create(() -> rds.createDBInstance(r -> monitoring.applyTo(r).dbInstanceIdentifier(name)
                            .dbClusterIdentifier(plan.clusterIdentifier()).engine(plan.engine())
                            .dbInstanceClass(InstanceClasses.SERVERLESS).dbParameterGroupName(writerGroup)
                            .publiclyAccessible(publiclyAccessible).autoMinorVersionUpgrade(autoMinorUpgrade)
                            .caCertificateIdentifier(caCertificate)
                            .tags(ownershipTags(plan))), DbInstanceAlreadyExistsException.class,
                    () -> lookup.instance(name).map(i -> plan.clusterIdentifier().equals(i.dbClusterIdentifier())
                            && OwnershipTags.ownedBy(i.tagList(), plan.sourceClusterIdentifier())).orElse(false));
            created.add(name);
        }
        LOG.info("db.serverless instances of {}: created {}, planned {}", plan.clusterIdentifier(), created,
                plan.serverlessInstances());
        String copied = monitoring.describe().isEmpty() ? "" : "; they report like the writer: " + monitoring.describe();
        String notCopied = monitoring.note() == null ? "" : "; " + monitoring.note();
        return outcome(created.isEmpty() ? StepOutcome.SKIPPED : StepOutcome.CREATED,
                String.join(", ", plan.serverlessInstances()), created.isEmpty() ? "all present already"
                        : "added " + String.join(", ", created) + " with " + (writerGroup == null
                            ? "the default instance parameter group of " + family : "the writer's group " + writerGroup)
                            + copied + notCopied,
                startedAt);
    }

}
