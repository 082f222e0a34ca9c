package dev.auroraupgrade.errors;

/** The source cluster does not exist in this account and region. */
public class SourceClusterNotFoundException extends OrchestratorException {
    public SourceClusterNotFoundException(String message) {
        super(message);
    }
}
