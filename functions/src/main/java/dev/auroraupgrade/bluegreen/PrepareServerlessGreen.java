package dev.auroraupgrade.bluegreen;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.inplace.ComputeMove;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepRequest;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;

/**
 * Before green moves to Serverless v2: finds green (the deployment's target, a cluster RDS named) and says what the
 * compute move's steps act on there: green itself, its instances tagged for blue, and every provisioned instance of
 * green as this move's to remove (they are RDS's copies of blue's). Changes nothing; a re-run finds the same.
 */
public class PrepareServerlessGreen extends JsonHandler<StepRequest<BlueGreenPlan>, ComputeMove> {
    private final RdsLookup lookup;

    public PrepareServerlessGreen() {
        this(AwsClients.rds());
    }

    public PrepareServerlessGreen(RdsClient rds) {
        super(Json.type(StepRequest.class, BlueGreenPlan.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected ComputeMove handle(StepRequest<BlueGreenPlan> request, Context context) {
        BlueGreenPlan plan = request.plan();
        if (plan == null || plan.serverlessGreen() == null) {
            throw new InvalidInputException("plan.serverlessGreen", "is required (the pre-flight's plan, with serverlessGreen)");
        }
        BlueGreenDeployment d = lookup.blueGreenByName(plan.deploymentName()).orElseThrow(() -> new ResourceFailedException(
                "Blue/Green deployment '" + plan.deploymentName() + "' does not exist (deleted outside this workflow?)"));
        String green = BlueGreenStep.idOf(d.target());
        if (green == null || lookup.cluster(green).isEmpty()) {
            throw new ResourceFailedException("green cluster '" + green + "' of Blue/Green deployment '"
                    + plan.deploymentName() + "' does not exist");
        }
        ServerlessGreen g = plan.serverlessGreen();
        return new ComputeMove(green, plan.clusterIdentifier(), plan.engine(), g.serverlessInstances(),
                g.serverlessInstances().get(0), List.of(), Boolean.TRUE.equals(g.keepProvisionedInstances()), true,
                plan.executionName());
    }
}
