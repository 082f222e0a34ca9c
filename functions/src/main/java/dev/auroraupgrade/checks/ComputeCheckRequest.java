package dev.auroraupgrade.checks;

import dev.auroraupgrade.workflow.LoopPosition;
import dev.auroraupgrade.workflow.PollRequest;
import java.util.List;

/**
 * What {@link CheckClusterCompute} looks at: the cluster, and optionally instances that must be available, the
 * instance that must be the writer (or, with {@code anyWriter}, that some available instance writes), and
 * instances that must be gone.
 */
public record ComputeCheckRequest(String clusterIdentifier, List<String> instances, String writer, Boolean anyWriter,
                                  List<String> gone, LoopPosition loop) implements PollRequest {
}
