package dev.auroraupgrade.errors;

/** Blue needs a writer reboot to apply the replication parameter, and the input does not allow it. */
public class WriterRebootRequiredException extends OrchestratorException {
    public WriterRebootRequiredException(String message) {
        super(message);
    }
}
