package dev.auroraupgrade.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.errors.TransientAwsException;
import dev.auroraupgrade.workflow.WorkflowBounds;
import java.util.List;

/** Amazon States Language pieces every definition shares: written once here, repeated only in the output. */
final class Asl {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    static final String LAMBDA_INVOKE_WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    static final String SNS_PUBLISH = "arn:aws:states:::sns:publish";
    /** Start another state machine's execution and wait for its end, its output as JSON. */
    static final String START_EXECUTION_SYNC = "arn:aws:states:::states:startExecution.sync:2";
    /** Step Functions' own DescribeExecution, as an AWS SDK service integration. */
    static final String DESCRIBE_EXECUTION = "arn:aws:states:::aws-sdk:sfn:describeExecution";
    /**
     * Application Auto Scaling through Step Functions' AWS SDK integrations (service name applicationautoscaling,
     * actions in camelCase: Step Functions guide, "AWS SDK service integrations"); the Java SDK has no module for it
     * on this build.
     */
    static final String DESCRIBE_SCALABLE_TARGETS = "arn:aws:states:::aws-sdk:applicationautoscaling:describeScalableTargets";
    static final String DESCRIBE_SCALING_POLICIES = "arn:aws:states:::aws-sdk:applicationautoscaling:describeScalingPolicies";
    static final String REGISTER_SCALABLE_TARGET = "arn:aws:states:::aws-sdk:applicationautoscaling:registerScalableTarget";
    static final String PUT_SCALING_POLICY = "arn:aws:states:::aws-sdk:applicationautoscaling:putScalingPolicy";
    static final String DESCRIBE_SCHEDULED_ACTIONS = "arn:aws:states:::aws-sdk:applicationautoscaling:describeScheduledActions";
    static final String PUT_SCHEDULED_ACTION = "arn:aws:states:::aws-sdk:applicationautoscaling:putScheduledAction";
    /**
     * The AWS Price List API (service pricing). Step Functions calls it in the state machine's Region; the API has
     * endpoints in two Regions only (its API reference, "Service Endpoint": us-east-1 and ap-south-1).
     */
    static final String GET_PRODUCTS = "arn:aws:states:::aws-sdk:pricing:getProducts";
    /** S3's PutObject, as an AWS SDK service integration (the fleet's full table). */
    static final String S3_PUT_OBJECT = "arn:aws:states:::aws-sdk:s3:putObject";
    /**
     * AWS Organizations' ListAccountsForParent (fleet input organization), as an AWS SDK integration: the Java SDK of
     * this build has no Organizations module.
     */
    static final String LIST_ACCOUNTS_FOR_PARENT = "arn:aws:states:::aws-sdk:organizations:listAccountsForParent";
    /** Its child OUs' listing, for the walk below the named OUs (the same reason). */
    static final String LIST_ORGANIZATIONAL_UNITS_FOR_PARENT =
            "arn:aws:states:::aws-sdk:organizations:listOrganizationalUnitsForParent";
    /** The template's bucket of fleet reports, as DefinitionSubstitutions names it. */
    static final String REPORT_BUCKET = "${FleetReportBucket}";
    /** The template's SNS topic, as DefinitionSubstitutions names it. */
    static final String TOPIC = "${NotificationTopicArn}";
    /** A handler answers in seconds; WorkflowBounds counts this timeout into every workflow's worst case. */
    static final int LAMBDA_TIMEOUT_SECONDS = WorkflowBounds.LAMBDA_TASK_TIMEOUT_SECONDS;
    static final int SNS_TIMEOUT_SECONDS = 60;
    static final int SDK_TIMEOUT_SECONDS = 60;

    /**
     * Lambda's transient errors, as the lambda:invoke integration names them: the four of the Step Functions
     * guide "Handle Lambda service exceptions" (ClientExecutionTimeout, Service, AWSLambda, SdkClient), and
     * TooManyRequests, which the same guide names for Lambda's invocation limit.
     */
    static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ClientExecutionTimeoutException",
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");

    private Asl() {
    }

    /**
     * The retry policy of every Lambda task: Lambda's own errors (2 s, doubling, 6 attempts: about two minutes),
     * and AWS throttling or 5xx that outlived the SDK's three attempts (3 s, doubling, 5 attempts).
     */
    static ArrayNode lambdaRetries() {
        ArrayNode retry = JSON.createArrayNode();
        retry.add(obj("ErrorEquals", strings(LAMBDA_SERVICE_ERRORS), "IntervalSeconds", WorkflowBounds.LAMBDA_ERROR_INTERVAL_SECONDS,
                "MaxAttempts", WorkflowBounds.LAMBDA_ERROR_RETRIES, "BackoffRate", WorkflowBounds.BACKOFF_RATE));
        retry.add(obj("ErrorEquals", strings(List.of(TransientAwsException.class.getName())), "IntervalSeconds",
                WorkflowBounds.TRANSIENT_INTERVAL_SECONDS, "MaxAttempts", WorkflowBounds.TRANSIENT_RETRIES, "BackoffRate",
                WorkflowBounds.BACKOFF_RATE));
        return retry;
    }

    /**
     * Starting a nested execution: Step Functions' own throttling and transport errors only (3 s, doubling, 5
     * attempts). A failed child is States.TaskFailed and is never retried: the failure tail reports it.
     */
    static ArrayNode nestedExecutionRetries() {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of("StepFunctions.ThrottlingException",
                "StepFunctions.SdkClientException", "StepFunctions.AWSStepFunctionsException")), "IntervalSeconds", 3,
                "MaxAttempts", 5, "BackoffRate", 2));
    }

    /**
     * An AWS SDK integration's transient errors, named "<Service>.<Exception>" (Step Functions guide, "Handling errors
     * in AWS SDK integrations"): throttling and the service's generic exception (3 s, doubling, 5 attempts).
     */
    static ArrayNode sdkRetries(String service) {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of(service + ".ThrottlingException",
                service + "." + service + "Exception")), "IntervalSeconds", 3, "MaxAttempts", 5, "BackoffRate", 2));
    }

    /**
     * Application Auto Scaling's transient errors as Step Functions names them ("ApplicationAutoScaling.<Exception>"):
     * throttling, its internal error, and ConcurrentUpdateException, which its API reference says to retry.
     */
    static ArrayNode autoScalingRetries() {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of("ApplicationAutoScaling.ThrottlingException",
                "ApplicationAutoScaling.InternalServiceException", "ApplicationAutoScaling.ConcurrentUpdateException")),
                "IntervalSeconds", 3, "MaxAttempts", 5,
                "BackoffRate", 2));
    }

    /**
     * Organizations' transient errors as Step Functions names them ("Organizations.<Exception>"): its API reference
     * names TooManyRequestsException (throttling) and ServiceException (an internal error) for every action.
     */
    static ArrayNode organizationsRetries() {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of("Organizations.TooManyRequestsException",
                "Organizations.ServiceException")), "IntervalSeconds", 3, "MaxAttempts", 5, "BackoffRate", 2));
    }

    /** The Price List API's throttling and internal errors: a few quick retries (the plan falls back to the table). */
    static ArrayNode pricingRetries() {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of("Pricing.ThrottlingException",
                "Pricing.InternalErrorException")), "IntervalSeconds", 2, "MaxAttempts", 2, "BackoffRate", 2));
    }

    /** Notifications are best effort: a few quick retries, then the run goes on without them. */
    static ArrayNode notificationRetries() {
        return JSON.createArrayNode().add(obj("ErrorEquals", strings(List.of("States.ALL")), "IntervalSeconds", 2,
                "MaxAttempts", 3, "BackoffRate", 2));
    }

    /** Sends every error to {@code next}, keeping it at {@code resultPath}. */
    static ObjectNode catchAll(String resultPath, String next) {
        return obj("ErrorEquals", strings(List.of("States.ALL")), "ResultPath", resultPath, "Next", next);
    }

    /** The template's logical id of the function a handler class serves. */
    static String functionId(Class<?> handler) {
        return handler.getSimpleName() + "Function";
    }

    /** The DefinitionSubstitutions placeholder of that function's ARN (its alias). */
    static String functionArn(Class<?> handler) {
        return "${" + functionId(handler) + "Arn}";
    }

    /** An object from key, value pairs; values are strings, numbers, booleans, JSON nodes or null. */
    static ObjectNode obj(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object v = keyValues[i + 1];
            if (v == null) {
                node.putNull(key);
            } else if (v instanceof JsonNode j) {
                node.set(key, j);
            } else if (v instanceof String s) {
                node.put(key, s);
            } else if (v instanceof Integer n) {
                node.put(key, n);
            } else if (v instanceof Boolean b) {
                node.put(key, b);
            } else {
                throw new IllegalArgumentException("unsupported value for " + key + ": " + v);
            }
        }
        return node;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode array(JsonNode... values) {
        ArrayNode array = JSON.createArrayNode();
        for (JsonNode v : values) {
            array.add(v);
        }
        return array;
    }
}
