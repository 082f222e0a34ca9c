package dev.auroraupgrade.errors;

/**
 * Blue/Green replication to green stopped ("Replication degraded", for example after DDL on an Aurora PostgreSQL
 * blue). AWS's only fix is to delete the deployment and create it again.
 */
public class ReplicationDegradedException extends OrchestratorException {
    public ReplicationDegradedException(String message) {
        super(message);
    }
}
