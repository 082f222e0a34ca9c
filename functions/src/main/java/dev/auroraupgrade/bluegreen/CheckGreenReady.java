package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.BlueGreenDeploymentFailedException;
import dev.auroraupgrade.rds.ResourceStatus;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;

/** Readiness check: the deployment (looked up by name) is AVAILABLE; INVALID_CONFIGURATION or a FAILED task ends the run. */
public class CheckGreenReady extends DeploymentCheck {
    public CheckGreenReady() {
        this(AwsClients.rds());
    }

    public CheckGreenReady(RdsClient rds) {
        super(rds);
    }

    /** Reported as the status when the deployment's status is fine but one of its tasks failed. */
    private static final String A_TASK_FAILED = "TASK_FAILED";

    @Override
    protected String status(BlueGreenDeployment d) {
        return d.tasks().stream().anyMatch(t -> ResourceStatus.TASK_FAILED.equals(t.status())) ? A_TASK_FAILED : d.status();
    }

    /** The share of the deployment's tasks (BlueGreenDeploymentTask) that are COMPLETED; null when it lists none. */
    @Override
    protected Double progress(BlueGreenDeployment d) {
        return d.tasks().isEmpty() ? null
                : d.tasks().stream().filter(t -> ResourceStatus.TASK_COMPLETED.equals(t.status())).count() / (double) d.tasks().size();
    }

    @Override
    protected ResourceStatus classify(String status) {
        return A_TASK_FAILED.equals(status) ? ResourceStatus.FAILED : ResourceStatus.ofBlueGreenCreation(status);
    }

    @Override
    protected RuntimeException failed(BlueGreenDeployment d, String name, String status) {
        String failedTasks = String.join(", ", d.tasks().stream().filter(t -> ResourceStatus.TASK_FAILED.equals(t.status()))
                .map(t -> t.name()).toList());
        return new BlueGreenDeploymentFailedException("Blue/Green deployment '" + name + "' is " + d.status()
                + (failedTasks.isEmpty() ? "" : " with failed tasks " + failedTasks) + ": "
                + (d.statusDetails() == null ? "(no status details)" : d.statusDetails()));
    }
}
