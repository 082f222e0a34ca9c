package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;

/** Rehearsal step 3: the clone's one writer, of the source writer's class (or rehearsalInstanceClass). */
public class CreateRehearsalInstance extends RehearsalStep {
    public static final String STEP = "cloneWriter";

    public CreateRehearsalInstance() {
        this(AwsClients.rds());
    }

    public CreateRehearsalInstance(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(RehearsalPlan plan, Instant startedAt) {
        String id = plan.cloneInstanceIdentifier();
        var clone = clone(plan).orElseThrow(() -> new ResourceFailedException("the clone '" + plan.cloneIdentifier()
                + "' does not exist (deleted outside this workflow?)"));
        if (lookup.instance(id).filter(i -> plan.cloneIdentifier().equals(i.dbClusterIdentifier())).isPresent()) {
            return outcome(StepOutcome.REUSED, id, "the clone's writer exists", startedAt);
        }
        var b = CreateDbInstanceRequest.builder().dbInstanceIdentifier(id).dbClusterIdentifier(clone.dbClusterIdentifier())
                .engine(plan.engine()).dbInstanceClass(plan.instanceClass()).tags(rehearsalTags(plan));
        // A default group is the engine version's own: RDS picks it (the source's default may be another minor's).
        if (plan.sourceInstanceParameterGroup() != null && !plan.sourceInstanceParameterGroup().startsWith("default.")) {
            b.dbParameterGroupName(plan.sourceInstanceParameterGroup());
        }
        RdsCalls.create(() -> rds.createDBInstance(b.build()), DbInstanceAlreadyExistsException.class,
                () -> lookup.instance(id).map(i -> plan.cloneIdentifier().equals(i.dbClusterIdentifier())).orElse(false));
        return outcome(StepOutcome.CREATED, id, plan.instanceClass() + " writer of the clone", startedAt);
    }
}
