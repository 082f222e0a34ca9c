package dev.auroraupgrade.workflow;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The per-cluster workflows: the name an operator uses (fleet input, reports) and the input field naming the cluster. */
public enum WorkflowKind {
    MIGRATE("migrate", "sourceClusterIdentifier"),
    BLUE_GREEN("blue-green", "clusterIdentifier"),
    IN_PLACE("in-place", "clusterIdentifier"),
    REHEARSE("rehearse", "clusterIdentifier");

    private final String id;
    private final String clusterField;

    WorkflowKind(String id, String clusterField) {
        this.id = id;
        this.clusterField = clusterField;
    }

    public String id() {
        return id;
    }

    /** The input field that names the cluster the workflow works on. */
    public String clusterField() {
        return clusterField;
    }

    /** The kind an operator named, or null when no kind has that name. */
    public static WorkflowKind byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElse(null);
    }

    /** Every name, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(WorkflowKind::id).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return id;
    }
}
