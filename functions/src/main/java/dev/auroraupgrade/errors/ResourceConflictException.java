package dev.auroraupgrade.errors;

/** An identifier this run needs is taken by a resource this migration did not create. */
public class ResourceConflictException extends OrchestratorException {
    public ResourceConflictException(String message) {
        super(message);
    }
}
