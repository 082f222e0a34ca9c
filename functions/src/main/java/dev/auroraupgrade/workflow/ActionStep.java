package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * An action step of any workflow: takes the plan, changes one thing (or finds it already done) and says which,
 * so a re-run converges. Its outcome carries the step's name, which is also the key the state machine keeps
 * it under ({@code $.steps.<name>}).
 */
public abstract class ActionStep<P> extends JsonHandler<StepRequest<P>, StepOutcome> {
    protected final RdsClient rds;
    protected final RdsLookup lookup;
    private final String workflow;
    private final String step;

    protected ActionStep(Class<P> planType, RdsClient rds, String workflow, String step) {
        super(Json.type(StepRequest.class, planType));
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.workflow = workflow;
        this.step = step;
    }

    @Override
    protected final StepOutcome handle(StepRequest<P> request, Context context) {
        if (request.plan() == null) {
            throw new InvalidInputException("plan", "is required (the output of the workflow's pre-flight)");
        }
        return run(request.plan(), Instant.now());
    }

    protected abstract StepOutcome run(P plan, Instant startedAt);

    /** What this step did, under its name. */
    protected StepOutcome outcome(String action, String resource, String detail, Instant startedAt) {
        return StepOutcome.of(step, action, resource, detail, startedAt);
    }

    /** The tags every resource this step creates carries. */
    protected List<Tag> ownershipTags(String sourceCluster, String executionName) {
        return OwnershipTags.of(workflow, sourceCluster, executionName);
    }
}
