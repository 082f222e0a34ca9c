package dev.auroraupgrade.bluegreen;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.workflow.StateMachineErrors;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The APPROVAL policy's wait: publishes to the notification topic the exact commands that approve or reject
 * the switchover. The state machine waits for one of them (.waitForTaskToken) until its timeout.
 */
public class RequestSwitchoverApproval extends JsonHandler<RequestSwitchoverApproval.Request, RequestSwitchoverApproval.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestSwitchoverApproval.class);

    public record Request(BlueGreenPlan plan, String taskToken, String topicArn, String readiness) {
    }

    public record Result(String messageId, String topicArn) {
    }

    private final SnsClient sns;

    public RequestSwitchoverApproval() {
        this(AwsClients.sns());
    }

    public RequestSwitchoverApproval(SnsClient sns) {
        super(Request.class);
        this.sns = sns;
    }

    @Override
    protected Result handle(Request request, Context context) {
        if (request.plan() == null || request.taskToken() == null || request.topicArn() == null) {
            throw new InvalidInputException("plan/taskToken/topicArn", "are required");
        }
        BlueGreenPlan plan = request.plan();
        String message = message(plan, request.taskToken(), request.readiness());
        String subject = "Approve switchover: " + plan.clusterIdentifier() + " to " + plan.targetEngineVersion();
        String id = sns.publish(r -> r.topicArn(request.topicArn())
                .subject(subject.length() > 100 ? subject.substring(0, 100) : subject).message(message)).messageId();
        LOG.info("approval requested for {} (deployment {}), message {}", plan.clusterIdentifier(), plan.deploymentName(), id);
        return new Result(id, request.topicArn());
    }

    static String message(BlueGreenPlan plan, String token, String readiness) {
        Instant deadline = Instant.now().plusSeconds(plan.approvalTimeoutSeconds());
        return """
                Blue/Green deployment %s is ready to switch over.

                cluster:          %s
                engine version:   %s -> %s
                switchover:       downtime limited to the switchover; RDS rolls back if it takes over %d s
                readiness:        %s
                decide before:    %s (after that the run aborts and deletes green)

                Approve:
                aws stepfunctions send-task-success --task-token '%s' --task-output '{"approvedBy": "<your name>"}'

                Reject (deletes green, blue keeps serving):
                aws stepfunctions send-task-failure --task-token '%s' --error %s --cause '<why>'
                """.formatted(plan.deploymentName(), plan.clusterIdentifier(), plan.currentEngineVersion(),
                plan.targetEngineVersion(), plan.switchoverTimeoutSeconds(), readiness == null ? "checked" : readiness,
                deadline, token, token, StateMachineErrors.SWITCHOVER_REJECTED);
    }
}
