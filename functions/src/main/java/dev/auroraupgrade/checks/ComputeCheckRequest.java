package dev.auroraupgrade.checks;

import dev.auroraupgrade.workflow.PollRequest;
import java.util.List;

/**
 * What {@link CheckClusterCompute} looks at: the cluster, and optionally instances that must be available, the
 * instance that must be the writer, and instances that must be gone.
 */
public record ComputeCheckRequest(String clusterIdentifier, List<String> instances, String writer,
                                  List<String> gone, Integer attempt) implements PollRequest {
}
