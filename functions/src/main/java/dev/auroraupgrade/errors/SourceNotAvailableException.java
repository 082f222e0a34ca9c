package dev.auroraupgrade.errors;

/** The source cluster exists but is not `available`. */
public class SourceNotAvailableException extends OrchestratorException {
    public SourceNotAvailableException(String message) {
        super(message);
    }
}
