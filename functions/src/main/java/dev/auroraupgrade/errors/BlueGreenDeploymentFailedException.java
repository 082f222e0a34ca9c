package dev.auroraupgrade.errors;

/** The Blue/Green deployment reached INVALID_CONFIGURATION, PROVISIONING_FAILED or a FAILED task. */
public class BlueGreenDeploymentFailedException extends OrchestratorException {
    public BlueGreenDeploymentFailedException(String message) {
        super(message);
    }
}
