package dev.auroraupgrade.errors;

/** The execution input is missing a field, has a malformed one, or breaks a rule; names the field. */
public class InvalidInputException extends OrchestratorException {
    private final String field;

    public InvalidInputException(String field, String problem) {
        super("Invalid input: '" + field + "' " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
