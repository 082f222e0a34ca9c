package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.checks.ReadinessCheck;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;

/** A readiness check of a Blue/Green deployment, found by its (deterministic) name. */
abstract class DeploymentCheck extends ReadinessCheck<BlueGreenDeployment> {
    DeploymentCheck(RdsClient rds) {
        super(rds, "Blue/Green deployment");
    }

    @Override
    protected Optional<BlueGreenDeployment> describe(String name) {
        return lookup.blueGreenByName(name);
    }
}
