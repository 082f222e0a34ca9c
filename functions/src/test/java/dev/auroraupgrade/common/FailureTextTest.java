package dev.auroraupgrade.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailureTextTest {
    @Test
    void ourErrorsAreShownByTheirSimpleNameOthersAsTheyCame() {
        assertEquals("ResourceFailedException",
                FailureText.errorName("dev.auroraupgrade.errors.ResourceFailedException"));
        assertEquals("Lambda.ServiceException", FailureText.errorName("Lambda.ServiceException"));
        assertEquals("PollLimitExceeded", FailureText.errorName("PollLimitExceeded"));
        assertEquals("WorkflowFailed", FailureText.errorName(null));
    }

    @Test
    void aLambdaErrorPayloadIsReducedToItsMessage() {
        assertEquals("boom", FailureText.causeMessage(
                "{\"errorMessage\":\"boom\",\"errorType\":\"x.Y\",\"stackTrace\":[\"a\"]}"));
        assertEquals("plain text", FailureText.causeMessage("plain text"));
    }
}
