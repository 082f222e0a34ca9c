package dev.auroraupgrade.errors;

/** Throttling, a 5xx or a network fault that outlived the SDK's own retries; the state machine retries it. */
public class TransientAwsException extends OrchestratorException {
    public TransientAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
