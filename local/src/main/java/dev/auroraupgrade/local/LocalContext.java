package dev.auroraupgrade.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda context a local invocation gets, as the Lambda runtime would fill it. */
public record LocalContext(String functionName, String requestId) implements Context {
    public LocalContext(String functionName) {
        this(functionName, UUID.randomUUID().toString());
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "live"; }
    @Override public String getInvokedFunctionArn() { return SamTemplate.functionArn("us-east-1", "123456789012", functionName); }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 60_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.err.print(message); }
            @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
