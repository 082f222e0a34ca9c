package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.workflow.PollInput;

/** The execution input of the rehearsal workflow: the cluster and the target version the real run would use. */
public record RehearsalInput(
        String clusterIdentifier,
        String targetEngineVersion,
        /** The group the real run would name for green; null: the one it would create, created here once. */
        String targetDBClusterParameterGroupName,
        /** The clone's writer class; null: the source writer's. */
        String rehearsalInstanceClass,
        /** Keep the upgraded clone this long for the DBA's own tests, then delete it (0-72; default 0). */
        Integer keepCloneHours,
        Integer postgresDatabaseCount,
        Boolean acceptGreenWithoutBacktrack,
        Integer pollIntervalSeconds,
        Integer minPollSeconds,
        Integer maxPollSeconds,
        Integer maxPollAttempts,
        Integer maxWaitSeconds) implements PollInput {
}
