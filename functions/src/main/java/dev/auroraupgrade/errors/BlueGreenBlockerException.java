package dev.auroraupgrade.errors;

/** The cluster has a property Blue/Green deployments do not support (for example a Secrets Manager master password). */
public class BlueGreenBlockerException extends OrchestratorException {
    public BlueGreenBlockerException(String message) {
        super(message);
    }
}
