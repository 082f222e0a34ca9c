package dev.auroraupgrade.errors;

/**
 * Base of the named errors. The Lambda runtime reports a thrown exception's class name as the Step
 * Functions Error, so each subclass's simple name is the error an operator sees.
 */
public abstract class OrchestratorException extends RuntimeException {
    protected OrchestratorException(String message) {
        super(message);
    }

    protected OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
