package dev.auroraupgrade.errors;

/** Applying the replication setting needs a writer reboot, and the input does not allow it (allowWriterReboot). */
public class WriterRebootRequiredException extends OrchestratorException {
    public WriterRebootRequiredException(String message) {
        super(message);
    }
}
