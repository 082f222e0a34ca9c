package dev.auroraupgrade.errors;

/** The final check found the target cluster not as the workflow left it. */
public class VerificationFailedException extends OrchestratorException {
    public VerificationFailedException(String message) {
        super(message);
    }
}
