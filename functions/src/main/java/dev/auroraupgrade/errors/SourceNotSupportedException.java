package dev.auroraupgrade.errors;

/** The source is not a cluster this workflow can take (engine, mode, or already Serverless v2). */
public class SourceNotSupportedException extends OrchestratorException {
    public SourceNotSupportedException(String message) {
        super(message);
    }
}
