package dev.auroraupgrade.bluegreen;

import java.util.List;

/**
 * Optional Blue/Green input: move green to Serverless v2 before the switchover, so that the switchover is the only
 * interruption (Aurora User Guide, Blue/Green overview: "you might change the DB instance class used by one or more
 * DB instances in the green environment", and on adding instances to green: "the new DB instance is retained ...
 * and becomes a DB instance in the new production environment"; AWS Knowledge Center aurora-mysql-cluster-migration:
 * add a db.serverless reader to green, fail over within green, optionally delete green's provisioned instance, then
 * switch over). The in-place pre-flight decides it; the instances get these names and keep them after the switchover.
 */
public record ServerlessGreen(
        Double minCapacity,
        Double maxCapacity,
        Integer secondsUntilAutoPause,
        List<String> serverlessInstances,
        Boolean keepProvisionedInstances) {
}
