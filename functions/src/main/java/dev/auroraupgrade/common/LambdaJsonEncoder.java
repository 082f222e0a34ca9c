package dev.auroraupgrade.common;

import ch.qos.logback.classic.encoder.JsonEncoder;

/**
 * The one log line format ({@link LambdaLogConfigurator}, and the local layer's logback-local.xml): one JSON object per line with
 * timestamp, level, loggerName, mdc (the Lambda context fields {@link JsonHandler} adds) and formattedMessage, and
 * throwable when there is one. Logback's own encoder, with the fields a reader does not need turned off.
 */
public class LambdaJsonEncoder extends JsonEncoder {
    public LambdaJsonEncoder() {
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithThreadName(false);
        setWithContext(false);
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }
}
