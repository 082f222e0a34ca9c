package dev.auroraupgrade.errors;

/** An engine version is malformed, of the other engine, lower than the source, or lacks Serverless v2. */
public class UnsupportedEngineVersionException extends OrchestratorException {
    public UnsupportedEngineVersionException(String message) {
        super(message);
    }
}
