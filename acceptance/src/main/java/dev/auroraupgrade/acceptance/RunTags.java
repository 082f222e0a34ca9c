package dev.auroraupgrade.acceptance;

import dev.auroraupgrade.rds.OwnershipTags;
import java.util.List;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * How a run's resources are known: every source cluster the suite creates is named {@code acc-<run>-...} and tagged
 * {@value #KEY}=run; what the workflows create from it carries the source's tags (they copy every tag that is not
 * theirs) and names the source in {@code aurora-upgrade:source-cluster}.
 */
public final class RunTags {
    /** Not under aurora-upgrade: (the workflows do not carry their own keys over), so it follows the source. */
    public static final String KEY = "aurora-upgrade-acceptance:run";
    static final String PREFIX = "acc-";

    private RunTags() {
    }

    /** A fresh run id: short, lower case, valid in cluster identifiers and execution names. */
    public static String newRunId() {
        return Long.toString(System.currentTimeMillis() / 1000 % 100_000_000L, 36)
                + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36), 36);
    }

    /** The name prefix of a run's resources and executions ({@code acc-<run>-}), or of every run's (null). */
    public static String prefix(String runId) {
        return runId == null ? PREFIX : PREFIX + runId + "-";
    }

    public static Tag tag(String runId) {
        return Tag.builder().key(KEY).value(runId).build();
    }

    /** Whether a resource with this identifier and these tags belongs to the run (to any run when runId is null). */
    public static boolean belongs(String identifier, List<Tag> tags, String runId) {
        String prefix = prefix(runId);
        String run = OwnershipTags.value(tags, KEY);
        if (run != null && (runId == null || runId.equals(run))) {
            return true;
        }
        String source = OwnershipTags.value(tags, OwnershipTags.SOURCE);
        if (source != null && source.startsWith(prefix) && OwnershipTags.MANAGED_BY_VALUE.equals(
                OwnershipTags.value(tags, OwnershipTags.MANAGED_BY))) {
            return true;
        }
        // A resource named after one run's source (green, old blue, snapshots) whose tags a crashed call never set.
        // Never by name alone across all runs: a user's own cluster may be called acc-something.
        return runId != null && identifier != null && identifier.startsWith(prefix);
    }
}
