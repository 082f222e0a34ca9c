package dev.auroraupgrade.checks;

import dev.auroraupgrade.workflow.LoopPosition;
import dev.auroraupgrade.workflow.PollRequest;
import java.util.List;

/**
 * What {@link CheckClusterCompute} looks at: the cluster, and optionally instances that must be available, the
 * instance that must be the writer (or, with {@code anyWriter}, that some available instance writes), instances
 * that must be gone, and instances that must not be changing (settled: available, failed or gone; for example an old
 * writer restarting after a failover, which RDS does not delete yet), and members whose cluster parameter group
 * must be in-sync (applied, for example after the reboot that applies a static parameter).
 */
public record ComputeCheckRequest(String clusterIdentifier, List<String> instances, String writer, Boolean anyWriter,
                                  List<String> gone, List<String> settled, List<String> inSync, LoopPosition loop)
        implements PollRequest {
}
