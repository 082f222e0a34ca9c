package dev.auroraupgrade.errors;

/** A switchover readiness check did not pass within its bound. */
public class SwitchoverNotReadyException extends OrchestratorException {
    public SwitchoverNotReadyException(String message) {
        super(message);
    }
}
