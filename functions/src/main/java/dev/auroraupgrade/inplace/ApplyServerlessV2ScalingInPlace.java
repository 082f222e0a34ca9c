package dev.auroraupgrade.inplace;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.serverless.ApplyServerlessV2Scaling;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The same step as {@link ApplyServerlessV2Scaling}, as a function of its own: the in-place route sets the range
 * on the live cluster, which it must be allowed to modify, while the migration's function may only ever modify
 * clusters it created. Two roles need two functions; the code is one.
 */
public class ApplyServerlessV2ScalingInPlace extends ApplyServerlessV2Scaling {
    public ApplyServerlessV2ScalingInPlace() {
        this(AwsClients.rds());
    }

    public ApplyServerlessV2ScalingInPlace(RdsClient rds) {
        super(rds);
    }
}
