package dev.auroraupgrade.iac;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the IaC that declares a cluster must say after a run (or, in a plan, would have to say): every property this
 * run changed on the cluster and its instances, from -> to, by its CloudFormation and Terraform name (the names in
 * {@link IacProperty}, the one table), and the CloudFormation stack and logical ids when the cluster carries the tags
 * CloudFormation puts on what it creates. The one place that diffs two {@link ClusterShape}s.
 *
 * <p>{@code status}: NONE (nothing to update), UPDATE (the same cluster changed: update the template to these
 * values), NEW_CLUSTER (migrate: a new cluster replaces the source in the IaC), UNKNOWN (this run's plan has no
 * pre-flight shape to compare with, e.g. a hand-written sample plan). {@code expected}: a dry run's list, before any
 * change.
 */
public record IacFollowUp(
        String status,
        boolean expected,
        String clusterIdentifier,
        int changeCount,
        String summary,
        String cloudFormationStack,
        String cloudFormationLogicalId,
        List<IacChange> changes,
        List<String> notes) {
    public static final String NONE = "NONE";
    public static final String UPDATE = "UPDATE";
    public static final String NEW_CLUSTER = "NEW_CLUSTER";
    public static final String UNKNOWN = "UNKNOWN";

    /**
     * CloudFormation (user guide, "Detect unmanaged configuration changes to stacks and resources with drift
     * detection"; "Update behaviors of stack resources"): a stack update acts on what changed between the last
     * template and the new one, not on the live resource; drift detection compares the live resource with the
     * template. So a stale template does not revert these values by itself, but drift shows until it is updated, and
     * an update of one of these properties starts from the template's stale value. Not run against a real stack by
     * this project's tests.
     */
    static final String CLOUDFORMATION_NOTE = "CloudFormation updates from the template it last deployed, not from the "
            + "live cluster: it does not change these values back by itself, but drift detection reports each one (an "
            + "instance removed here as DELETED) until the template says so, and an update that changes one of these "
            + "properties starts from the template's old value. An instance removed here is still a resource of the stack: "
            + "take it out of the template. An instance added here belongs to no stack: add it with resource import (it "
            + "needs a DeletionPolicy in the template), or leave it unmanaged";
    /** Terraform refreshes state from the live resource and plans toward its configuration. */
    static final String TERRAFORM_NOTE = "Terraform refreshes the live values and plans toward its configuration: until "
            + "the configuration says so, the next plan sets these values back (an engine downgrade, which RDS refuses), "
            + "re-creates removed instances still in its state and does not see added ones (terraform import them, as "
            + "aws_rds_cluster_instance). If your aws_rds_cluster_instance resources set engine_version, they need the "
            + "cluster's new version too";

    /** The summary and each change on one line, for a failure's cause (which has no room for the structured list). */
    public String oneLine() {
        return summary + ": " + String.join("; ", changes.stream().map(IacChange::oneLine).toList());
    }

    /** A run that changes nothing on the cluster (a rehearsal): an empty list, and why. */
    public static IacFollowUp none(String clusterIdentifier, String why) {
        return new IacFollowUp(NONE, false, clusterIdentifier, 0, "No IaC change: " + why, null, null, List.of(), List.of());
    }

    /**
     * A rehearsal changes nothing on the cluster it rehearses, and the clone it upgrades is deleted by the same run:
     * nothing for any IaC. The real run's list is its own plan's (dryRun), read from the cluster as it is then; a list
     * here would be a forecast, kept in a rehearsal's output for days and easy to take for changes already made.
     */
    public static IacFollowUp rehearsal(String clusterIdentifier, String cloneIdentifier) {
        return none(clusterIdentifier, "a rehearsal changes nothing on '" + clusterIdentifier + "', and its clone "
                + cloneIdentifier + " is deleted by this run (never declare it). What the real upgrade would change in "
                + "your IaC is in that run's plan (dryRun) and in its output");
    }

    /** No pre-flight shape to diff with (a plan written by hand, or made by a version without it). */
    public static IacFollowUp unknown(String clusterIdentifier) {
        return new IacFollowUp(UNKNOWN, false, clusterIdentifier, 0, "Not known: this run's plan holds no shape of '"
                + clusterIdentifier + "' from its pre-flight (a plan made by hand or by an earlier version of this "
                + "tool); compare your template with aws rds describe-db-clusters", null, null, List.of(), List.of());
    }

    /**
     * The same cluster, before (the pre-flight's shape) and after (the live cluster now, or the plan's targets):
     * every changed property, every instance added or removed. {@code extraNotes} are the workflow's own (old blue).
     */
    public static IacFollowUp diff(ClusterShape before, ClusterShape after, boolean expected, List<String> extraNotes) {
        if (before == null || after == null) {
            return unknown(before != null ? before.clusterIdentifier() : after == null ? null : after.clusterIdentifier());
        }
        String id = after.clusterIdentifier();
        String logicalId = before.logicalId() != null ? before.logicalId() : after.logicalId();
        String stack = before.stackName() != null ? before.stackName() : after.stackName();
        List<IacChange> changes = new ArrayList<>(clusterChanges(before, after, id, logicalId, null));
        changes.addAll(instanceChanges(before, after, true));
        if (changes.isEmpty()) {
            return new IacFollowUp(NONE, expected, id, 0, "No IaC change: '" + id + "' has the engine version, parameter "
                    + "groups, capacity and instances it had" + (expected ? "" : " before this run"), stack, logicalId,
                    List.of(), List.copyOf(extraNotes));
        }
        String values = changes.size() + (changes.size() == 1 ? " value" : " values") + " below";
        String summary = stack != null
                ? "'" + id + "' belongs to CloudFormation stack '" + stack + "'" + (logicalId == null ? ""
                        : " (logical id " + logicalId + ")") + ": the stack's template must be updated to the " + values
                        + (expected ? " once the run has made them" : "") + "; until it is, drift detection shows them"
                : "Update the IaC that declares '" + id + "' (CloudFormation, Terraform, CDK, Pulumi) to the " + values
                        + (expected ? " once the run has made them" : "") + "; until then it is out of step with the cluster";
        List<String> notes = new ArrayList<>(extraNotes);
        notes.add((stack == null ? "If CloudFormation (or CDK) manages it: " : "") + CLOUDFORMATION_NOTE);
        notes.add((stack == null ? "" : "If Terraform (or Pulumi) also declares it: ") + TERRAFORM_NOTE);
        return new IacFollowUp(UPDATE, expected, id, changes.size(), summary, stack, logicalId, List.copyOf(changes),
                List.copyOf(notes));
    }

    /**
     * Migrate: a new cluster, restored from a snapshot of the source, replaces the source in the IaC. Its values are
     * listed against the source's; its instances as added. The source itself is unchanged.
     */
    public static IacFollowUp replacement(ClusterShape source, ClusterShape target, boolean expected) {
        return replacement(source, target, expected, List.of());
    }

    /** As above, with the workflow's own notes first. */
    public static IacFollowUp replacement(ClusterShape source, ClusterShape target, boolean expected, List<String> extraNotes) {
        if (source == null || target == null) {
            return unknown(target != null ? target.clusterIdentifier() : source == null ? null : source.clusterIdentifier());
        }
        String id = target.clusterIdentifier();
        List<IacChange> changes = new ArrayList<>();
        changes.add(IacChange.of(IacProperty.CLUSTER_IDENTIFIER, id, IacChange.REPLACED, source.logicalId(),
                source.clusterIdentifier(), id, "a new cluster with a new endpoint: declare it as a new resource (changing "
                        + "DBClusterIdentifier or cluster_identifier of the source's resource makes CloudFormation or "
                        + "Terraform replace it: create a cluster and delete the source)"));
        changes.addAll(clusterChanges(source, target, id, null, source.logicalId()));
        changes.addAll(instanceChanges(new ClusterShape(id, null, null, null, null, null, null, null, null, List.of()), target, false));
        String stack = source.stackName();
        String summary = "A new cluster '" + id + "' " + (expected ? "would replace" : "replaces") + " '"
                + source.clusterIdentifier() + "' in your IaC: declare it (or import it) with the " + changes.size()
                + " values below, each against the source's; the source is unchanged and stays as declared until you "
                + "retire it" + (stack == null ? "" : ". '" + source.clusterIdentifier() + "' belongs to CloudFormation "
                + "stack '" + stack + "'" + (source.logicalId() == null ? "" : " (logical id " + source.logicalId() + ")")
                + ": the new cluster belongs to no stack, so the stack's template must be updated to declare it "
                + "(resource import) and, when you retire the source, to drop it (DeletionPolicy Retain keeps a snapshot "
                + "or the cluster); drift detection shows nothing for the unchanged source");
        List<String> notes = new ArrayList<>(extraNotes);
        notes.addAll(List.of("CloudFormation: add " + id + " as a new AWS::RDS::DBCluster (and its instances as "
                        + "AWS::RDS::DBInstance) with resource import; do not rename the source's DBClusterIdentifier, which "
                        + "replaces the resource",
                "Terraform: terraform import aws_rds_cluster.<name> " + id + " (and each aws_rds_cluster_instance by its "
                        + "identifier); cluster_identifier forces a new resource, so do not rename the source's"));
        return new IacFollowUp(NEW_CLUSTER, expected, id, changes.size(), summary, stack, source.logicalId(),
                List.copyOf(changes), List.copyOf(notes));
    }

    private static List<IacChange> clusterChanges(ClusterShape before, ClusterShape after, String id, String logicalId,
                                                  String detailFromSource) {
        List<IacChange> out = new ArrayList<>();
        Map<IacProperty, String[]> values = new LinkedHashMap<>();
        values.put(IacProperty.ENGINE_VERSION, new String[] {before.engineVersion(), after.engineVersion()});
        values.put(IacProperty.ENGINE_MODE, new String[] {before.engineMode(), after.engineMode()});
        values.put(IacProperty.CLUSTER_PARAMETER_GROUP, new String[] {before.clusterParameterGroup(), after.clusterParameterGroup()});
        values.put(IacProperty.MIN_CAPACITY, new String[] {number(before.minCapacity()), number(after.minCapacity())});
        values.put(IacProperty.MAX_CAPACITY, new String[] {number(before.maxCapacity()), number(after.maxCapacity())});
        values.put(IacProperty.SECONDS_UNTIL_AUTO_PAUSE, new String[] {before.secondsUntilAutoPause() == null ? null
                : before.secondsUntilAutoPause().toString(), after.secondsUntilAutoPause() == null ? null
                : after.secondsUntilAutoPause().toString()});
        values.forEach((p, v) -> {
            if (!Objects.equals(v[0], v[1]) && v[1] != null) {
                out.add(IacChange.of(p, id, IacChange.MODIFIED, logicalId, v[0], v[1], detailFromSource == null ? null
                        : "from: the source cluster's value"));
            }
        });
        return out;
    }

    private static List<IacChange> instanceChanges(ClusterShape before, ClusterShape after, boolean removals) {
        List<IacChange> out = new ArrayList<>();
        Map<String, ClusterShape.Instance> old = new LinkedHashMap<>();
        before.instances().forEach(i -> old.put(i.instanceIdentifier(), i));
        Map<String, ClusterShape.Instance> now = new LinkedHashMap<>();
        after.instances().forEach(i -> now.put(i.instanceIdentifier(), i));
        for (ClusterShape.Instance i : after.instances()) {
            ClusterShape.Instance was = old.get(i.instanceIdentifier());
            if (was == null) {
                out.add(IacChange.of(IacProperty.INSTANCE_CLASS, i.instanceIdentifier(), IacChange.ADDED, null, null,
                        i.instanceClass(), "a new instance of " + after.clusterIdentifier() + ": declare it ("
                                + IacProperty.Resource.INSTANCE.cloudFormationType + " / "
                                + IacProperty.Resource.INSTANCE.terraformResource + ", " + IacProperty.INSTANCE_CLASS.cloudFormation
                                + " " + i.instanceClass() + (i.parameterGroup() == null ? "" : ", "
                                + IacProperty.INSTANCE_PARAMETER_GROUP.cloudFormation + " " + i.parameterGroup()) + ")"));
                continue;
            }
            if (!Objects.equals(was.instanceClass(), i.instanceClass())) {
                out.add(IacChange.of(IacProperty.INSTANCE_CLASS, i.instanceIdentifier(), IacChange.MODIFIED, was.logicalId(),
                        was.instanceClass(), i.instanceClass(), null));
            }
            if (!Objects.equals(was.parameterGroup(), i.parameterGroup()) && i.parameterGroup() != null) {
                out.add(IacChange.of(IacProperty.INSTANCE_PARAMETER_GROUP, i.instanceIdentifier(), IacChange.MODIFIED,
                        was.logicalId(), was.parameterGroup(), i.parameterGroup(), null));
            }
        }
        if (removals) {
            for (ClusterShape.Instance was : before.instances()) {
                if (!now.containsKey(was.instanceIdentifier())) {
                    out.add(IacChange.of(IacProperty.INSTANCE_CLASS, was.instanceIdentifier(), IacChange.REMOVED,
                            was.logicalId(), was.instanceClass(), null, "deleted from " + after.clusterIdentifier()
                                    + ": remove its " + IacProperty.Resource.INSTANCE.cloudFormationType + " / "
                                    + IacProperty.Resource.INSTANCE.terraformResource + " from the IaC"));
                }
            }
        }
        return out;
    }

    /** 8.0 as "8", 0.5 as "0.5": as a template writes it. */
    static String number(Double d) {
        return d == null ? null : new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
    }
}
