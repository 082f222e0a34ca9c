package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ReplicationSettings;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbParameterGroupAlreadyExistsException;

/**
 * Blue/Green step 2: the one change to blue this workflow makes. Gives blue a custom cluster parameter group
 * (a copy of the default when it uses one) with replication on and sized ({@link ReplicationSettings}).
 */
public class PrepareBlueReplication extends BlueGreenStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "replication";
    private static final Logger LOG = LoggerFactory.getLogger(PrepareBlueReplication.class);

    public PrepareBlueReplication() {
        this(AwsClients.rds());
    }

    public PrepareBlueReplication(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(BlueGreenPlan plan, Instant startedAt) {
        String group = plan.replicationParameterGroup();
        List<String> changes = new ArrayList<>();
        DBCluster blue = lookup.cluster(plan.clusterIdentifier()).orElseThrow(() ->
                new SourceClusterNotFoundException("cluster '" + plan.clusterIdentifier() + "' disappeared"));
        if (plan.createReplicationParameterGroup()) {
            ParameterGroups.requireAbsentOrOwned(rds, group, true, plan.clusterIdentifier());
        }
        if (plan.createReplicationParameterGroup() && lookup.clusterParameterGroup(group).isEmpty()) {
            String description = "Copy of " + plan.blueParameterGroup() + " with replication for Blue/Green";
            if (plan.blueParameterGroup() == null || plan.blueParameterGroup().startsWith("default.")) {
                String family = EngineVersion.parse("cluster engine version", plan.engine(), plan.currentEngineVersion())
                        .parameterGroupFamily();
                RdsCalls.create(() -> rds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group).dbParameterGroupFamily(family)
                        .description(description).tags(ownershipTags(plan))), DbParameterGroupAlreadyExistsException.class,
                        () -> ParameterGroups.owned(rds, group, true, plan.clusterIdentifier()));
            } else {
                // A shared custom group: copy its settings rather than change it under the other clusters.
                RdsCalls.create(() -> rds.copyDBClusterParameterGroup(r -> r.sourceDBClusterParameterGroupIdentifier(plan.blueParameterGroup())
                        .targetDBClusterParameterGroupIdentifier(group).targetDBClusterParameterGroupDescription(description)
                        .tags(ownershipTags(plan))), DbParameterGroupAlreadyExistsException.class, () -> ParameterGroups.owned(rds, group, true, plan.clusterIdentifier()));
            }
            changes.add("created " + group);
        }
        if (!plan.createReplicationParameterGroup()) {
            // Blue's own group, not this tool's: record what this run turns on there, and the value before, ahead of
            // the change, so that a re-run after a failure and restoreReplicationSettings know it (an existing record,
            // from an earlier run, already holds the value before that run).
            ReplicationSettings.unmet(rds, group, plan.replicationSettings()).stream()
                    .filter(c -> c.name().equals(plan.replicationParameter())).findFirst()
                    .filter(c -> ParameterGroups.replicationRecord(rds, group, plan.clusterIdentifier()).isEmpty())
                    .ifPresent(c -> {
                        var record = new OwnershipTags.ReplicationRecord(plan.clusterIdentifier(), c.name(), c.from());
                        ParameterGroups.recordReplication(rds, group, record);
                        changes.add("recorded in " + group + "'s tag " + OwnershipTags.REPLICATION_TURNED_ON + " that "
                                + record.describe());
                    });
        }
        List<ReplicationSettings.Change> set = ReplicationSettings.apply(rds, group, plan.replicationSettings());
        if (!set.isEmpty()) {
            changes.add("set " + String.join(", ", set.stream().map(Object::toString).toList()) + " in " + group);
        }
        if (!group.equals(blue.dbClusterParameterGroup())) {
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(plan.clusterIdentifier()).dbClusterParameterGroupName(group)
                    .applyImmediately(true));
            changes.add("associated " + group + " with " + plan.clusterIdentifier());
        }
        LOG.info("replication on blue {}: {}", plan.clusterIdentifier(), changes.isEmpty() ? "already set" : changes);
        return outcome(changes.isEmpty() ? StepOutcome.SKIPPED : StepOutcome.MODIFIED,
                group, changes.isEmpty() ? "replication settings already met in " + group : String.join("; ", changes),
                startedAt);
    }
}
