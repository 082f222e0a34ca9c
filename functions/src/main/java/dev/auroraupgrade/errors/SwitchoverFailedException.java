package dev.auroraupgrade.errors;

/** SWITCHOVER_FAILED: RDS rolled the switchover back and blue still serves. */
public class SwitchoverFailedException extends OrchestratorException {
    public SwitchoverFailedException(String message) {
        super(message);
    }
}
