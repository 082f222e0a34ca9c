package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.bluegreen.BlueGreenInput;
import dev.auroraupgrade.bluegreen.BlueGreenPlan;
import dev.auroraupgrade.bluegreen.PreflightBlueGreen;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.rds.AccountQuotas;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.PollSettings;
import dev.auroraupgrade.workflow.Preflight;
import dev.auroraupgrade.workflow.WorkflowKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Rehearsal step 1: every check of the Blue/Green pre-flight for this cluster and target (the real run's plan,
 * refusals by the same names), then the clone: its name, network, key, groups and writer. It only reads.
 */
public class PreflightRehearsal extends Preflight<RehearsalInput, RehearsalPlan> {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightRehearsal.class);
    static final String WORKFLOW = "rehearse-upgrade";
    /** The tag naming the cluster a clone rehearses; only resources carrying it may be deleted by this workflow. */
    public static final String REHEARSAL_OF = "aurora-upgrade:rehearsal-of";
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.serverless|db\\.[a-z0-9-]+\\.[a-z0-9]+");

    private final RdsClient rds;
    private final RdsLookup lookup;
    private final PreflightBlueGreen blueGreen;

    public PreflightRehearsal() {
        this(AwsClients.rds(), AwsClients.cloudWatch(), AwsClients.ssm());
    }

    public PreflightRehearsal(RdsClient rds, CloudWatchClient cloudWatch, SsmClient ssm) {
        super(RehearsalInput.class, WorkflowKind.REHEARSE);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.blueGreen = new PreflightBlueGreen(rds, cloudWatch, ssm);
    }

    /** A refused cluster's standing in a dry run, read as the Blue/Green pre-flight reads it (the clone's source as it is). */
    @Override
    public dev.auroraupgrade.workflow.PlanReport.Standing standingOfRefused(String clusterIdentifier,
                                                                           com.fasterxml.jackson.databind.JsonNode reads) {
        return blueGreen.standingOfRefused(clusterIdentifier, reads);
    }

    @Override
    protected RehearsalPlan plan(RehearsalInput in, String executionName, Instant started) {
        return plan(in, executionName, started, null);
    }

    /** The state machine read the Price List before this step: the real run's plan prices with it. */
    @Override
    protected RehearsalPlan plan(RehearsalInput in, String executionName, Instant started,
                                 com.fasterxml.jackson.databind.JsonNode reads) {
        if (in.targetEngineVersion() == null) {
            throw new InvalidInputException("targetEngineVersion", "is required: a rehearsal upgrades a clone to it");
        }
        int keepHours = InputRules.bounded("keepCloneHours", in.keepCloneHours(), 0, 0, dev.auroraupgrade.workflow.WorkflowBounds.MAX_KEEP_CLONE_HOURS);
        if (in.rehearsalInstanceClass() != null && !INSTANCE_CLASS.matcher(in.rehearsalInstanceClass()).matches()) {
            throw new InvalidInputException("rehearsalInstanceClass", "= '" + in.rehearsalInstanceClass()
                    + "' is not an instance class (db.<family>.<size> or db.serverless)");
        }
        PollSettings poll = PollSettings.from(in, PollSettings.BLUE_GREEN_DEFAULTS);
        // The real run's checks and plan, as its own pre-flight makes them: the same refusals, the same groups. A
        // failed earlier rehearsal is what this one looks at again, so it does not block here.
        BlueGreenInput asRealRun = new BlueGreenInput(in.clusterIdentifier(), in.targetEngineVersion(),
                in.targetDBClusterParameterGroupName(), BlueGreenPlan.APPROVAL, null, null, true,
                in.acceptGreenWithoutBacktrack(), null, null, in.postgresDatabaseCount(), null, in.pollIntervalSeconds(),
                in.minPollSeconds(), in.maxPollSeconds(), in.maxPollAttempts(), in.maxWaitSeconds(), null, true, null, null);
        BlueGreenPlan real = blueGreen.plan(asRealRun, executionName, started, false, reads);
        String id = real.clusterIdentifier();
        if (real.alreadyUpgraded() || real.resumeAtSwitchover()) {
            throw new InvalidInputException("targetEngineVersion", "= " + real.targetEngineVersion() + ": '" + id
                    + "' already " + (real.alreadyUpgraded() ? "runs it" : "switches over to it") + "; there is nothing to rehearse");
        }
        if (real.minorUpgradeFirst() != null) {
            throw new UnsupportedEngineVersionException("RDS has no direct upgrade from " + real.currentEngineVersion()
                    + " to " + real.targetEngineVersion() + ": the real run would first upgrade '" + id + "' in place to "
                    + real.minorUpgradeFirst() + ". A rehearsal rehearses one upgrade: rehearse " + real.minorUpgradeFirst()
                    + " as the target now, or rehearse " + real.targetEngineVersion() + " once '" + id + "' runs "
                    + real.minorUpgradeFirst() + ". Nothing was changed");
        }
        DBCluster source = lookup.cluster(id).orElseThrow();
        String clone = RdsNames.rehearsalClone(id);
        String writer = RdsNames.rehearsalInstance(id);
        List<String> notices = new ArrayList<>();
        boolean cloneExists = checkOwnership(id, clone, writer, notices);
        DBInstance sourceWriter = lookup.instance(real.writerInstanceIdentifier()).orElseThrow();
        String instanceClass = in.rehearsalInstanceClass() != null ? in.rehearsalInstanceClass() : sourceWriter.dbInstanceClass();
        var v2 = source.serverlessV2ScalingConfiguration();
        if (InstanceClasses.SERVERLESS.equals(instanceClass) && (v2 == null || v2.maxCapacity() == null)) {
            throw new InvalidInputException("rehearsalInstanceClass", "= db.serverless needs the Serverless v2 capacity "
                    + "range of '" + id + "', which has none: name a provisioned class");
        }
        if (!cloneExists) {
            String unchecked = AccountQuotas.requireRoom(rds, 1, 1, "the rehearsal's clone is a new cluster with one writer");
            if (unchecked != null) {
                notices.add(unchecked);
            }
        }
        notices.add("the source is only read: the clone ('" + clone + "') shares its storage pages (copy-on-write), so it "
                + "costs its writer's instance-hours and only the pages that diverge while it lives");
        notices.add("a rehearsal upgrades a copy of the data at one moment: load, replication lag and the switchover are "
                + "not rehearsed");
        PlanReport.Effects realEffects = blueGreen.effects(real);
        realEffects.blockers().forEach(b -> notices.add("the real run would be blocked today: " + b.error() + ": " + b.message()));
        // The real run's plan read the last rehearsal (Rehearsals.last) and its notices describe it: not read twice.
        notices.addAll(real.notices());
        String sourceInstanceGroup = sourceWriter.hasDbParameterGroups() && !sourceWriter.dbParameterGroups().isEmpty()
                ? sourceWriter.dbParameterGroups().get(0).dbParameterGroupName() : null;
        // The clone's groups are created from the source's own (blue is not changed here, so there is no replication
        // copy to carry from): the same settings the real run carries, minus the replication one it adds itself.
        ObjectNode forClone = Json.MAPPER.valueToTree(real);
        forClone.put("replicationParameterGroup", real.blueParameterGroup());
        BlueGreenPlan groups = Json.MAPPER.convertValue(forClone, BlueGreenPlan.class);
        LOG.info("rehearsal pre-flight passed: {} {} -> {} clone={} class={} keep={}h", id, real.currentEngineVersion(),
                real.targetEngineVersion(), clone, instanceClass, keepHours);
        return new RehearsalPlan(id, real.clusterArn(), real.engine(), real.currentEngineVersion(), real.targetEngineVersion(),
                real.majorVersionUpgrade(), real.engineVersionSource(), clone, writer, instanceClass,
                source.dbSubnetGroup(), source.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList(),
                Boolean.TRUE.equals(source.storageEncrypted()) ? source.kmsKeyId() : null, source.port(),
                source.dbClusterParameterGroup(), sourceInstanceGroup,
                InstanceClasses.SERVERLESS.equals(instanceClass) ? v2.minCapacity() : null,
                InstanceClasses.SERVERLESS.equals(instanceClass) ? v2.maxCapacity() : null,
                real.targetParameterGroup(), real.targetInstanceParameterGroup(), groups, keepHours * 3600,
                Rehearsals.parameterName(id), List.copyOf(realEffects.blockers()), List.copyOf(notices), poll,
                executionName, started.toString(), Instant.now().toString(), real.lastRehearsal(), realEffects.extendedSupport(),
                null);
    }

    /** True when the clone exists and is this cluster's rehearsal clone (a re-run); a conflict when it is anything else. */
    private boolean checkOwnership(String id, String clone, String writer, List<String> notices) {
        var existing = lookup.cluster(clone);
        if (existing.isPresent()) {
            if (!id.equals(OwnershipTags.value(existing.get().tagList(), REHEARSAL_OF))) {
                throw new ResourceConflictException("DB cluster '" + clone + "' exists and is not a rehearsal clone of '"
                        + id + "' (no tag " + REHEARSAL_OF + "=" + id + "): rename or delete it; this workflow never touches it");
            }
            notices.add("a clone left by an earlier rehearsal of '" + id + "' exists (" + existing.get().status()
                    + "): it is reused, or waited for while it is deleted, and deleted at the end");
        }
        lookup.instance(writer).ifPresent(i -> {
            if (!clone.equals(i.dbClusterIdentifier())) {
                throw new ResourceConflictException("DB instance '" + writer + "' exists outside the clone '" + clone
                        + "': rename or delete it first");
            }
        });
        return existing.isPresent();
    }

    @Override
    protected PlanReport.Effects effects(RehearsalPlan p) {
        List<String> create = new ArrayList<>();
        create.add("clone " + p.cloneIdentifier() + " of " + p.clusterIdentifier() + " (copy-on-write, latest restorable "
                + "time; tagged " + REHEARSAL_OF + "=" + p.clusterIdentifier() + ")");
        create.add("writer " + p.cloneInstanceIdentifier() + " (" + p.instanceClass() + ") in the clone");
        BlueGreenPlan g = p.blueGreen();
        if (g.createTargetParameterGroup()) {
            create.add("cluster parameter group " + g.targetParameterGroup() + " (the real run's, kept for it)");
        }
        if (g.createTargetInstanceParameterGroup()) {
            create.add("DB parameter group " + g.targetInstanceParameterGroup() + " (the real run's, kept for it)");
        }
        List<String> change = List.of("clone " + p.cloneIdentifier() + ": engine " + p.currentEngineVersion() + " -> "
                + p.targetEngineVersion() + " (the source is not changed)");
        List<String> delete = List.of("clone " + p.cloneIdentifier() + " and its writer, without a final snapshot, "
                + (p.keepCloneSeconds() > 0 ? p.keepCloneSeconds() / 3600 + " h after a passing upgrade (keepCloneHours)"
                : "once judged") + "; also after any failure");
        return new PlanReport.Effects(p.clusterIdentifier(), p.currentEngineVersion(), p.targetEngineVersion(),
                p.engineVersionSource(), null, "none: the source is only read", null, null, p.extendedSupport(), create, change, delete,
                List.of(), List.of(), List.of(), p.notices(),
                dev.auroraupgrade.iac.IacFollowUp.rehearsal(p.clusterIdentifier(), p.cloneIdentifier()));
    }
}
