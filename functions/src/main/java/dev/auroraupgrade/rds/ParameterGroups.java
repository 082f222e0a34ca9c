package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import software.amazon.awssdk.services.rds.RdsClient;

/** Checks parameter groups an operator names in the input. */
public final class ParameterGroups {
    private ParameterGroups() {
    }

    /**
     * A group this workflow is about to create and write to: absent, or created by an earlier run for this source
     * (its ownership tags). A group of the same name someone else made is a conflict, never written to.
     */
    public static void requireAbsentOrOwned(RdsClient rds, String name, boolean clusterGroup, String source) {
        if (exists(rds, name, clusterGroup) && !owned(rds, name, clusterGroup, source)) {
            throw new ResourceConflictException("parameter group '" + name + "' already exists and was not created by "
                    + "this workflow for '" + source + "' (no " + OwnershipTags.SOURCE + "=" + source + " tag); it is "
                    + "not written to: rename or remove it, or name your own group in the input");
        }
    }

    /** True when the group exists and this workflow created it for {@code source} (its ownership tags). */
    public static boolean owned(RdsClient rds, String name, boolean clusterGroup, String source) {
        RdsLookup lookup = new RdsLookup(rds);
        String arn = clusterGroup
                ? lookup.clusterParameterGroup(name).map(g -> g.dbClusterParameterGroupArn()).orElse(null)
                : lookup.instanceParameterGroup(name).map(g -> g.dbParameterGroupArn()).orElse(null);
        return arn != null && OwnershipTags.ownedBy(rds.listTagsForResource(r -> r.resourceName(arn)).tagList(), source);
    }

    /** The record of the replication setting this tool turned on in a group ({@link OwnershipTags#REPLICATION_TURNED_ON}). */
    public static java.util.Optional<OwnershipTags.ReplicationRecord> replicationRecord(RdsClient rds, String group, String cluster) {
        return new RdsLookup(rds).clusterParameterGroup(group).map(g -> g.dbClusterParameterGroupArn())
                .flatMap(arn -> OwnershipTags.ReplicationRecord.of(rds.listTagsForResource(r -> r.resourceName(arn)).tagList(), cluster));
    }

    /** Writes the record on the group (AddTagsToResource replaces a tag of the same key). */
    public static void recordReplication(RdsClient rds, String group, OwnershipTags.ReplicationRecord record) {
        String arn = new RdsLookup(rds).clusterParameterGroup(group).orElseThrow().dbClusterParameterGroupArn();
        rds.addTagsToResource(r -> r.resourceName(arn).tags(record.tag()));
    }

    /** Removes the record from the group once what it records is put back. */
    public static void forgetReplication(RdsClient rds, String group) {
        new RdsLookup(rds).clusterParameterGroup(group).ifPresent(g -> rds.removeTagsFromResource(r -> r
                .resourceName(g.dbClusterParameterGroupArn()).tagKeys(OwnershipTags.REPLICATION_TURNED_ON)));
    }

    private static boolean exists(RdsClient rds, String name, boolean clusterGroup) {
        RdsLookup lookup = new RdsLookup(rds);
        return clusterGroup ? lookup.clusterParameterGroup(name).isPresent() : lookup.instanceParameterGroup(name).isPresent();
    }

    /** The named group must exist and be of the target version's family. */
    public static void requireFamily(RdsClient rds, String field, String name, EngineVersion target, boolean clusterGroup) {
        if (name == null) {
            return;
        }
        RdsLookup lookup = new RdsLookup(rds);
        String family = (clusterGroup
                ? lookup.clusterParameterGroup(name).map(g -> g.dbParameterGroupFamily())
                : lookup.instanceParameterGroup(name).map(g -> g.dbParameterGroupFamily()))
                .orElseThrow(() -> new InvalidInputException(field, "= '" + name + "' names no existing parameter group"));
        if (!target.parameterGroupFamily().equals(family)) {
            throw new InvalidInputException(field, "= '" + name + "' is of family " + family + "; the target "
                    + target + " needs family " + target.parameterGroupFamily());
        }
    }
}
