package dev.auroraupgrade.errors;

/** A resource reached a failed status (for example upgrade_failed or incompatible-parameters). */
public class ResourceFailedException extends OrchestratorException {
    public ResourceFailedException(String message) {
        super(message);
    }
}
