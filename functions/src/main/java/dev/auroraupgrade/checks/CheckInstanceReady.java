package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** Ready when the instance is available (and, if asked, of the expected class). */
public class CheckInstanceReady extends ReadinessCheck<DBInstance> {
    public CheckInstanceReady() {
        this(AwsClients.rds());
    }

    public CheckInstanceReady(RdsClient rds) {
        super(rds, "DB instance");
    }

    @Override
    protected Optional<DBInstance> describe(String identifier) {
        return lookup.instance(identifier);
    }

    @Override
    protected String status(DBInstance instance) {
        return instance.dbInstanceStatus();
    }

    @Override
    protected ResourceStatus classify(String status) {
        return ResourceStatus.ofInstance(status);
    }

    @Override
    protected String unmetExpectation(DBInstance instance, CheckRequest request) {
        String expected = request.expectedInstanceClass();
        if (expected == null || expected.equals(instance.dbInstanceClass())) {
            return null;
        }
        return "class " + instance.dbInstanceClass() + ", waiting for " + expected;
    }
}
