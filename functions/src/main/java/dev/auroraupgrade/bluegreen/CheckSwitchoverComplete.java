package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.SwitchoverFailedException;
import dev.auroraupgrade.rds.ResourceStatus;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;

/** Readiness check: SWITCHOVER_COMPLETED; SWITCHOVER_FAILED means RDS rolled back and blue still serves. */
public class CheckSwitchoverComplete extends DeploymentCheck {
    public CheckSwitchoverComplete() {
        this(AwsClients.rds());
    }

    public CheckSwitchoverComplete(RdsClient rds) {
        super(rds);
    }

    @Override
    protected String status(BlueGreenDeployment d) {
        return d.status();
    }

    @Override
    protected ResourceStatus classify(String status) {
        return ResourceStatus.ofBlueGreenSwitchover(status);
    }

    @Override
    protected RuntimeException failed(BlueGreenDeployment d, String name, String status) {
        return new SwitchoverFailedException("switchover of Blue/Green deployment '" + name + "' ended " + status
                + ": RDS rolled it back and blue '" + BlueGreenStep.idOf(d.source()) + "' still serves. "
                + (d.statusDetails() == null ? "" : d.statusDetails()));
    }
}
