package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Tags on everything the orchestrator creates. They make a failed run's leftovers unambiguous and let
 * a re-run recognise (and resume from) what an earlier run of the same migration created.
 */
public final class OwnershipTags {
    public static final String MANAGED_BY = "aurora-upgrade:managed-by";
    public static final String MANAGED_BY_VALUE = "aurora-upgrade-orchestrator";
    public static final String SOURCE = "aurora-upgrade:source-cluster";
    public static final String WORKFLOW = "aurora-upgrade:workflow";
    public static final String EXECUTION = "aurora-upgrade:execution";

    /**
     * On blue's own (unshared) cluster parameter group, which this tool never created: the replication setting a run
     * turned on there and the value before, so that a re-run after a failure still knows the setting is the tool's
     * (not the DBA's) and restoreReplicationSettings can put it back. Removed once it is restored.
     */
    public static final String REPLICATION_TURNED_ON = "aurora-upgrade:replication-turned-on";

    /** What {@link #REPLICATION_TURNED_ON} says: for which cluster, which parameter, and its value before (null: not set). */
    public record ReplicationRecord(String cluster, String parameter, String valueBefore) {
        /** The tag, valued {@code <cluster>:<parameter>=<value before>} (empty after '=' when the group did not set it). */
        public Tag tag() {
            return OwnershipTags.tag(REPLICATION_TURNED_ON, cluster + ":" + parameter + "=" + (valueBefore == null ? "" : valueBefore));
        }

        /** The record among a group's tags for this cluster, if any. */
        public static java.util.Optional<ReplicationRecord> of(List<Tag> tags, String cluster) {
            String v = value(tags, REPLICATION_TURNED_ON);
            int colon = v == null ? -1 : v.indexOf(':');
            int eq = v == null ? -1 : v.indexOf('=', colon + 1);
            if (colon < 0 || eq < 0 || !cluster.equals(v.substring(0, colon))) {
                return java.util.Optional.empty();
            }
            String before = v.substring(eq + 1);
            return java.util.Optional.of(new ReplicationRecord(cluster, v.substring(colon + 1, eq), before.isEmpty() ? null : before));
        }

        /** In words, for plans and outputs. */
        public String describe() {
            return parameter + " was " + (valueBefore == null ? "not set (the engine default)" : valueBefore) + " before";
        }
    }

    private OwnershipTags() {
    }

    public static List<Tag> of(String workflow, String sourceCluster, String executionName) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(MANAGED_BY, MANAGED_BY_VALUE));
        tags.add(tag(WORKFLOW, workflow));
        tags.add(tag(SOURCE, sourceCluster));
        if (executionName != null && !executionName.isBlank()) {
            tags.add(tag(EXECUTION, executionName));
        }
        return tags;
    }

    /** True when the tags say this orchestrator created the resource for this source cluster. */
    public static boolean ownedBy(List<Tag> tags, String sourceCluster) {
        return MANAGED_BY_VALUE.equals(value(tags, MANAGED_BY)) && sourceCluster.equals(value(tags, SOURCE));
    }

    public static String value(List<Tag> tags, String key) {
        if (tags == null) {
            return null;
        }
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /** Source tags to carry over, minus our own keys and the AWS-reserved ones. */
    public static List<Tag> carriedOver(List<Tag> sourceTags) {
        List<Tag> out = new ArrayList<>();
        if (sourceTags != null) {
            for (Tag t : sourceTags) {
                if (!t.key().startsWith("aurora-upgrade:") && !t.key().startsWith("aws:")) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(tagValue(value)).build();
    }

    /**
     * A value RDS accepts as a tag value (RDS API reference, Tag): letters, digits, white space and
     * {@code _ . : / = + - @}, at most 256 characters. Step Functions execution names may hold other characters.
     */
    public static String tagValue(String value) {
        String clean = value.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        return clean.length() > 256 ? clean.substring(0, 256) : clean;
    }
}
