package dev.auroraupgrade.errors;

/** The execution input is missing a field, has a malformed one, or breaks a rule; names the field. */
public class InvalidInputException extends OrchestratorException {
    public InvalidInputException(String field, String problem) {
        super("Invalid input: '" + field + "' " + problem);
    }
}
