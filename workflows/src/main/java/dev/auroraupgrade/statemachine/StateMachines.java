package dev.auroraupgrade.statemachine;

import static dev.auroraupgrade.statemachine.Asl.obj;
import static dev.auroraupgrade.statemachine.Workflow.step;
import static dev.auroraupgrade.statemachine.Workflow.waitFor;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.bluegreen.BlueGreenPlan;
import dev.auroraupgrade.bluegreen.CheckGreenReady;
import dev.auroraupgrade.bluegreen.CheckReplicationReady;
import dev.auroraupgrade.bluegreen.CheckSwitchoverComplete;
import dev.auroraupgrade.bluegreen.CheckSwitchoverReadiness;
import dev.auroraupgrade.bluegreen.ConcludeBlueGreenFailure;
import dev.auroraupgrade.bluegreen.CreateBlueGreenDeployment;
import dev.auroraupgrade.bluegreen.DeleteOldBlueCluster;
import dev.auroraupgrade.bluegreen.DeleteOldBlueInstances;
import dev.auroraupgrade.bluegreen.OldBlueReport;
import dev.auroraupgrade.bluegreen.SnapshotOldBlue;
import dev.auroraupgrade.checks.CheckClusterDeleted;
import dev.auroraupgrade.bluegreen.FinalizeBlueGreen;
import dev.auroraupgrade.bluegreen.PreflightBlueGreen;
import dev.auroraupgrade.bluegreen.PrepareBlueReplication;
import dev.auroraupgrade.bluegreen.PrepareServerlessGreen;
import dev.auroraupgrade.bluegreen.PrepareTargetParameterGroup;
import dev.auroraupgrade.bluegreen.ReaderAutoScaling;
import dev.auroraupgrade.bluegreen.RebootWriterInstance;
import dev.auroraupgrade.bluegreen.RestoreReplicationSettings;
import dev.auroraupgrade.bluegreen.RequestSwitchoverApproval;
import dev.auroraupgrade.bluegreen.SwitchoverBlueGreenDeployment;
import dev.auroraupgrade.bluegreen.UpgradeBlueMinorVersion;
import dev.auroraupgrade.checks.CheckClusterCompute;
import dev.auroraupgrade.fleet.CheckFailureBudget;
import dev.auroraupgrade.fleet.CheckFleetOrganization;
import dev.auroraupgrade.fleet.FleetOrganization;
import dev.auroraupgrade.fleet.WalkOrganization;
import dev.auroraupgrade.fleet.ConcludeFleetFailure;
import dev.auroraupgrade.fleet.FleetRow;
import dev.auroraupgrade.fleet.JudgeCanaries;
import dev.auroraupgrade.fleet.PlanFleet;
import dev.auroraupgrade.fleet.ReportClusterFailure;
import dev.auroraupgrade.fleet.SummarizeFleet;
import dev.auroraupgrade.workflow.WorkflowKind;
import dev.auroraupgrade.checks.CheckClusterReady;
import dev.auroraupgrade.checks.CheckInstanceReady;
import dev.auroraupgrade.checks.CheckSnapshotReady;
import dev.auroraupgrade.inplace.AddServerlessInstances;
import dev.auroraupgrade.inplace.ApplyServerlessV2ScalingInPlace;
import dev.auroraupgrade.inplace.ConcludeInPlaceFailure;
import dev.auroraupgrade.inplace.ConvertToProvisioned;
import dev.auroraupgrade.inplace.FailoverToServerless;
import dev.auroraupgrade.inplace.PreflightInPlace;
import dev.auroraupgrade.inplace.RemoveProvisionedInstances;
import dev.auroraupgrade.inplace.VerifyInPlace;
import dev.auroraupgrade.migration.ConvertWriterToServerless;
import dev.auroraupgrade.migration.CreateClusterSnapshot;
import dev.auroraupgrade.migration.CreateWriterInstance;
import dev.auroraupgrade.migration.DescribeMigrationFailure;
import dev.auroraupgrade.migration.PreflightMigration;
import dev.auroraupgrade.migration.PrepareUpgradeParameterGroups;
import dev.auroraupgrade.migration.RestoreProvisionedCluster;
import dev.auroraupgrade.migration.StartMajorVersionUpgrade;
import dev.auroraupgrade.migration.VerifyServerlessV2Cluster;
import dev.auroraupgrade.errors.UpgradeFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rehearsal.CheckCloneDeletable;
import dev.auroraupgrade.rehearsal.ConcludeRehearsalFailure;
import dev.auroraupgrade.rehearsal.CreateRehearsalClone;
import dev.auroraupgrade.rehearsal.CreateRehearsalInstance;
import dev.auroraupgrade.rehearsal.DeleteRehearsalClone;
import dev.auroraupgrade.rehearsal.JudgeRehearsal;
import dev.auroraupgrade.rehearsal.PreflightRehearsal;
import dev.auroraupgrade.rehearsal.RecordRehearsal;
import dev.auroraupgrade.rehearsal.UpgradeRehearsalClone;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.serverless.ApplyServerlessV2Scaling;
import dev.auroraupgrade.workflow.PollSchedule.Operation;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.StateMachineErrors;
import dev.auroraupgrade.workflow.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of every workflow, each readable on one screen: its steps in order, each an action and, where it
 * waits, the readiness check and what it waits for. {@code scripts/generate-statemachines} writes them to
 * statemachine/*.asl.json (what SAM deploys and the console draws); a test fails when those files differ.
 */
public final class StateMachines {
    private StateMachines() {
    }

    /** Snapshot and restore: the source is only read (and snapshotted). */
    static Workflow migration() {
        var w = new Workflow("Migrates an Aurora Serverless v1 cluster to Serverless v2 by snapshot and restore: snapshot, "
                + "restore as provisioned, major version upgrade, capacity range, db.serverless writer. The source is only "
                + "read. Every wait is a bounded Wait/Check/Choice loop.", "DescribeFailure");
        w.preflightAfterPriceList("Validates input and source and plans every name, version and capacity; prices "
                + "Extended Support with the Price List as read. Changes nothing. The plan replaces the raw input.",
                PreflightMigration.class, Asl.JSON.createObjectNode(), "$.sourceClusterIdentifier");
        w.actionAndWait(null, CreateClusterSnapshot.class, CreateClusterSnapshot.STEP, waitFor("Snapshot",
                "the cluster snapshot", Operation.SNAPSHOT, CheckSnapshotReady.class, "identifier.$", "$.plan.snapshotIdentifier"));
        w.actionAndWait(null, RestoreProvisionedCluster.class, RestoreProvisionedCluster.STEP, waitFor("RestoredCluster",
                "the restored cluster", Operation.RESTORE, CheckClusterReady.class, "identifier.$", "$.plan.targetClusterIdentifier"));
        w.actionAndWait(null, CreateWriterInstance.class, CreateWriterInstance.STEP, waitFor("WriterInstance",
                "the provisioned writer", Operation.CREATE_INSTANCE, CheckInstanceReady.class, "identifier.$", "$.plan.writerInstanceIdentifier"));
        w.action(null, PrepareUpgradeParameterGroups.class, PrepareUpgradeParameterGroups.STEP, null);
        w.actionAndWaitUnlessSkipped(StartMajorVersionUpgrade.class, StartMajorVersionUpgrade.STEP, "IsUpgradeNeeded",
                waitFor("Upgrade", "the engine upgrade", Operation.UPGRADE, CheckClusterReady.class, "identifier.$",
                        "$.plan.targetClusterIdentifier", "expectedEngineVersion.$", "$.plan.targetEngineVersion"));
        w.actionAndWaitUnlessSkipped(ApplyServerlessV2Scaling.class, ApplyServerlessV2Scaling.STEP, "IsScalingChanged",
                waitFor("Scaling", "the capacity change", Operation.MODIFY_CLUSTER, CheckClusterReady.class, "identifier.$",
                        "$.plan.targetClusterIdentifier", "expectedEngineVersion.$", "$.plan.targetEngineVersion"),
                scalingRange("$.plan.targetClusterIdentifier"));
        w.actionAndWaitUnlessSkipped(ConvertWriterToServerless.class, ConvertWriterToServerless.STEP, "IsWriterChanged",
                waitFor("ServerlessWriter", "the writer to become db.serverless", Operation.MODIFY_INSTANCE, CheckInstanceReady.class, "identifier.$",
                        "$.plan.writerInstanceIdentifier", "expectedInstanceClass", InstanceClasses.SERVERLESS));
        ObjectNode verify = w.lambda("Checks the v2 cluster against the plan; its report is the execution output.",
                VerifyServerlessV2Cluster.class, obj("plan.$", "$.plan", "steps.$", Workflow.STEPS), null, null);
        verify.put("OutputPath", "$.Payload").put("End", true);
        w.add(VerifyServerlessV2Cluster.class.getSimpleName(), verify);
        return w.failureTail("Names the error and lists what this migration created so far; the source is never modified.",
                DescribeMigrationFailure.class, "MigrationFailed", null, null, null);
    }

    /** Blue/Green: the one change to blue is its replication setting; downtime is the switchover. */
    static Workflow blueGreen() {
        String replication = step(PrepareBlueReplication.STEP);
        var w = new Workflow("Upgrades an Aurora cluster (provisioned or Serverless v2) through an RDS Blue/Green "
                + "deployment: replication on blue, green at the target version, readiness checks, a switchover policy "
                + "(AUTO, APPROVAL, NONE), then old blue kept and the deployment object deleted. Downtime is limited to "
                + "the switchover. Every wait is a bounded Wait/Check/Choice loop.", "ConcludeFailure");
        w.preflightAfterReads("Validates input and cluster, finds blockers, plans names, groups and policy; takes blue's "
                + "Application Auto Scaling as read. Changes nothing. The plan replaces the raw input.", PreflightBlueGreen.class,
                obj("scaling", obj("recreated", false)), "$.clusterIdentifier", "ReadScalableTarget", () -> {
                    String resource = "States.Format('" + "cluster:{}', $.input.clusterIdentifier)";
                    w.read("ReadScalableTarget", "Blue's Application Auto Scaling target (its Aurora Replicas): AWS does "
                                    + "not copy it to green.", Asl.DESCRIBE_SCALABLE_TARGETS, obj("ServiceNamespace",
                                    ReaderAutoScaling.NAMESPACE, "ResourceIds.$", "States.Array(" + resource + ")",
                                    "ScalableDimension", ReaderAutoScaling.DIMENSION), "scalableTargets",
                            "autoScalingError", Asl.autoScalingRetries());
                    w.read("ReadScalingPolicies", "Blue's scaling policies on that target.", Asl.DESCRIBE_SCALING_POLICIES,
                            obj("ServiceNamespace", ReaderAutoScaling.NAMESPACE, "ResourceId.$", resource,
                                    "ScalableDimension", ReaderAutoScaling.DIMENSION), "scalingPolicies",
                            "autoScalingError", Asl.autoScalingRetries());
                    w.read("ReadScheduledActions", "Blue's scheduled actions on that target: part of the same "
                                    + "configuration, not copied either.", Asl.DESCRIBE_SCHEDULED_ACTIONS,
                            obj("ServiceNamespace", ReaderAutoScaling.NAMESPACE, "ResourceId.$", resource,
                                    "ScalableDimension", ReaderAutoScaling.DIMENSION), "scheduledActions",
                            "autoScalingError", Asl.autoScalingRetries());
                    w.readExtendedSupportPrices();
                });
        w.notify("NotifyStarted", "States.Format('Blue/Green started: {}', $.plan.clusterIdentifier)",
                "States.Format('Blue/Green upgrade of {} from {} to {} started (deployment {}, switchover policy {}).', "
                        + "$.plan.clusterIdentifier, $.plan.currentEngineVersion, $.plan.targetEngineVersion, "
                        + "$.plan.deploymentName, $.plan.switchoverPolicy)");
        String switchover = SwitchoverBlueGreenDeployment.class.getSimpleName();
        String finalize = FinalizeBlueGreen.class.getSimpleName();
        w.add("IsSwitchoverUnderWay", obj("Type", "Choice",
                "Comment", "A re-run of an upgrade whose switchover already started continues there; one of a finished "
                        + "upgrade only reports what stands.",
                "Choices", Asl.array(obj("Variable", "$.plan.resumeAtSwitchover", "BooleanEquals", true, "Next", switchover),
                        obj("Variable", "$.plan.alreadyUpgraded", "BooleanEquals", true, "Next", "IsAutoScalingToRecreate")),
                "Default", "IsMinorUpgradeNeeded"));
        String minor = UpgradeBlueMinorVersion.class.getSimpleName();
        w.unless("IsMinorUpgradeNeeded", "Only when RDS has no direct path from blue's version to the target (the plan "
                        + "names the minor to reach first, allowed by the input).",
                obj("Variable", "$.plan.minorUpgradeFirst", "IsNull", true), minor,
                () -> w.actionAndWait("A minor upgrade of blue in place: its instances restart.", UpgradeBlueMinorVersion.class,
                        UpgradeBlueMinorVersion.STEP, waitFor("MinorUpgrade", "the minor upgrade of blue", Operation.UPGRADE,
                                CheckClusterReady.class, "identifier.$", "$.plan.clusterIdentifier", "expectedEngineVersion.$",
                                "$.plan.minorUpgradeFirst")));

        String reboot = RebootWriterInstance.class.getSimpleName();
        ObjectNode pendingReboot = obj("Variable", replication + ".poll.status", "StringEquals", ResourceStatus.PENDING_REBOOT);
        w.action("The only change to blue: a custom cluster parameter group with replication on.",
                PrepareBlueReplication.class, PrepareBlueReplication.STEP, obj("reboot", obj("done", false)));
        var replicationLoop = waitFor("Replication", "the replication setting to apply on blue", Operation.REPLICATION,
                CheckReplicationReady.class, "plan.$", "$.plan");
        w.loop(replicationLoop
                .alsoChoose(obj("And", Asl.array(pendingReboot, obj("Variable", "$.plan.allowWriterReboot",
                        "BooleanEquals", false)), "Next", "WriterRebootNotAllowed"))
                .alsoChoose(obj("And", Asl.array(pendingReboot.deepCopy(), obj("Variable", replication + ".reboot.done",
                        "BooleanEquals", false)), "Next", reboot)), replication);
        w.aside("WriterRebootNotAllowed", obj("Type", "Pass", "Comment", "allowWriterReboot is false: stop before "
                + "rebooting production.", "Parameters", obj("Error", StateMachineErrors.WRITER_REBOOT_REQUIRED,
                "Cause.$", "States.Format('The writer {} must be rebooted to apply {} on {} ({}). Set allowWriterReboot to "
                        + "true, or reboot it in a maintenance window and start again.', $.plan.writerInstanceIdentifier, "
                        + "$.plan.replicationParameter, $.plan.clusterIdentifier, " + replication + ".poll.detail)"),
                "ResultPath", "$.failure", "Next", "ConcludeFailure"));
        ObjectNode rebootTask = w.lambda("Reboots blue's writer once, only when allowWriterReboot is true.",
                RebootWriterInstance.class, obj("plan.$", "$.plan"), obj("done", true, "outcome.$", "$.Payload"),
                replication + ".reboot");
        rebootTask.put("Next", replicationLoop.waitAgainState());
        w.aside(reboot, rebootTask);

        w.action(null, PrepareTargetParameterGroup.class, PrepareTargetParameterGroup.STEP, null);
        w.actionAndWait(null, CreateBlueGreenDeployment.class, CreateBlueGreenDeployment.STEP, waitFor("Green",
                "the green environment", Operation.CREATE_BLUE_GREEN, CheckGreenReady.class, "identifier.$", "$.plan.deploymentName"));

        String prepareGreen = PrepareServerlessGreen.class.getSimpleName();
        w.unless("IsServerlessGreenAsked", "Only with serverlessGreen (the in-place route asks for it): green moves to "
                        + "Serverless v2 before the switchover, so that the switchover is the only interruption.",
                obj("Variable", "$.plan.serverlessGreen", "IsNull", true), prepareGreen, () -> {
                    w.then(prepareGreen, w.lambda("Finds green and what the compute move acts on there. Changes nothing.",
                            PrepareServerlessGreen.class, obj("plan.$", "$.plan"), obj("move.$", "$.Payload"), "$.serverlessGreen"));
                    computeMove(w, "Green", "$.serverlessGreen.move.clusterIdentifier", obj("plan.$", "$.serverlessGreen.move"),
                            "$.serverlessGreen.move.serverlessInstances", "$.serverlessGreen.move.failoverTarget",
                            scalingRange("$.serverlessGreen.move.clusterIdentifier", "$.plan.serverlessGreen"));
                });
        w.then("StartReadinessChecks", obj("Type", "Pass", "Parameters", obj("poll", Workflow.freshPoll(), "approved", false), "ResultPath", "$.readiness"));
        w.loop(waitFor("Readiness", "switchover readiness", Operation.READINESS, CheckSwitchoverReadiness.class, "plan.$", "$.plan")
                .orFail(StateMachineErrors.SWITCHOVER_NOT_READY), "$.readiness");
        String approval = RequestSwitchoverApproval.class.getSimpleName();
        w.add("ChooseSwitchoverPolicy", obj("Type", "Choice", "Choices", Asl.array(
                obj("Variable", "$.readiness.approved", "BooleanEquals", true, "Next", switchover),
                obj("Variable", "$.plan.switchoverPolicy", "StringEquals", BlueGreenPlan.AUTO, "Next", switchover),
                obj("Variable", "$.plan.switchoverPolicy", "StringEquals", BlueGreenPlan.NONE, "Next", finalize)),
                "Default", approval));
        ObjectNode ask = w.lambda("Publishes the approve/reject commands and waits for one of them until "
                        + "approvalTimeoutSeconds.", Asl.LAMBDA_INVOKE_WAIT_FOR_TOKEN, RequestSwitchoverApproval.class,
                obj("plan.$", "$.plan", "taskToken.$", "$$.Task.Token", "topicArn", Asl.TOPIC,
                        "readiness.$", "$.readiness.poll.detail"), null, "$.approval",
                Asl.array(obj("ErrorEquals", Asl.strings(java.util.List.of("States.Timeout")), "ResultPath", "$.failure",
                        "Next", "ApprovalTimedOut"), Asl.catchAll("$.failure", "ConcludeFailure")));
        ask.put("TimeoutSecondsPath", "$.plan.approvalTimeoutSeconds");
        w.then(approval, ask);
        w.add("RecheckReadinessAfterApproval", obj("Type", "Pass", "Comment", "An approval can come hours after the "
                + "last check: check again before switching over.", "Parameters", obj("poll", Workflow.freshPoll(),
                "approved", true), "ResultPath", "$.readiness", "Next", "WaitForReadiness"));
        w.aside("ApprovalTimedOut", obj("Type", "Pass", "Parameters", obj("Error", StateMachineErrors.APPROVAL_TIMED_OUT,
                "Cause.$", "States.Format('Nobody approved or rejected the switchover of {} within {} s', "
                        + "$.plan.clusterIdentifier, $.plan.approvalTimeoutSeconds)"),
                "ResultPath", "$.failure", "Next", "ConcludeFailure"));

        w.actionAndWait(null, SwitchoverBlueGreenDeployment.class, SwitchoverBlueGreenDeployment.STEP,
                waitFor("Switchover", "the switchover", Operation.SWITCHOVER, CheckSwitchoverComplete.class, "identifier.$", "$.plan.deploymentName"));
        String restore = RestoreReplicationSettings.class.getSimpleName();
        w.unless("IsReplicationRestoreAsked", "Only with restoreReplicationSettings: the replication setting this run "
                        + "turned on goes back, in green's group when this tool created it.",
                obj("Variable", "$.plan.restoreReplicationSettings", "BooleanEquals", false), restore,
                () -> w.actionAndWaitUnlessSkipped(RestoreReplicationSettings.class, RestoreReplicationSettings.STEP,
                        "IsRestoredWriterRebooting", waitFor("RestoredReplication", "the writer to apply the restored "
                                + "replication setting", Operation.REPLICATION, CheckClusterCompute.class,
                                "clusterIdentifier.$", "$.plan.clusterIdentifier", "inSync.$", "States.Array("
                                        + step(RestoreReplicationSettings.STEP) + ".outcome.resourceIdentifier)")));
        recreateAutoScaling(w, finalize);
        w.then(finalize, w.lambda("Verifies the cluster serves the target version, keeps old blue protected, deletes "
                        + "only the deployment object; or reports green ready (NONE).", FinalizeBlueGreen.class,
                obj("plan.$", "$.plan", "steps.$", Workflow.STEPS, "scaling.$", "$.scaling"), obj("result.$", "$.Payload"),
                "$.final"));
        retireOldBlue(w);
        w.notify("NotifySucceeded", "States.Format('Blue/Green {}: {}', $.final.result.status, $.plan.clusterIdentifier)",
                "States.Format('Blue/Green of {} ended {}: engine version {}, old blue {}, green {}.', "
                        + "$.plan.clusterIdentifier, $.final.result.status, $.final.result.engineVersion, "
                        + "$.final.result.oldBlueClusterIdentifier, $.final.result.greenClusterIdentifier)");
        w.add("Done", obj("Type", "Pass", "OutputPath", "$.final.result", "End", true));
        return w.failureTail("Aborts before switchover (deletes the deployment and green) or reports what remains; "
                        + "names the error.", ConcludeBlueGreenFailure.class, "BlueGreenFailed", "NotifyFailed",
                "States.Format('Blue/Green failed: {}', $.report.error)",
                "States.Format('{}: {}', $.report.error, $.report.cause)");
    }

    /**
     * After the switchover (or on a re-run of a finished upgrade): blue's Application Auto Scaling target and each of
     * its policies, as the pre-flight read them, are applied again to the cluster id, which now names green. The Aurora
     * User Guide's Blue/Green limitations: the policies "are not copied to the green environment. You must reconfigure
     * them after switchover". RegisterScalableTarget and PutScalingPolicy update what exists under the same name, so a
     * re-run applies the same and changes nothing. What was listed just before goes into the output.
     */
    private static void recreateAutoScaling(Workflow w, String finalize) {
        String as = "$.plan.autoScaling";
        String register = "ReRegisterScalableTarget";
        ObjectNode recreate = obj("And", Asl.array(obj("Variable", as + ".recreate", "IsPresent", true),
                obj("Variable", as + ".recreate", "BooleanEquals", true)), "Next", "ReadScalingPoliciesAfterSwitchover");
        w.add("IsAutoScalingToRecreate", obj("Type", "Choice", "Comment", "Only when blue had an Application Auto Scaling "
                + "target on its replicas.", "Choices", Asl.array(recreate), "Default", finalize));
        ObjectNode after = obj("Comment", "What Application Auto Scaling lists on the cluster id now, for the output.",
                "Type", "Task", "Resource", Asl.DESCRIBE_SCALING_POLICIES, "Parameters", obj("ServiceNamespace.$",
                        as + ".serviceNamespace", "ResourceId.$", as + ".resourceId", "ScalableDimension.$", as + ".scalableDimension"),
                "ResultPath", "$.scaling.after", "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.autoScalingRetries(),
                "Catch", Asl.array(Asl.catchAll("$.scaling.afterError", register)));
        w.then("ReadScalingPoliciesAfterSwitchover", after);
        // After the switchover nothing here may fail the run: an error (Application Auto Scaling validates the caller's
        // own RDS permissions first) goes to $.scaling.error, and finalize still runs and reports NOT_RECREATED with
        // the commands, the old blue protected as on any other run.
        ObjectNode registerTask = w.sdk("Blue's scalable target on the cluster id: its replica range and suspended state "
                + "as on blue.", Asl.REGISTER_SCALABLE_TARGET, obj("ServiceNamespace.$", as + ".serviceNamespace",
                "ResourceId.$", as + ".resourceId", "ScalableDimension.$", as + ".scalableDimension", "MinCapacity.$",
                as + ".target.minCapacity", "MaxCapacity.$", as + ".target.maxCapacity", "SuspendedState.$",
                as + ".target.suspendedState"), null, Asl.autoScalingRetries());
        registerTask.set("Catch", Asl.array(Asl.catchAll("$.scaling.error", finalize)));
        w.then(register, registerTask);
        var each = new Workflow("One policy of blue's, put on the cluster id as it was.", "unused");
        ObjectNode common = obj("PolicyName.$", "$.policy.policyName", "PolicyType.$", "$.policy.policyType",
                "ServiceNamespace.$", "$.serviceNamespace", "ResourceId.$", "$.resourceId", "ScalableDimension.$",
                "$.scalableDimension");
        ObjectNode tracking = common.deepCopy();
        tracking.put("TargetTrackingScalingPolicyConfiguration.$", "$.policy.targetTrackingScalingPolicyConfiguration");
        ObjectNode stepping = common.deepCopy();
        stepping.put("StepScalingPolicyConfiguration.$", "$.policy.stepScalingPolicyConfiguration");
        each.add("WhichPolicyType", obj("Type", "Choice", "Choices", Asl.array(
                obj("Variable", "$.policy.policyType", "StringEquals", ReaderAutoScaling.TARGET_TRACKING, "Next", "PutTargetTrackingPolicy"),
                obj("Variable", "$.policy.policyType", "StringEquals", ReaderAutoScaling.STEP_SCALING, "Next", "PutStepScalingPolicy")),
                "Default", "UnknownPolicyType"));
        for (var put : List.of(java.util.Map.entry("PutTargetTrackingPolicy", tracking), java.util.Map.entry("PutStepScalingPolicy", stepping))) {
            each.aside(put.getKey(), obj("Type", "Task", "Resource", Asl.PUT_SCALING_POLICY, "Parameters", put.getValue(),
                    "ResultPath", null, "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.autoScalingRetries(),
                    "Catch", Asl.array(Asl.catchAll("$.error", "PolicyNotPut")), "End", true));
        }
        each.aside("PolicyNotPut", obj("Type", "Fail", "Comment", "The put's own error, for the Map's catch and the "
                + "failure report.", "ErrorPath", "$.error.Error", "CausePath", "$.error.Cause"));
        each.aside("UnknownPolicyType", obj("Type", "Fail", "Error", StateMachineErrors.SCALING_POLICY_NOT_RECREATED,
                "Cause", "Blue has a scaling policy of a type this workflow does not re-create (only TargetTrackingScaling "
                        + "and StepScaling apply to Aurora replicas)"));
        ObjectNode processor = each.definition();
        w.then("PutScalingPolicies", obj("Comment", "Each of blue's policies, one at a time (Application Auto Scaling "
                        + "refuses concurrent updates of one target).", "Type", "Map", "ItemsPath", as + ".policies",
                "MaxConcurrency", 1, "ItemSelector", obj("policy.$", "$$.Map.Item.Value", "serviceNamespace.$",
                        as + ".serviceNamespace", "resourceId.$", as + ".resourceId", "scalableDimension.$", as + ".scalableDimension"),
                "ItemProcessor", obj("ProcessorConfig", obj("Mode", "INLINE"), "StartAt", processor.get("StartAt").asText(),
                        "States", processor.get("States")), "ResultPath", null,
                "Catch", Asl.array(Asl.catchAll("$.scaling.error", finalize))));
        w.then("PutScheduledActions", scheduledActionsMap(as, finalize));
        w.then("AutoScalingRecreated", obj("Type", "Pass", "Result", true, "ResultPath", "$.scaling.recreated"));
    }

    /**
     * Each of blue's scheduled actions, put on the cluster id as it was (PutScheduledAction updates an action of the same
     * name, so a re-run puts the same). Its StartTime and EndTime are optional and a JSONPath parameter may not name
     * an absent value, so one task per combination of the bounds an action has; ScalableTargetAction goes whole.
     */
    private static ObjectNode scheduledActionsMap(String as, String finalize) {
        var each = new Workflow("One scheduled action of blue's, put on the cluster id as it was.", "unused");
        ArrayNode choices = Asl.array();
        for (boolean start : List.of(true, false)) {
            for (boolean end : List.of(true, false)) {
                String name = "PutScheduledAction" + (start ? "WithStart" : "") + (end ? "WithEnd" : "");
                ObjectNode parameters = obj("ServiceNamespace.$", "$.serviceNamespace", "ResourceId.$", "$.resourceId",
                        "ScalableDimension.$", "$.scalableDimension", "ScheduledActionName.$", "$.action.scheduledActionName",
                        "Schedule.$", "$.action.schedule", "Timezone.$", "$.action.timezone",
                        "ScalableTargetAction.$", "$.action.scalableTargetAction");
                if (start) {
                    parameters.put("StartTime.$", "$.action.startTime");
                }
                if (end) {
                    parameters.put("EndTime.$", "$.action.endTime");
                }
                if (start || end) { // the plan writes an absent bound as null
                    choices.add(obj("And", Asl.array(obj("Variable", "$.action.startTime", "IsNull", !start),
                            obj("Variable", "$.action.endTime", "IsNull", !end)), "Next", name));
                }
                each.aside(name, obj("Type", "Task", "Resource", Asl.PUT_SCHEDULED_ACTION, "Parameters", parameters,
                        "ResultPath", null, "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.autoScalingRetries(),
                        "Catch", Asl.array(Asl.catchAll("$.error", "ScheduledActionNotPut")), "End", true));
            }
        }
        each.add("WhichScheduleBounds", obj("Type", "Choice", "Choices", choices, "Default", "PutScheduledAction"));
        each.aside("ScheduledActionNotPut", obj("Type", "Fail", "Comment", "The put's own error, for the Map's catch and "
                + "the failure report.", "ErrorPath", "$.error.Error", "CausePath", "$.error.Cause"));
        ObjectNode processor = each.definition();
        return obj("Comment", "Each of blue's scheduled actions, one at a time (Application Auto Scaling refuses "
                        + "concurrent updates of one target).", "Type", "Map", "ItemsPath", as + ".scheduledActions",
                "MaxConcurrency", 1, "ItemSelector", obj("action.$", "$$.Map.Item.Value", "serviceNamespace.$",
                        as + ".serviceNamespace", "resourceId.$", as + ".resourceId", "scalableDimension.$", as + ".scalableDimension"),
                "ItemProcessor", obj("ProcessorConfig", obj("Mode", "INLINE"), "StartAt", processor.get("StartAt").asText(),
                        "States", processor.get("States")), "ResultPath", null,
                "Catch", Asl.array(Asl.catchAll("$.scaling.error", finalize)));
    }

    /**
     * retireOldBlueAfterHours: the old blue finalize kept stands that long (a Wait of the state machine: no Lambda
     * runs meanwhile), then gets a final snapshot (kept), loses its instances and is deleted; each step first proves
     * it is the old blue this workflow tagged. Finalize's {@code oldBlue} is the steps' plan.
     */
    private static void retireOldBlue(Workflow w) {
        String oldBlue = "$.final.result.oldBlue";
        ObjectNode plan = obj("plan.$", oldBlue);
        w.unless("IsOldBlueRetirementAsked", "Only with retireOldBlueAfterHours; without it old blue is kept, billed until "
                        + "someone deletes it.", obj("Variable", "$.plan.retireOldBlueAfterHours", "IsNull", true),
                "IsThereAnOldBlueToRetire", () -> w.unless("IsThereAnOldBlueToRetire", "Finalize found and kept an old blue "
                                + "(none after a re-run whose old blue is gone).", obj("Variable", oldBlue, "IsNull", true),
                        "WaitToRetireOldBlue", () -> {
                            w.then("WaitToRetireOldBlue", obj("Type", "Wait", "Comment", "Old blue stays, protected, for "
                                    + "retireOldBlueAfterHours after the switchover.", "SecondsPath",
                                    "$.plan.retireOldBlueWaitSeconds"));
                            w.action("Its final cluster snapshot, kept; reused on a re-run.", SnapshotOldBlue.class,
                                    SnapshotOldBlue.STEP, null, plan).loop(waitFor("OldBlueSnapshot",
                                    "the final snapshot of old blue", Operation.SNAPSHOT, CheckSnapshotReady.class,
                                    "identifier.$", oldBlue + ".finalSnapshotIdentifier"), step(SnapshotOldBlue.STEP));
                            w.actionAndWaitUnlessSkipped(DeleteOldBlueInstances.class, DeleteOldBlueInstances.STEP,
                                    "AreOldBlueInstancesLeft", waitFor("OldBlueInstances", "the instances of old blue to be "
                                            + "deleted", Operation.DELETE_INSTANCES, CheckClusterCompute.class,
                                            "clusterIdentifier.$", oldBlue + ".oldBlueClusterIdentifier", "gone.$",
                                            "States.StringSplit(" + step(DeleteOldBlueInstances.STEP)
                                                    + ".outcome.resourceIdentifier, ',')"), plan);
                            w.actionAndWaitUnlessSkipped(DeleteOldBlueCluster.class, DeleteOldBlueCluster.STEP,
                                    "IsOldBlueClusterLeft", waitFor("OldBlueDeleted", "old blue to be deleted",
                                            Operation.DELETE_INSTANCES, CheckClusterDeleted.class, "identifier.$",
                                            oldBlue + ".oldBlueClusterIdentifier"), plan);
                            ObjectNode retired = obj("status", OldBlueReport.RETIRED);
                            for (var c : OldBlueReport.class.getRecordComponents()) {
                                if (!c.getName().equals("status")) {
                                    retired.put(c.getName() + ".$", oldBlue + "." + c.getName());
                                }
                            }
                            w.then("OldBlueRetired", obj("Type", "Pass", "Comment", "The output says old blue is gone and "
                                    + "names its final snapshot.", "Parameters", retired, "ResultPath", oldBlue));
                        }));
    }

    /**
     * Serverless v2 in place: same cluster id and endpoint. A v1 cluster is converted to provisioned (only with
     * consent), the engine is upgraded by the Blue/Green workflow as a nested execution, then the compute moves:
     * capacity range, db.serverless readers, failover to one, provisioned instances removed.
     */
    static Workflow inPlace() {
        var w = new Workflow("Moves an Aurora cluster to Serverless v2 in place, keeping its id and endpoints: converts a "
                + "Serverless v1 cluster to provisioned (only with allowEngineModeConversion), upgrades the engine through the "
                + "Blue/Green workflow (nested execution; downtime: its switchover), sets the capacity range, adds db.serverless "
                + "instances, fails over to one (downtime: one failover) and removes the provisioned instances. Every wait is "
                + "a bounded Wait/Check/Choice loop.", "ConcludeFailure");
        w.preflightAfterPriceList("Validates input and cluster, reads its engine lifecycle, runs every Blue/Green check, "
                + "plans versions, capacity and instances; prices Extended Support with the Price List as read. Changes "
                + "nothing.", PreflightInPlace.class, obj("blueGreen", null), "$.clusterIdentifier");
        w.notify("NotifyStarted", "States.Format('Serverless v2 in place started: {}', $.plan.clusterIdentifier)",
                "States.Format('Moving {} to Serverless v2 in place: engine {} -> {}, {} db.serverless instance(s), capacity "
                        + "{}-{} ACU.', $.plan.clusterIdentifier, $.plan.currentEngineVersion, $.plan.targetEngineVersion, "
                        + "States.ArrayLength($.plan.serverlessInstances), $.plan.minCapacity, $.plan.maxCapacity)");
        w.actionAndWaitUnlessSkipped(ConvertToProvisioned.class, ConvertToProvisioned.STEP, "IsEngineModeChanged",
                waitFor("Provisioned", "the engine mode conversion and the writer AWS adds", Operation.CONVERT_ENGINE_MODE, CheckClusterCompute.class,
                        "clusterIdentifier.$", "$.plan.clusterIdentifier", "anyWriter", true));
        String scaling = ApplyServerlessV2ScalingInPlace.class.getSimpleName();
        w.add("IsEngineUpgradeNeeded", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.plan.engineUpgrade",
                "BooleanEquals", true, "Next", "UpgradeWithBlueGreen")), "Default", scaling));
        w.nested("UpgradeWithBlueGreen", "The Blue/Green workflow of this stack upgrades the engine; its switchover is "
                        + "the first interruption.", "${BlueGreenStateMachineArn}", "$.plan.blueGreenExecutionName",
                "$.plan.blueGreenRetryExecutionName", "$.plan.blueGreenInput", "$.blueGreen", "$.plan.blueGreenTimeoutSeconds");
        computeMove(w, "", "$.plan.clusterIdentifier", obj("plan", obj("clusterIdentifier.$", "$.plan.clusterIdentifier",
                "sourceClusterIdentifier.$", "$.plan.clusterIdentifier", "engine.$", "$.plan.engine",
                "serverlessInstances.$", "$.plan.serverlessInstances", "failoverTarget.$", "$.plan.failoverTarget",
                "provisionedInstances.$", "$.plan.provisionedInstances", "keepProvisionedInstances.$",
                "$.plan.keepProvisionedInstances", "anyProvisioned.$", "$.plan.convertEngineMode", "executionName.$",
                "$.plan.executionName")), "$.plan.serverlessInstances", "$.plan.failoverTarget", scalingRange("$.plan.clusterIdentifier"));
        w.then(VerifyInPlace.class.getSimpleName(), w.lambda("Checks id, endpoint, version, writer class and capacity; "
                        + "reports the interruptions, what was removed and what stays.", VerifyInPlace.class,
                obj("plan.$", "$.plan", "steps.$", Workflow.STEPS, "blueGreen.$", "$.blueGreen"),
                obj("result.$", "$.Payload"), "$.final"));
        w.notify("NotifySucceeded", "States.Format('Serverless v2 in place done: {}', $.plan.clusterIdentifier)",
                "States.Format('{} runs {} on db.serverless writer {} at the same endpoint {}.', $.plan.clusterIdentifier, "
                        + "$.final.result.engineVersion, $.final.result.writerInstanceIdentifier, $.final.result.endpoint)");
        w.add("Done", obj("Type", "Pass", "OutputPath", "$.final.result", "End", true));
        return w.failureTail("Names the error (a nested Blue/Green failure by its own name) and says what stands: the "
                        + "writer, and the db.serverless instances added.", ConcludeInPlaceFailure.class, "InPlaceFailed",
                "NotifyFailed", "States.Format('Serverless v2 in place failed: {}', $.report.error)",
                "States.Format('{}: {}', $.report.error, $.report.cause)");
    }

    /**
     * A rehearsal: the real run's upgrade made on a clone, judged, timed and remembered; the clone is always deleted
     * and the source never changed. A failed upgrade is the rehearsal's finding (the run succeeds and says FAILED);
     * only a failure of the rehearsal itself goes to the failure tail, which deletes the clone too.
     */
    static Workflow rehearsal() {
        var w = new Workflow("Rehearses an Aurora engine upgrade on a clone, never changing the source: the Blue/Green "
                + "pre-flight's checks, a copy-on-write clone with one writer, the groups the real run would give green, the "
                + "upgrade, a verdict that names each failed check, the measured durations, the clone deleted (after "
                + "keepCloneHours), the result kept in Parameter Store for the next run. Every wait is a bounded "
                + "Wait/Check/Choice loop.", "ConcludeFailure");
        // The Price List too: the real run's plan prices what the cluster costs standing still, as the others do.
        w.preflightAfterPriceList("Runs the Blue/Green pre-flight's checks for this cluster and target, plans the clone; "
                + "prices Extended Support with the Price List as read. Changes nothing. The plan replaces the raw input.",
                PreflightRehearsal.class, obj("upgradeFailure", null), "$.clusterIdentifier");
        w.notify("NotifyStarted", "States.Format('Rehearsal started: {}', $.plan.clusterIdentifier)",
                "States.Format('Rehearsing the upgrade of {} from {} to {} on the clone {}.', $.plan.clusterIdentifier, "
                        + "$.plan.currentEngineVersion, $.plan.targetEngineVersion, $.plan.cloneIdentifier)");
        String clone = step(CreateRehearsalClone.STEP);
        w.then("StartCloneAttempts", obj("Type", "Pass", "Parameters", obj("poll", Workflow.freshPoll()),
                "ResultPath", "$.cloneAttempts"));
        w.actionAndWaitUnlessSkipped(CreateRehearsalClone.class, CreateRehearsalClone.STEP, "IsCloneMade",
                waitFor("Clone", "the clone", Operation.CLONE, CheckClusterReady.class, "identifier.$", "$.plan.cloneIdentifier"),
                obj("plan.$", "$.plan"),
                obj("Variable", clone + ".outcome.action", "StringEquals", StepOutcome.WAITING, "Next", "WaitForLeftoverClone"));
        w.retryLoop(waitFor("LeftoverClone", "an earlier rehearsal clone to be deleted", Operation.DELETE_CLUSTER,
                CheckClusterDeleted.class, "identifier.$", "$.plan.cloneIdentifier"), "$.cloneAttempts",
                CreateRehearsalClone.class.getSimpleName());
        w.actionAndWait(null, CreateRehearsalInstance.class, CreateRehearsalInstance.STEP, waitFor("CloneWriter",
                "the clone writer", Operation.CREATE_INSTANCE, CheckInstanceReady.class, "identifier.$", "$.plan.cloneInstanceIdentifier"));
        w.action("The target-family groups the real run would give green, made once: the real run reuses them.",
                PrepareTargetParameterGroup.class, PrepareTargetParameterGroup.STEP, null, obj("plan.$", "$.plan.blueGreen"));
        String judge = JudgeRehearsal.class.getSimpleName();
        w.actionAndWaitUnlessSkipped(UpgradeRehearsalClone.class, UpgradeRehearsalClone.STEP, "IsCloneUpgradeNeeded",
                waitFor("CloneUpgrade", "the upgrade of the clone", Operation.UPGRADE, CheckClusterReady.class, "identifier.$",
                        "$.plan.cloneIdentifier", "expectedEngineVersion.$", "$.plan.targetEngineVersion")
                        // RDS cancelled the upgrade (failed prechecks): what the rehearsal is for, judged next.
                        .onError(UpgradeFailedException.class.getName(), "$.upgradeFailure", judge));
        w.then(judge, w.lambda("Passed or failed; each failed check by name with the objects it names, from the engine's "
                        + "logs and RDS events; the durations. Changes nothing.", JudgeRehearsal.class,
                obj("plan.$", "$.plan", "steps.$", Workflow.STEPS, "upgradeFailure.$", "$.upgradeFailure"),
                obj("report.$", "$.Payload"), "$.judged"));
        w.unless("IsCloneKept", "Only with keepCloneHours and a passing upgrade: the DBA tests the upgraded clone, then it "
                        + "is deleted in this same run.",
                obj("Or", Asl.array(obj("Variable", "$.plan.keepCloneSeconds", "NumericEquals", 0),
                        obj("Variable", "$.judged.report.status", "StringEquals", "FAILED"))), "NotifyCloneKept", () -> {
                    w.notify("NotifyCloneKept", "States.Format('Rehearsal clone kept: {}', $.plan.cloneIdentifier)",
                            "States.Format('The upgraded clone {} of {} ({}) is yours to test for {} s, then it is deleted; "
                                    + "endpoint {}.', $.plan.cloneIdentifier, $.plan.clusterIdentifier, "
                                    + "$.plan.targetEngineVersion, $.plan.keepCloneSeconds, $.judged.report.cloneEndpoint)");
                    w.then("KeepClone", obj("Type", "Wait", "Comment", "keepCloneHours (at most 72): the state machine "
                            + "waits, no function runs.", "SecondsPath", "$.plan.keepCloneSeconds"));
                });
        String cleanup = step(DeleteRehearsalClone.STEP);
        w.then("StartCleanupAttempts", obj("Type", "Pass", "Parameters", obj("poll", Workflow.freshPoll()),
                "ResultPath", "$.cleanupAttempts"));
        w.actionAndWaitUnlessSkipped(DeleteRehearsalClone.class, DeleteRehearsalClone.STEP, "IsCloneGone",
                waitFor("CloneDeleted", "the clone to be deleted", Operation.DELETE_CLUSTER, CheckClusterDeleted.class,
                        "identifier.$", "$.plan.cloneIdentifier"), obj("plan.$", "$.plan"),
                obj("Variable", cleanup + ".outcome.action", "StringEquals", StepOutcome.WAITING, "Next", "WaitForCloneDeletable"));
        w.retryLoop(waitFor("CloneDeletable", "the clone to become deletable", Operation.DELETE_INSTANCES,
                CheckCloneDeletable.class, "identifier.$", "$.plan.cloneIdentifier"), "$.cleanupAttempts",
                DeleteRehearsalClone.class.getSimpleName());
        w.then(RecordRehearsal.class.getSimpleName(), w.lambda("Keeps the verdict in Parameter Store for the next run of "
                        + "this cluster; the report is the execution output.", RecordRehearsal.class,
                obj("plan.$", "$.plan", "report.$", "$.judged.report", "steps.$", Workflow.STEPS),
                obj("result.$", "$.Payload"), "$.final"));
        w.notify("NotifyFinished", "States.Format('Rehearsal {}: {}', $.final.result.status, $.plan.clusterIdentifier)",
                "$.final.result.summary");
        w.add("Done", obj("Type", "Pass", "OutputPath", "$.final.result", "End", true));
        return w.failureTail("Deletes the clone (only one tagged as this rehearsal) and names the error; the source is "
                        + "never changed.", ConcludeRehearsalFailure.class, "RehearsalFailed", "NotifyFailed",
                "States.Format('Rehearsal failed: {}', $.report.error)", "States.Format('{}: {}', $.report.error, $.report.cause)");
    }

    /**
     * A fleet: one per-cluster workflow (migrate, blue-green or in-place) on many clusters, as child executions in
     * a Map under a concurrency cap; canaries first, the rest only if every canary succeeded; no new cluster once
     * more than maxFailures have failed. One summary row per cluster.
     */
    static Workflow fleet() {
        var w = new Workflow("Runs one per-cluster workflow of this stack (migrate, blue-green, in-place or rehearse) on a fleet of "
                + "Aurora clusters, named or selected by tags and engine facts: canaries first, then the rest under a "
                + "concurrency cap and a failure budget, each cluster a child execution whose name is deterministic from "
                + "the fleet run and the cluster, so a re-run resumes. Ends with a row per cluster and one SNS summary.",
                "ConcludeFailure");
        ObjectNode machines = obj(WorkflowKind.MIGRATE.id(), "${MigrationStateMachineArn}",
                WorkflowKind.BLUE_GREEN.id(), "${BlueGreenStateMachineArn}", WorkflowKind.IN_PLACE.id(), "${InPlaceStateMachineArn}",
                WorkflowKind.REHEARSE.id(), "${RehearsalStateMachineArn}");
        String plan = PlanFleet.class.getSimpleName();
        String planOrganization = "PlanOrganizationFleet";
        String check = CheckFleetOrganization.class.getSimpleName();
        // Input organization: its OUs' accounts are listed first (the fleet state machine's own reads), then planned as
        // targets. The raw input moves to $.input for that branch; the planning function reads it there.
        ObjectNode hasOrganization = obj("Variable", "$.organization", "IsPresent", true, "Next", "KeepFleetInput");
        w.add("HasOrganization", obj("Type", "Choice", "Comment", "Fleet input organization: its OUs' accounts are read "
                + "from AWS Organizations before the plan.", "Choices", Asl.array(hasOrganization), "Default", plan));
        w.aside("KeepFleetInput", obj("Type", "Pass", "Parameters", obj("input.$", "$"), "Next", check));
        ObjectNode checkTask = w.lambda("Checks the organization input (OU ids, Region, selector) before any Organizations "
                        + "call, and starts the walk at the first named OU. Makes no AWS call.", CheckFleetOrganization.class,
                obj("input.$", "$.input", "fleetStateMachineArn.$", "$$.StateMachine.Id"),
                obj("walk.$", "$.Payload.walk"), "$.organization");
        checkTask.put("Next", ORGANIZATION_WALKED);
        w.aside(check, checkTask);
        organizationWalk(w, planOrganization);
        ObjectNode planPayload = obj("input.$", "$", "executionName.$", "$$.Execution.Name", "startTime.$",
                "$$.Execution.StartTime", "stateMachines", machines, "fleetStateMachineArn.$", "$$.StateMachine.Id");
        ObjectNode organizationPayload = planPayload.deepCopy();
        organizationPayload.put("input.$", "$.input");
        organizationPayload.put("organizationWalk.$", "$.organization.walk");
        ObjectNode planTask = w.lambda("Validates the fleet input, resolves a selector (DescribeDBClusters), "
                + "builds each cluster's input and child name, splits the canaries. Changes nothing.", PlanFleet.class,
                planPayload, obj("plan.$", "$.Payload"), "$");
        ObjectNode planOrganizationTask = w.lambda("As PlanFleet, with the walked OUs' ACTIVE accounts as the targets.",
                PlanFleet.class, organizationPayload, obj("plan.$", "$.Payload"), "$");
        planOrganizationTask.put("Next", "NotifyStarted");
        w.then(plan, planTask);
        w.aside(planOrganization, planOrganizationTask);
        w.notify("NotifyStarted", "States.Format('Fleet started: {} ({})', $.plan.fleetRunId, $.plan.workflow)",
                "States.Format('Fleet {} runs {} on {}: at most {} at once, {} per account and Region, {} canary(ies) first, "
                        + "failure budget {}, dry run {}.', $.plan.fleetRunId, $.plan.workflow, $.plan.selection, "
                        + "$.plan.maxConcurrency, $.plan.maxConcurrencyPerTarget, $.plan.canaryCount, "
                        + "$.plan.maxFailures, $.plan.dryRun)");
        w.map("RunCanaries", "The canaries, before anything else; the accounts and Regions at once as the caps allow.",
                "$.plan.canaryGroups", "$.plan.concurrentTargets", fleetGroup(false), fleetTarget("RunCanariesOfTarget",
                        "The canaries of one account and Region.", fleetCluster("Canary")), "$.canaryRows");
        w.then(JudgeCanaries.class.getSimpleName(), w.lambda(null, JudgeCanaries.class,
                obj("dryRun.$", "$.plan.dryRun", "rows.$", "$.canaryRows"),
                obj("passed.$", "$.Payload.passed", "detail.$", "$.Payload.detail"), "$.canaryVerdict"));
        w.add("AreCanariesGood", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.canaryVerdict.passed",
                "BooleanEquals", false, "Next", "SkipOthers")), "Default", "RunOthers"));
        w.map("RunOthers", "The rest, each starting only within the failure budget; the accounts and Regions at once "
                + "as the caps allow.", "$.plan.otherGroups", "$.plan.concurrentTargets", fleetGroup(true),
                fleetTarget("RunOthersOfTarget", "The rest of one account and Region.", fleetCluster("")), "$.rows");
        String summarize = SummarizeFleet.class.getSimpleName();
        w.aside("SkipOthers", obj("Type", "Pass", "Comment", "A canary failed: no other cluster starts.",
                "Result", Asl.JSON.createArrayNode(), "ResultPath", "$.rows", "Next", summarize));
        w.then(summarize, w.lambda("A row per cluster (never-started ones with the reason), totals and the summary text.",
                SummarizeFleet.class, obj("plan.$", "$.plan", "canaryRows.$", "$.canaryRows", "canaryVerdict.$",
                        "$.canaryVerdict", "rows.$", "$.rows", "reportBucket", Asl.REPORT_BUCKET), obj("result.$", "$.Payload"), "$"));
        // The full table where a table belongs: S3 in this account, as JSON (an object Body is written as JSON; a string
        // Body is written JSON-encoded, so the CSV beside it is written by SummarizeFleet with the S3 SDK). A failed write is said in the result
        // (report.writeError), never a failed fleet: the children ran.
        ObjectNode reportCatcher = Asl.catchAll("$.result.report.writeError", null);
        w.then("WriteReport", obj("Type", "Task", "Comment", "The result, every row included, as s3://<bucket>/fleets/<run>/<execution>.json.",
                "Resource", Asl.S3_PUT_OBJECT, "Parameters", obj("Bucket", Asl.REPORT_BUCKET, "Key.$", "$.result.report.jsonKey",
                        "Body.$", "$.result", "ContentType", "application/json"),
                "ResultPath", null, "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.sdkRetries("S3"),
                "Catch", Asl.array(reportCatcher)));
        w.pending(reportCatcher);
        // From here the state is the summary alone: the plan and the raw rows stop counting against 256 KiB.
        w.notify("NotifySummary", "$.result.subject", "$.result.text");
        w.add("Done", obj("Type", "Pass", "OutputPath", "$.result", "End", true));
        return w.failureTail("Names the error and says whether clusters had started (they run to their own end).",
                ConcludeFleetFailure.class, "FleetFailed", "NotifyFailed", "States.Format('Fleet failed: {}', $.report.error)",
                "States.Format('{}: {}', $.report.error, $.report.cause)");
    }

    /** The organization walk's loop head: another OU to list, or the plan. */
    private static final String ORGANIZATION_WALKED = "IsOrganizationWalked";

    /**
     * The walk of the named OUs and their child OUs, one OU at a time (Organizations throttles per account), breadth
     * first: the current OU's accounts (ListAccountsForParent) and child OUs (ListOrganizationalUnitsForParent), each
     * page by page with MaxResults 20 and NextToken, each page kept as States.Array nests them ([[[], page1], page2]: no
     * intrinsic concatenates lists); then WalkOrganization (no AWS call) keeps each account once, queues each child OU
     * once and names the next OU. The loop is bounded by the walk: at most FleetOrganization.MAX_WALKED_UNITS OUs, none
     * deeper than MAX_DEPTH levels (AWS Organizations' own nesting quota), each listing at most MAX_PAGES pages; past a
     * bound the fleet fails by name before any child starts. An orchestrator that may not list an OU (neither the
     * management account nor a delegated administrator), an account in no organization, or an OU that does not exist
     * fails the fleet by name before any child starts, with AWS's error ("Organizations.<Exception>": Step Functions
     * guide, "AWS SDK service integrations").
     */
    private static void organizationWalk(Workflow w, String plan) {
        String current = "$.organization.walk.current";
        w.aside(ORGANIZATION_WALKED, obj("Type", "Choice", "Comment", "Every OU of the walk listed: plan the accounts.",
                "Choices", Asl.array(obj("Variable", current, "IsNull", true, "Next", plan)),
                "Default", "StartOrganizationalUnitListing"));
        ObjectNode empty = obj("page", 0, "pages", Asl.JSON.createArrayNode());
        w.aside("StartOrganizationalUnitListing", obj("Type", "Pass", "Comment", "The current OU's listings start empty.",
                "Parameters", obj("accounts", empty, "children", empty.deepCopy()), "ResultPath", "$.organization.listing",
                "Next", "ListOrganizationalUnitAccounts"));
        ObjectNode refused = obj("ErrorEquals", Asl.strings(List.of("Organizations.AccessDeniedException",
                "Organizations.AWSOrganizationsNotInUseException", "Organizations.ParentNotFoundException")),
                "ResultPath", "$.organization.refused", "Next", "IsOrganizationalUnitRefusalExplained");
        pagedListing(w, "OrganizationalUnitAccounts", "accounts", Asl.LIST_ACCOUNTS_FOR_PARENT, "Accounts", refused,
                "ListChildOrganizationalUnits", "accounts");
        pagedListing(w, "ChildOrganizationalUnits", "children", Asl.LIST_ORGANIZATIONAL_UNITS_FOR_PARENT,
                "OrganizationalUnits", refused, WalkOrganization.class.getSimpleName(), "child OUs");
        ObjectNode walk = w.lambda("Keeps the OU's accounts (each once), queues its child OUs (each once, at most "
                        + FleetOrganization.MAX_DEPTH + " levels from a named OU) and names the next OU. Makes no AWS call.",
                WalkOrganization.class, obj("walk.$", "$.organization.walk", "accounts.$", "$.organization.listing.accounts.pages",
                        "children.$", "$.organization.listing.children.pages"), obj("walk.$", "$.Payload"), "$.organization");
        walk.put("Next", ORGANIZATION_WALKED);
        w.aside(WalkOrganization.class.getSimpleName(), walk);
        // A caught error "usually" has a Cause (Step Functions guide, "Error handling"): a path to a missing one would
        // end the run with States.Runtime, so the message is formatted with it only when it is there.
        String advice = "The orchestrator account must be the management account of the organization or a delegated "
                + "administrator, and each OU must exist. No cluster was started.";
        w.aside("IsOrganizationalUnitRefusalExplained", obj("Type", "Choice", "Choices", Asl.array(obj("Variable",
                "$.organization.refused.Cause", "IsPresent", true, "Next", "OrganizationalUnitRefused")),
                "Default", "OrganizationalUnitRefusedUnexplained"));
        w.aside("OrganizationalUnitRefused", obj("Type", "Pass", "Parameters", obj("Error.$", "$.organization.refused.Error",
                "Cause.$", "States.Format('Listing {} was refused: {}. " + advice + "', " + current + ".ou, "
                        + "$.organization.refused.Cause)"), "ResultPath", "$.failure", "Next", "ConcludeFailure"));
        w.aside("OrganizationalUnitRefusedUnexplained", obj("Type", "Pass", "Parameters", obj("Error.$",
                "$.organization.refused.Error", "Cause.$", "States.Format('Listing {} was refused ({}). " + advice + "', "
                        + current + ".ou, $.organization.refused.Error)"), "ResultPath", "$.failure", "Next", "ConcludeFailure"));
    }

    /**
     * One listing of the current OU, page by page: List{name} (MaxResults 20), Keep{name}Page, a Choice, ListMore{name}
     * (NextToken) while a token comes back, at most FleetOrganization.MAX_PAGES pages; more fails the fleet by name
     * (OrganizationalUnitTooLarge). Each page's {@code field} is kept at $.organization.listing.{key}.
     */
    private static void pagedListing(Workflow w, String name, String key, String resource, String field, ObjectNode refused,
                                     String next, String what) {
        String listing = "$.organization.listing." + key;
        ObjectNode first = obj("Type", "Task", "Comment", "The current OU's first page of " + what + ".", "Resource", resource,
                "Parameters", obj("ParentId.$", "$.organization.walk.current.ou", "MaxResults", FleetOrganization.PAGE_SIZE),
                "ResultPath", "$.organization.next", "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS,
                "Retry", Asl.organizationsRetries(), "Catch", Asl.array(refused.deepCopy(),
                        Asl.catchAll("$.failure", "ConcludeFailure")), "Next", "Keep" + name + "Page");
        ObjectNode more = first.deepCopy();
        more.put("Comment", "The next page of the current OU's " + what + ".");
        ((ObjectNode) more.get("Parameters")).put("NextToken.$", "$.organization.next.NextToken");
        w.aside("List" + name, first);
        w.aside("ListMore" + name, more);
        w.aside("Keep" + name + "Page", obj("Type", "Pass", "Parameters", obj("page.$", "States.MathAdd(" + listing + ".page, 1)",
                "pages.$", "States.Array(" + listing + ".pages, $.organization.next." + field + ")"), "ResultPath", listing,
                "Next", "Is" + name + "Listed"));
        // A List call "can occasionally return an empty set of results even when more results are available": only a
        // missing or null NextToken ends the listing (Organizations API reference, ListAccountsForParent and
        // ListOrganizationalUnitsForParent).
        ObjectNode hasMore = obj("And", Asl.array(obj("Variable", "$.organization.next.NextToken", "IsPresent", true),
                obj("Variable", "$.organization.next.NextToken", "IsNull", false)));
        ObjectNode tooLarge = obj("And", Asl.array(hasMore.deepCopy(), obj("Variable", listing + ".page",
                "NumericGreaterThanEquals", FleetOrganization.MAX_PAGES)), "Next", name + "TooMany");
        hasMore.put("Next", "ListMore" + name);
        w.aside("Is" + name + "Listed", obj("Type", "Choice", "Choices", Asl.array(tooLarge, hasMore), "Default", next));
        int most = FleetOrganization.MAX_PAGES * FleetOrganization.PAGE_SIZE;
        w.aside(name + "TooMany", obj("Type", "Pass", "Parameters", obj("Error", StateMachineErrors.ORGANIZATIONAL_UNIT_TOO_LARGE,
                "Cause.$", "States.Format('The organizational unit {} holds more than " + most + " " + what + " ("
                        + FleetOrganization.MAX_PAGES + " pages of " + FleetOrganization.PAGE_SIZE + "), more than one fleet "
                        + "run reads. No cluster was started: pass its accounts as targets.', "
                        + "$.organization.walk.current.ou)"), "ResultPath", "$.failure", "Next", "ConcludeFailure"));
    }

    /** The fleet's bounds each iteration carries, read from {@code from} (the plan, or an outer iteration's input). */
    private static ObjectNode fleetBounds(String from) {
        return obj("stateMachineArn.$", from + ".stateMachineArn", "childNamePrefix.$", from + ".childNamePrefix",
                "since.$", "$$.Execution.StartTime", "maxFailures.$", from + ".maxFailures",
                "childTimeoutSeconds.$", from + ".childTimeoutSeconds", "memberMachines.$", from + ".memberMachines",
                "externalId.$", "$$.StateMachine.Id");
    }

    /** What each account and Region's iteration gets: its group (members and cap), the bounds, whether gated. */
    private static ObjectNode fleetGroup(boolean gated) {
        ObjectNode item = obj("group.$", "$$.Map.Item.Value", "gated", gated);
        item.setAll(fleetBounds("$.plan"));
        return item;
    }

    /**
     * One account and Region: its clusters in an inner Map under the group's own cap, the outer Map running
     * plan.concurrentTargets groups at once (Step Functions guide, "Map state in Inline mode": MaxConcurrency bounds
     * one Map's iterations; nested Maps multiply, so outer x inner stays within the fleet's maxConcurrency). The
     * iteration's output is the group's rows (ResultPath $): the outer Map returns one list per group, flattened by
     * JudgeCanaries and SummarizeFleet in the plan's order.
     */
    private static Workflow fleetTarget(String name, String comment, Workflow cluster) {
        var w = new Workflow("One account and Region: its clusters under its own cap.", null);
        ObjectNode item = obj("member.$", "$$.Map.Item.Value", "gated.$", "$.gated");
        item.setAll(fleetBounds("$"));
        ObjectNode inner = w.mapState(comment, "$.group.members", "$.group.maxConcurrency", item, cluster, "$");
        inner.put("End", true);
        return w.add(name, inner);
    }

    /**
     * One cluster of a fleet: budget check (unless a canary), the child execution, and a row whatever happens. State
     * names are unique across a whole definition, Map processors included: {@code p} prefixes this copy's.
     */
    private static Workflow fleetCluster(String p) {
        var w = new Workflow("One cluster: its child execution, and its row.", p + "ReportClusterFailure");
        String start = p + "StartCluster";
        String inMember = p + "StartClusterInMemberAccount";
        String route = p + "IsInMemberAccount";
        String budget = p + CheckFailureBudget.class.getSimpleName();
        w.add(p + "IsStaggered", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.member.startDelaySeconds",
                "NumericGreaterThan", 0, "Next", p + "StaggerStart")), "Default", p + "IsGated"));
        w.aside(p + "StaggerStart", obj("Type", "Wait", "Comment", "The first wave starts startSpacingSeconds apart: "
                + "its pre-flights would otherwise call RDS in the same second.", "SecondsPath", "$.member.startDelaySeconds",
                "Next", p + "IsGated"));
        w.add(p + "IsGated", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.gated", "BooleanEquals", false,
                "Next", route)), "Default", budget));
        ObjectNode gate = w.lambda("Counts this fleet run's failed children; the cluster starts only within maxFailures.",
                CheckFailureBudget.class, obj("stateMachineArn.$", "$.stateMachineArn", "childNamePrefix.$", "$.childNamePrefix",
                        "since.$", "$.since", "maxFailures.$", "$.maxFailures", "memberMachines.$", "$.memberMachines",
                        "externalId.$", "$.externalId"),
                obj("start.$", "$.Payload.start", "detail.$", "$.Payload.detail"), "$.budget");
        gate.put("Next", p + "IsWithinBudget");
        w.aside(budget, gate);
        w.aside(p + "IsWithinBudget", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.budget.start",
                "BooleanEquals", false, "Next", p + "NotStarted")), "Default", route));
        w.aside(route, obj("Type", "Choice", "Comment", "A member account's cluster (fleet input targets) runs in that "
                        + "member stack's state machine, started through its member role.", "Choices", Asl.array(
                obj("Variable", "$.member.roleArn", "IsNull", false, "Next", inMember)), "Default", start));
        w.aside(p + "NotStarted", obj("Type", "Pass", "Parameters", obj("clusterIdentifier.$", "$.member.clusterIdentifier",
                "outcome", FleetRow.NOT_STARTED, "reason.$", "$.budget.detail"), "End", true));
        w.nested(start, "The cluster's own workflow, as a child execution; its own bounds end it.", "$.stateMachineArn",
                "$.member.childName", "$.member.retryName", "$.member.input", "$.child", "$.childTimeoutSeconds");
        w.nestedInAccount(inMember, "The cluster's own workflow in its member account: the member stack's state machine, "
                        + "started through the member role (cross-account task access).", "$.member.stateMachineArn",
                "$.member.childName", "$.member.retryName", "$.member.input", "$.child", "$.childTimeoutSeconds",
                "$.member.roleArn");
        ObjectNode succeeded = obj("clusterIdentifier.$", "$.member.clusterIdentifier",
                "outcome", FleetRow.SUCCEEDED, "status.$", "$.child.output.status", "engineVersion.$",
                "$.child.output.engineVersion", "endpoint.$", "$.child.output.endpoint", "startDate.$", "$.child.startDate",
                "stopDate.$", "$.child.stopDate", "resumed.$", "$.child.resumed", "executionArn.$", "$.child.executionArn");
        iacOfChild(succeeded);
        succeeded.put("standing.$", "$.child.output.standing");
        // A child whose output predates iacFollowUp (a fleet resumed across a deploy) gets UNKNOWN, not a Pass that
        // fails on a missing path.
        w.add(p + "HasIacFollowUp", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.child.output.iacFollowUp",
                "IsPresent", false, "Next", p + "NoIacFollowUp")), "Default", p + "HasStanding"));
        w.aside(p + "NoIacFollowUp", obj("Type", "Pass", "Result", obj("status", "UNKNOWN", "changeCount", null,
                "cloudFormationStack", null), "ResultPath", "$.child.output.iacFollowUp", "Next", p + "HasStanding"));
        // A plan's standing (engine, Extended Support now and its monthly cost, last rehearsal) is in every dry run's
        // output and every run's result; a child's output from before it (a fleet resumed across a deploy) has none:
        // its row gets an empty one, not a Pass that fails on a missing path.
        w.add(p + "HasStanding", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.child.output.standing",
                "IsPresent", false, "Next", p + "NoStanding")), "Default", p + "IsBlocked"));
        w.aside(p + "NoStanding", obj("Type", "Pass", "Result", Asl.JSON.createObjectNode(),
                "ResultPath", "$.child.output.standing", "Next", p + "IsBlocked"));
        // A dry run's BLOCKED plan carries its blockers: the row names them, so a fleet plan reads as a to-do list.
        // A rehearsal's row is its verdict (PASSED or FAILED, a finding either way) with the failed checks and times; a
        // Blue/Green or in-place child names the old blue it left (a migration's output has none): the summary lists
        // those still standing, and what they cost.
        w.add(p + "IsBlocked", obj("Type", "Choice", "Choices", Asl.array(obj("Variable", "$.child.output.cloneIdentifier",
                "IsPresent", true, "Next", p + "ClusterRehearsed"), obj("Variable", "$.child.output.status",
                "StringEquals", PlanReport.BLOCKED, "Next", p + "ClusterBlocked"), obj("Variable", "$.child.output.oldBlue",
                "IsPresent", true, "Next", p + "ClusterSucceededWithOldBlue")), "Default", p + "ClusterSucceeded"));
        ObjectNode blocked = succeeded.deepCopy();
        blocked.put("blockers.$", "$.child.output.blockers");
        w.aside(p + "ClusterBlocked", obj("Type", "Pass", "Parameters", blocked, "End", true));
        ObjectNode withOldBlue = succeeded.deepCopy();
        withOldBlue.put("oldBlue.$", "$.child.output.oldBlue");
        w.aside(p + "ClusterSucceededWithOldBlue", obj("Type", "Pass", "Parameters", withOldBlue, "End", true));
        ObjectNode rehearsed = obj("clusterIdentifier.$", "$.member.clusterIdentifier", "outcome", FleetRow.SUCCEEDED,
                "status.$", "$.child.output.status", "engineVersion.$", "$.child.output.targetEngineVersion",
                "failedChecks.$", "$.child.output.failedChecks", "durations.$", "$.child.output.durations",
                "startDate.$", "$.child.startDate", "stopDate.$", "$.child.stopDate", "resumed.$", "$.child.resumed",
                "executionArn.$", "$.child.executionArn", "standing.$", "$.child.output.standing");
        iacOfChild(rehearsed);
        w.aside(p + "ClusterRehearsed", obj("Type", "Pass", "Parameters", rehearsed, "End", true));
        w.aside(p + "ClusterSucceeded", obj("Type", "Pass", "Parameters", succeeded, "End", true));
        ObjectNode report = w.lambda("The child's own error name and a short cause.", Asl.LAMBDA_INVOKE,
                ReportClusterFailure.class, obj("clusterIdentifier.$", "$.member.clusterIdentifier", "childName.$",
                        "$.member.childName", "failure.$", "$.failure"),
                obj("row.$", "$.Payload"), "$.report", Asl.array(Asl.catchAll("$.reportFailure", p + "ClusterFailureUnreported")));
        report.put("OutputPath", "$.report.row").put("End", true);
        w.aside(p + "ReportClusterFailure", report);
        return w.aside(p + "ClusterFailureUnreported", obj("Type", "Pass", "Parameters", obj("clusterIdentifier.$",
                "$.member.clusterIdentifier", "outcome", FleetRow.FAILED, "error", "FailureNotDescribed", "cause",
                "(the failure could not be described: see the cluster's child execution)"), "End", true));
    }

    /** A row's IaC follow-up from the child's output: its status, how many values, the CloudFormation stack. */
    private static void iacOfChild(ObjectNode row) {
        row.put("iacStatus.$", "$.child.output.iacFollowUp.status");
        row.put("iacChanges.$", "$.child.output.iacFollowUp.changeCount");
        row.put("iacStack.$", "$.child.output.iacFollowUp.cloudFormationStack");
    }

    /**
     * The compute move to Serverless v2 (AWS, "Switching from a provisioned cluster to Aurora Serverless v2"): capacity
     * range, db.serverless readers, failover to one, provisioned instances removed; each skipped when done. The in-place
     * route runs it on the live cluster, the Blue/Green workflow on green before its switchover ({@code p} prefixes
     * that copy's loop and choice names). {@code move} is the {@link dev.auroraupgrade.inplace.ComputeMove} payload.
     */
    private static void computeMove(Workflow w, String p, String cluster, ObjectNode move, String instancesPath,
                                    String targetPath, ObjectNode range) {
        w.actionAndWaitUnlessSkipped(ApplyServerlessV2ScalingInPlace.class, ApplyServerlessV2Scaling.STEP, "Is" + p + "ScalingChanged",
                waitFor(p + "Scaling", "the capacity change", Operation.MODIFY_CLUSTER, CheckClusterReady.class, "identifier.$", cluster),
                range);
        w.action(null, AddServerlessInstances.class, AddServerlessInstances.STEP, null, move)
                .loop(waitFor(p + "ServerlessInstances", "the db.serverless instances", Operation.CREATE_INSTANCE,
                        CheckClusterCompute.class, "clusterIdentifier.$", cluster, "instances.$", instancesPath),
                        Workflow.step(AddServerlessInstances.STEP));
        w.actionAndWaitUnlessSkipped(FailoverToServerless.class, FailoverToServerless.STEP, "Is" + p + "FailoverStarted",
                waitFor(p + "Failover", "a db.serverless writer", Operation.FAILOVER, CheckClusterCompute.class, "clusterIdentifier.$",
                        cluster, "writer.$", targetPath), move);
        // RDS does not delete the old writer while it restarts after the failover: the removal answers WAITING and
        // is tried again once the instances settle, within the polling bounds.
        String removal = Workflow.step(RemoveProvisionedInstances.STEP);
        w.then("Start" + p + "RemovalAttempts", obj("Type", "Pass", "Parameters", obj("poll", Workflow.freshPoll()),
                "ResultPath", "$.removalAttempts"));
        w.actionAndWaitUnlessSkipped(RemoveProvisionedInstances.class, RemoveProvisionedInstances.STEP, "Is" + p + "RemovalStarted",
                waitFor(p + "Removal", "the provisioned instances to be deleted", Operation.DELETE_INSTANCES, CheckClusterCompute.class,
                        "clusterIdentifier.$", cluster, "gone.$", "States.StringSplit("
                                + removal + ".outcome.resourceIdentifier, ',')"), move,
                obj("Variable", removal + ".outcome.action", "StringEquals", StepOutcome.WAITING, "Next", "WaitFor" + p + "Removable"));
        w.retryLoop(waitFor(p + "Removable", "the provisioned instances to settle after the failover", Operation.FAILOVER,
                CheckClusterCompute.class, "clusterIdentifier.$", cluster, "settled.$",
                "States.StringSplit(" + removal + ".outcome.resourceIdentifier, ',')"), "$.removalAttempts",
                RemoveProvisionedInstances.class.getSimpleName());
    }

    /** What {@link ApplyServerlessV2Scaling} takes: the plan's capacity range for one cluster. */
    private static ObjectNode scalingRange(String clusterPath) {
        return scalingRange(clusterPath, "$.plan");
    }

    /** The capacity range at {@code rangePath} (minCapacity, maxCapacity, secondsUntilAutoPause) for one cluster. */
    private static ObjectNode scalingRange(String clusterPath, String rangePath) {
        return obj("plan", obj("clusterIdentifier.$", clusterPath, "minCapacity.$", rangePath + ".minCapacity",
                "maxCapacity.$", rangePath + ".maxCapacity", "secondsUntilAutoPause.$", rangePath + ".secondsUntilAutoPause"));
    }

    /** Every definition, by the file SAM loads it from (DefinitionUri). */
    public static Map<String, Workflow> all() {
        Map<String, Workflow> all = new LinkedHashMap<>();
        all.put("statemachine/migrate-serverless-v1-to-v2.asl.json", migration());
        all.put("statemachine/blue-green-upgrade.asl.json", blueGreen());
        all.put("statemachine/serverless-v2-in-place.asl.json", inPlace());
        all.put("statemachine/rehearse-upgrade.asl.json", rehearsal());
        all.put("statemachine/fleet.asl.json", fleet());
        return all;
    }

    /** The definition as the file holds it. */
    public static String render(Workflow workflow) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        try {
            return Asl.JSON.writer(printer).writeValueAsString(workflow.definition()) + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The diagram page of each definition, by file (docs/workflows/), with its title. */
    public static Map<String, String> diagrams() {
        Map<String, String> pages = new LinkedHashMap<>();
        Map<String, String> titles = Map.of("migrate-serverless-v1-to-v2", "Migration by snapshot and restore",
                "blue-green-upgrade", "Blue/Green upgrade", "serverless-v2-in-place", "Serverless v2 in place",
                "rehearse-upgrade", "Rehearsal on a clone", "fleet", "Fleet");
        for (var e : all().entrySet()) {
            String name = e.getKey().substring("statemachine/".length(), e.getKey().length() - ".asl.json".length());
            pages.put("docs/workflows/" + name + ".md", Diagrams.page(titles.get(name), e.getValue()));
        }
        return pages;
    }

    /** Writes every definition, and its diagram, under the repository root given as the only argument (default "."). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (var e : all().entrySet()) {
            Files.writeString(root.resolve(e.getKey()), render(e.getValue()));
            System.out.println("wrote " + e.getKey());
        }
        for (var e : diagrams().entrySet()) {
            Files.createDirectories(root.resolve(e.getKey()).getParent());
            Files.writeString(root.resolve(e.getKey()), e.getValue());
            System.out.println("wrote " + e.getKey());
        }
    }
}
