package dev.auroraupgrade.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.workflow.FailureHandler;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Turns any caught error into the execution's final Error and Cause: what happened, what this migration
 * has created so far (found by name and ownership tag, not remembered), and that the source is untouched.
 */
public class DescribeMigrationFailure extends FailureHandler {
    private final RdsLookup lookup;

    public DescribeMigrationFailure() {
        this(AwsClients.rds());
    }

    public DescribeMigrationFailure(RdsClient rds) {
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected String workflow() {
        return dev.auroraupgrade.workflow.WorkflowKind.MIGRATE.id();
    }

    @Override
    protected Conclusion conclude(String error, JsonNode state) {
        String source = text(state.path("plan").path("sourceClusterIdentifier"));
        String target = text(state.path("plan").path("targetClusterIdentifier"));
        // Before there is a plan: the raw input (under "input" once the state machine reads the Price List first).
        JsonNode input = executionInput(state);
        if (source == null) {
            source = quietlyValid("sourceClusterIdentifier", text(input.path("sourceClusterIdentifier")));
        }
        if (target == null && source != null) {
            String raw = text(input.path("targetClusterIdentifier"));
            target = raw == null ? RdsNames.defaultTargetCluster(source) : quietlyValid("targetClusterIdentifier", raw);
        }
        List<String> created = new ArrayList<>();
        String inventory;
        if (source == null || target == null) {
            inventory = "Nothing was created: the input was rejected before any AWS change.";
        } else {
            try {
                created = createdSoFar(source, target);
                inventory = created.isEmpty() ? "Nothing was created."
                        : "Created so far (tagged " + OwnershipTags.SOURCE + "=" + source + "): "
                          + String.join(", ", created) + ". Re-run with the same input to resume from them (one in a "
                          + "failed status must be deleted first), or delete them (README, Cleanup).";
            } catch (SdkException e) {
                inventory = "Could not list what was created (" + e.getMessage() + "); look for resources tagged "
                        + OwnershipTags.SOURCE + "=" + source + ".";
            }
        }
        String sourceNote = source == null ? "No cluster was modified."
                : "The source cluster '" + source + "' was not modified.";
        return new Conclusion(List.of(inventory, sourceNote), created, List.of());
    }

    private List<String> createdSoFar(String source, String target) {
        List<String> created = new ArrayList<>();
        lookup.clusterSnapshot(RdsNames.migrationSnapshot(target))
                .filter(s -> OwnershipTags.ownedBy(s.tagList(), source))
                .ifPresent(s -> created.add("cluster snapshot '" + s.dbClusterSnapshotIdentifier() + "' (" + s.status() + ")"));
        lookup.cluster(target)
                .filter(c -> OwnershipTags.ownedBy(c.tagList(), source))
                .ifPresent(c -> created.add("cluster '" + target + "' (" + c.status() + ", " + c.engineVersion()
                        + (Boolean.TRUE.equals(c.deletionProtection()) ? ", deletion protection on" : "") + ")"));
        lookup.instance(RdsNames.writerInstance(target))
                .filter(i -> OwnershipTags.ownedBy(i.tagList(), source))
                .ifPresent(i -> created.add("instance '" + i.dbInstanceIdentifier() + "' (" + i.dbInstanceStatus()
                        + ", " + i.dbInstanceClass() + ")"));
        return created;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String quietlyValid(String field, String raw) {
        try {
            return raw == null ? null : RdsNames.clusterIdentifier(field, raw);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
