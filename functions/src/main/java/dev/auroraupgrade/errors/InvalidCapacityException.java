package dev.auroraupgrade.errors;

/** A Serverless v2 capacity (ACU) value is not legal for the target engine version. */
public class InvalidCapacityException extends InvalidInputException {
    public InvalidCapacityException(String field, String problem) {
        super(field, problem);
    }
}
