package dev.auroraupgrade.inplace;

import java.util.List;

/**
 * What the compute move to Serverless v2 acts on (AWS, "Switching from a provisioned cluster to Aurora Serverless
 * v2": add db.serverless readers, fail over to one, remove the provisioned ones), projected by the state machine:
 * the in-place route moves the live cluster; the Blue/Green workflow, given {@code serverlessGreen}, moves green
 * before its switchover. {@code sourceClusterIdentifier} is the production cluster the ownership tags name (the
 * cluster itself in place; blue for green), so whichever cluster holds the instances later, they are known as this
 * tool's for that cluster. {@code anyProvisioned}: every provisioned instance is this move's to remove, not only
 * the listed ones (after a v1 conversion AWS adds a writer; green's are all copies RDS made).
 */
public record ComputeMove(
        String clusterIdentifier,
        String sourceClusterIdentifier,
        String engine,
        List<String> serverlessInstances,
        String failoverTarget,
        List<String> provisionedInstances,
        boolean keepProvisionedInstances,
        boolean anyProvisioned,
        String executionName) {
}
