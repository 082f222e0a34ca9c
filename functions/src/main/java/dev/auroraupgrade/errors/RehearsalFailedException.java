package dev.auroraupgrade.errors;

/** The last rehearsal of this cluster's upgrade to this target failed: the real run would fail the same way. */
public class RehearsalFailedException extends OrchestratorException {
    public RehearsalFailedException(String message) {
        super(message);
    }
}
