package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * An action step of either workflow: takes the plan, changes one thing (or finds it already done) and says
 * which, so a re-run converges.
 */
public abstract class ActionStep<R extends PlanRequest<P>, P> extends JsonHandler<R, StepOutcome> {
    protected final RdsClient rds;
    protected final RdsLookup lookup;
    private final String workflow;

    protected ActionStep(Class<R> requestType, RdsClient rds, String workflow) {
        super(requestType);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.workflow = workflow;
    }

    @Override
    protected final StepOutcome handle(R request, Context context) {
        if (request.plan() == null) {
            throw new InvalidInputException("plan", "is required (the output of the workflow's pre-flight)");
        }
        return run(request.plan(), Instant.now());
    }

    protected abstract StepOutcome run(P plan, Instant startedAt);

    /** The tags every resource this step creates carries. */
    protected List<Tag> ownershipTags(String sourceCluster, String executionName) {
        return OwnershipTags.of(workflow, sourceCluster, executionName);
    }
}
