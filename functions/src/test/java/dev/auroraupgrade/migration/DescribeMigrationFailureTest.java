package dev.auroraupgrade.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DescribeMigrationFailureTest {
    @Test
    void ourErrorsAreShownByTheirSimpleNameOthersAsTheyCame() {
        assertEquals("ResourceFailedException",
                DescribeMigrationFailure.errorName("dev.auroraupgrade.errors.ResourceFailedException"));
        assertEquals("Lambda.ServiceException", DescribeMigrationFailure.errorName("Lambda.ServiceException"));
        assertEquals("PollLimitExceeded", DescribeMigrationFailure.errorName("PollLimitExceeded"));
        assertEquals("MigrationFailed", DescribeMigrationFailure.errorName(null));
    }

    @Test
    void aLambdaErrorPayloadIsReducedToItsMessage() {
        assertEquals("boom", DescribeMigrationFailure.causeMessage(
                "{\"errorMessage\":\"boom\",\"errorType\":\"x.Y\",\"stackTrace\":[\"a\"]}"));
        assertEquals("plain text", DescribeMigrationFailure.causeMessage("plain text"));
    }
}
