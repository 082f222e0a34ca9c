package dev.auroraupgrade.errors;

/** AWS refused a request for a reason retrying will not fix (access denied, quota, invalid state...). */
public class AwsRequestFailedException extends OrchestratorException {
    public AwsRequestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
