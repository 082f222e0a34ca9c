package dev.auroraupgrade.errors;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts SDK failures into the two named errors the state machine handles differently. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static OrchestratorException translate(SdkException e) {
        if (isTransient(e)) {
            return new TransientAwsException("AWS request failed transiently (" + describe(e) + ")", e);
        }
        return new AwsRequestFailedException("AWS refused the request (" + describe(e) + ")", e);
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException || e.retryable();
    }

    /** The AWS error code, else the HTTP status, else the exception's name: a short reason for a report. */
    public static String reason(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return code != null ? code : "HTTP " + service.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
