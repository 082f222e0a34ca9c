package dev.auroraupgrade.rds;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Mutating RDS calls whose response can be lost after RDS applied them. The SDK then retries the call, and the
 * retry meets "already exists", "not found" or "invalid state". A step must converge in the same run: these
 * helpers let it ask the state whether the work is done instead of failing.
 */
public final class RdsCalls {
    private RdsCalls() {
    }

    /**
     * Runs a create. When RDS answers that the resource already exists, {@code alreadyOurs} decides: true (a lost
     * response of this very call, or an earlier run of this workflow) is success; false rethrows.
     */
    public static void create(Runnable call, Class<? extends AwsServiceException> alreadyExists, Supplier<Boolean> alreadyOurs) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            if (!alreadyExists.isInstance(e) || !alreadyOurs.get()) {
                throw e;
            }
        }
    }

    /** Runs a delete; {@code notFound} for the deleted resource itself means it is gone (a retry RDS already applied). */
    public static void deleted(Runnable call, Class<? extends AwsServiceException> notFound) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            if (!notFound.isInstance(e)) {
                throw e;
            }
        }
    }

    /**
     * Runs a modify, reboot or switchover. When RDS refuses it for the resource's state, {@code underWay} decides:
     * true (the change this call asked for is in progress or done, a retry after a lost response) is success.
     */
    public static void change(Runnable call, Class<? extends AwsServiceException> invalidState, Supplier<Boolean> underWay) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            if (!invalidState.isInstance(e) || !underWay.get()) {
                throw e;
            }
        }
    }
}
