package dev.auroraupgrade.iac;

import dev.auroraupgrade.rds.RdsLookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * What an IaC template says about a cluster and its instances, as RDS describes them: the properties this tool can
 * change, and the CloudFormation stack that made them (its tags). Read once by the pre-flight (before any change)
 * and again by the last step; {@link IacFollowUp} diffs the two. No secrets: none of these fields holds one.
 */
public record ClusterShape(
        String clusterIdentifier,
        String engineVersion,
        String engineMode,
        String clusterParameterGroup,
        Double minCapacity,
        Double maxCapacity,
        Integer secondsUntilAutoPause,
        /** The aws:cloudformation:stack-name tag, or null. */
        String stackName,
        /** The aws:cloudformation:logical-id tag, or null. */
        String logicalId,
        List<Instance> instances) {

    public static final String STACK_NAME_TAG = "aws:cloudformation:stack-name";
    public static final String LOGICAL_ID_TAG = "aws:cloudformation:logical-id";

    /** One instance: its class, its parameter group, and its own logical id when a stack made it. */
    public record Instance(String instanceIdentifier, String instanceClass, String parameterGroup, String stackName,
                           String logicalId) {
    }

    /** This shape with the values a plan sets (null: kept as it is). */
    public ClusterShape planned(String engineVersion, String engineMode, String clusterParameterGroup, Double minCapacity,
                                Double maxCapacity, Integer secondsUntilAutoPause) {
        return new ClusterShape(clusterIdentifier, or(engineVersion, this.engineVersion), or(engineMode, this.engineMode),
                or(clusterParameterGroup, this.clusterParameterGroup), or(minCapacity, this.minCapacity),
                or(maxCapacity, this.maxCapacity), or(secondsUntilAutoPause, this.secondsUntilAutoPause), stackName,
                logicalId, instances);
    }

    /** This shape with other instances (a plan's). */
    public ClusterShape withInstances(List<Instance> planned) {
        return new ClusterShape(clusterIdentifier, engineVersion, engineMode, clusterParameterGroup, minCapacity,
                maxCapacity, secondsUntilAutoPause, stackName, logicalId, List.copyOf(planned));
    }

    /** Another cluster (migrate's target) as a plan describes it: no stack, its own instances. */
    public ClusterShape asNewCluster(String id, List<Instance> planned) {
        return new ClusterShape(id, engineVersion, engineMode, clusterParameterGroup, minCapacity, maxCapacity,
                secondsUntilAutoPause, null, null, List.copyOf(planned));
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    /** The cluster as RDS describes it now; empty when it does not exist. */
    public static Optional<ClusterShape> read(RdsLookup lookup, String clusterIdentifier) {
        return lookup.cluster(clusterIdentifier).map(c -> of(c, lookup.clusterInstances(clusterIdentifier)));
    }

    public static ClusterShape of(DBCluster cluster, List<DBInstance> members) {
        List<Instance> instances = new ArrayList<>();
        for (DBInstance i : members) {
            String group = i.hasDbParameterGroups() && !i.dbParameterGroups().isEmpty()
                    ? i.dbParameterGroups().get(0).dbParameterGroupName() : null;
            instances.add(new Instance(i.dbInstanceIdentifier(), i.dbInstanceClass(), group,
                    tag(i.hasTagList() ? i.tagList() : List.of(), STACK_NAME_TAG),
                    tag(i.hasTagList() ? i.tagList() : List.of(), LOGICAL_ID_TAG)));
        }
        instances.sort(Comparator.comparing(Instance::instanceIdentifier));
        var scaling = cluster.serverlessV2ScalingConfiguration();
        List<Tag> tags = cluster.hasTagList() ? cluster.tagList() : List.of();
        return new ClusterShape(cluster.dbClusterIdentifier(), cluster.engineVersion(), cluster.engineMode(),
                cluster.dbClusterParameterGroup(), scaling == null ? null : scaling.minCapacity(),
                scaling == null ? null : scaling.maxCapacity(), scaling == null ? null : scaling.secondsUntilAutoPause(),
                tag(tags, STACK_NAME_TAG), tag(tags, LOGICAL_ID_TAG),
                List.copyOf(instances));
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }
}
