package dev.auroraupgrade.errors;

/** The fleet names or selects more clusters than its bound (maxClusters) allows. */
public class FleetTooLargeException extends OrchestratorException {
    public FleetTooLargeException(String message) {
        super(message);
    }
}
