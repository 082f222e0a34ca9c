package dev.auroraupgrade.bluegreen;

import software.amazon.awssdk.services.rds.model.DBInstance;
import java.time.LocalDate;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.errors.BlueGreenBlockerException;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.errors.SourceNotAvailableException;
import dev.auroraupgrade.errors.SourceNotSupportedException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.errors.WriterRebootRequiredException;
import dev.auroraupgrade.rds.BlueGreenRules;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.EngineVersionCatalog;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.rds.ReplicationSettings;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.PollSettings;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.Preflight;
import dev.auroraupgrade.workflow.StateMachineErrors;
import dev.auroraupgrade.workflow.WorkflowKind;
import dev.auroraupgrade.workflow.WorkflowBounds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Blue/Green step 1: validates the input and the cluster, finds blockers, decides names, parameter groups
 * and policy, and detects a resumable earlier run. It only reads.
 */
public class PreflightBlueGreen extends Preflight<BlueGreenInput, BlueGreenPlan> {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightBlueGreen.class);
    static final String WORKFLOW = "blue-green-upgrade";
    /** A bound on postgresDatabaseCount: the replication settings it sizes grow with it. */
    static final int MAX_DATABASES = 10000;
    private static final Set<String> POLICIES = Set.of(BlueGreenPlan.AUTO, BlueGreenPlan.APPROVAL, BlueGreenPlan.NONE);

    private final RdsClient rds;
    private final RdsLookup lookup;
    private final EngineVersionCatalog catalog;
    /** Measures db.serverless instances for the plan's Extended Support cost; null: not measured. */
    private final software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch;

    /** Reads the cluster's last rehearsal; null: not read. */
    private final software.amazon.awssdk.services.ssm.SsmClient ssm;

    public PreflightBlueGreen() {
        this(AwsClients.rds(), AwsClients.cloudWatch(), AwsClients.ssm());
    }

    public PreflightBlueGreen(RdsClient rds) {
        this(rds, null, null);
    }

    public PreflightBlueGreen(RdsClient rds, software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch,
                              software.amazon.awssdk.services.ssm.SsmClient ssm) {
        super(BlueGreenInput.class, WorkflowKind.BLUE_GREEN);
        this.ssm = ssm;
        this.cloudWatch = cloudWatch;
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
        this.catalog = new EngineVersionCatalog(rds);
    }

    /** A refused cluster's standing in a dry run: what it costs as it is ({@link dev.auroraupgrade.workflow.StandingStill}). */
    @Override
    public dev.auroraupgrade.workflow.PlanReport.Standing standingOfRefused(String clusterIdentifier,
                                                                           com.fasterxml.jackson.databind.JsonNode reads) {
        return dev.auroraupgrade.workflow.StandingStill.of(rds, cloudWatch, ssm, clusterIdentifier, reads, java.time.Clock.systemUTC());
    }

    @Override
    protected BlueGreenPlan plan(BlueGreenInput in, String executionName, Instant started) {
        return plan(in, executionName, started, false);
    }

    /** The state machine read blue's Application Auto Scaling before this step ({@link ReaderAutoScaling}). */
    @Override
    protected BlueGreenPlan plan(BlueGreenInput in, String executionName, Instant started,
                                 com.fasterxml.jackson.databind.JsonNode reads) {
        return plan(in, executionName, started, false, reads);
    }

    @Override
    public PlanReport.Effects effects(BlueGreenPlan p) {
        String id = p.clusterIdentifier();
        List<String> create = new ArrayList<>();
        List<String> change = new ArrayList<>();
        List<String> reboot = new ArrayList<>();
        List<PlanReport.Blocker> blockers = new ArrayList<>();
        boolean blueGroupChanges = !p.replicationParameterGroup().equals(p.blueParameterGroup());
        if (!p.alreadyUpgraded() && !p.resumeAtSwitchover()) {
            if (p.minorUpgradeFirst() != null) {
                change.add("cluster " + id + ": engine " + p.currentEngineVersion() + " -> " + p.minorUpgradeFirst()
                        + " first, in place (a minor upgrade, " + MINOR_UPGRADE_INTERRUPTION + ")");
            }
            if (p.createReplicationParameterGroup()) {
                create.add("cluster parameter group " + p.replicationParameterGroup() + " (blue's settings with "
                        + p.replicationParameter() + "=" + p.replicationValue() + ")");
            }
            if (blueGroupChanges) {
                change.add("cluster " + id + ": parameter group " + p.blueParameterGroup() + " -> " + p.replicationParameterGroup());
                if (p.allowWriterReboot()) {
                    reboot.add("writer " + p.writerInstanceIdentifier() + ": rebooted once if " + p.replicationParameter()
                            + " is not applied after the group change");
                } else {
                    blockers.add(new PlanReport.Blocker(StateMachineErrors.WRITER_REBOOT_REQUIRED, rebootRefusal(p)));
                }
            }
            if (p.replicationSettings() != null) {
                p.replicationSettings().forEach(x -> change.add("replication setting " + x.name() + " = " + x.value()));
            }
            if (p.createTargetParameterGroup()) {
                create.add("cluster parameter group " + p.targetParameterGroup() + " for green (" + (p.majorVersionUpgrade()
                        ? "target family" : "blue's family") + ", blue's custom settings)");
            }
            if (p.createTargetInstanceParameterGroup()) {
                create.add("DB parameter group " + p.targetInstanceParameterGroup() + " for green's instances");
            }
            create.add("Blue/Green deployment " + p.deploymentName() + ": green copy of " + id + " at "
                    + p.targetEngineVersion() + " (its cluster and instances named by RDS)");
            ServerlessGreen g = p.serverlessGreen();
            if (g != null) {
                change.add("green: Serverless v2 capacity " + g.minCapacity() + "-" + g.maxCapacity() + " ACU, before the "
                        + "switchover");
                g.serverlessInstances().forEach(i -> create.add("db.serverless instance " + i + " in green (tagged; "
                        + "production's after the switchover)"));
                change.add("green: fails over to " + g.serverlessInstances().get(0) + " (green serves no clients yet: "
                        + "no interruption)" + (g.keepProvisionedInstances() ? "; green's provisioned instances are kept"
                        : "; green's provisioned instances are deleted"));
            }
        }
        String interruption;
        List<String> loses = new ArrayList<>();
        boolean leavesOldBlue = false;
        String hop = p.minorUpgradeFirst() == null || p.alreadyUpgraded() || p.resumeAtSwitchover() ? null
                : "the restart of the minor upgrade to " + p.minorUpgradeFirst();
        if (p.mayRebootBlueWriter()) {
            String writerReboot = "the reboot of blue's writer " + p.writerInstanceIdentifier() + " if "
                    + p.replicationParameter() + " is not applied after the group change (allowWriterReboot)";
            hop = hop == null ? writerReboot : hop + ", then " + writerReboot;
        }
        if (p.alreadyUpgraded()) {
            interruption = "none: '" + id + "' already serves " + p.targetEngineVersion();
        } else if (BlueGreenPlan.NONE.equals(p.switchoverPolicy())) {
            interruption = (hop == null ? "none" : hop + " only") + ": the run stops with green ready (switchoverPolicy "
                    + "NONE); the switchover is yours";
        } else {
            interruption = (hop == null ? "" : hop + ", then ")
                    + "the switchover (AWS: typically under a minute; policy " + p.switchoverPolicy() + ")"
                    + (willRestore(p) && p.allowWriterReboot() ? ", then the writer's reboot that applies the restored "
                        + p.replicationParameter() : "");
            change.add("cluster " + id + ": engine " + p.currentEngineVersion() + " -> " + p.targetEngineVersion()
                    + " at the switchover; endpoints kept");
            loses.add(OldBlue.fate(id, p.retireOldBlueAfterHours()));
            leavesOldBlue = true;
            if (willRestore(p)) {
                change.add("cluster parameter group " + p.targetParameterGroup() + ": " + p.replicationParameter() + " -> "
                        + restoredValue(p.engine(), p.replicationValueBefore()) + " after the switchover, as blue had it "
                        + "(restoreReplicationSettings)");
                if (p.allowWriterReboot()) {
                    reboot.add("the writer of " + id + ": rebooted once after the switchover to apply "
                            + p.replicationParameter() + " (a second, short interruption)");
                }
            }
        }
        List<String> delete = new ArrayList<>();
        if (leavesOldBlue && p.retireOldBlueAfterHours() != null) {
            delete.add(OldBlue.planned(id) + " and its instances, " + p.retireOldBlueAfterHours() + " h after the switchover "
                    + "(retireOldBlueAfterHours), once its final snapshot " + id + "-oldN-final-<its resource id> is "
                    + "available (kept); only a cluster this workflow tagged aurora-upgrade:old-blue-of=" + id);
        }
        return new PlanReport.Effects(id, p.currentEngineVersion(), p.targetEngineVersion(), p.engineVersionSource(),
                null, interruption, null, null, standingStill(p.clusterIdentifier(), p.engine(), p.currentEngineVersion(),
                p.targetEngineVersion(), leavesOldBlue, p.retireOldBlueAfterHours(), p.extendedSupportPrices()), create, change, delete, reboot, loses,
                blockers, p.notices(), iacFollowUp(p, leavesOldBlue));
    }

    /**
     * What the plan's run would leave for the IaC: blue's replication group (its one change, kept by green when no
     * target group is named), and after a switchover the target version, green's groups and, with serverlessGreen,
     * its db.serverless instances and capacity in place of the provisioned ones.
     */
    static dev.auroraupgrade.iac.IacFollowUp iacFollowUp(BlueGreenPlan p, boolean switchesOver) {
        var before = p.shapeBefore();
        if (before == null) {
            return dev.auroraupgrade.iac.IacFollowUp.unknown(p.clusterIdentifier());
        }
        if (p.alreadyUpgraded()) {
            return dev.auroraupgrade.iac.IacFollowUp.diff(before, before, true, List.of("an earlier run of this upgrade "
                    + "already made its changes: that run's output lists them"));
        }
        if (!switchesOver) {
            return dev.auroraupgrade.iac.IacFollowUp.diff(before, before.planned(p.minorUpgradeFirst(), null,
                    p.replicationParameterGroup(), null, null, null), true, List.of("switchoverPolicy NONE: only blue's own "
                    + "changes are listed; after your switchover, run the plan again or compare with the cluster"));
        }
        ServerlessGreen g = p.serverlessGreen();
        List<dev.auroraupgrade.iac.ClusterShape.Instance> instances = new ArrayList<>();
        for (var i : before.instances()) {
            if (g == null || g.keepProvisionedInstances()) {
                instances.add(new dev.auroraupgrade.iac.ClusterShape.Instance(i.instanceIdentifier(), i.instanceClass(),
                        p.targetInstanceParameterGroup() == null ? i.parameterGroup() : p.targetInstanceParameterGroup(),
                        i.stackName(), i.logicalId()));
            }
        }
        if (g != null) {
            g.serverlessInstances().forEach(s -> instances.add(new dev.auroraupgrade.iac.ClusterShape.Instance(s,
                    dev.auroraupgrade.rds.InstanceClasses.SERVERLESS, p.targetInstanceParameterGroup(), null, null)));
        }
        var after = before.planned(p.targetEngineVersion(), null, p.targetParameterGroup() != null
                ? p.targetParameterGroup() : p.replicationParameterGroup(), g == null ? null : g.minCapacity(),
                g == null ? null : g.maxCapacity(), g == null ? null : g.secondsUntilAutoPause()).withInstances(instances);
        return dev.auroraupgrade.iac.IacFollowUp.diff(before, after, true, List.of(OldBlue.iacNote(p.clusterIdentifier(),
                OldBlue.planned(p.clusterIdentifier()), p.retireOldBlueAfterHours() == null ? null
                        : p.retireOldBlueAfterHours() + " h after the switchover")));
    }

    /**
     * The group blue ran before this upgrade: blue's own, unless blue runs this upgrade's replication copy, whose
     * description ("Copy of <group> with replication for Blue/Green", PrepareBlueReplication) names it. The copy's
     * ownership tags are checked where it is changed (RestoreReplicationSettings), not here: the pre-flights read no
     * tags of parameter groups. A source named but gone: unknown, blue's own group is judged.
     */
    private String earlierRunsOrigin(String blueGroup, String ownCopy) {
        if (blueGroup == null || !blueGroup.equals(ownCopy)) {
            return blueGroup;
        }
        String description = lookup.clusterParameterGroup(blueGroup).map(g -> g.description()).orElse("");
        var m = java.util.regex.Pattern.compile("Copy of (\\S+) with replication for Blue/Green").matcher(description);
        if (!m.matches()) {
            return blueGroup;
        }
        String source = "null".equals(m.group(1)) ? null : m.group(1);
        if (source == null || source.startsWith("default.")) {
            return source;
        }
        return lookup.clusterParameterGroup(source).isPresent() ? source : blueGroup;
    }

    /** The plan puts the replication setting back after the switchover (asked, turned on by this run, green's group ours). */
    public static boolean willRestore(BlueGreenPlan p) {
        return p.restoresReplication() && p.turnsReplicationOn() && p.replicationRestoreRefusal() == null
                && !p.alreadyUpgraded() && p.targetParameterGroup() != null;
    }

    /** A run that must reboot blue's writer to apply the group change, and may not, is refused before the change. */
    @Override
    public void refuseBlocked(BlueGreenPlan p) {
        if (!p.alreadyUpgraded() && !p.resumeAtSwitchover() && !p.allowWriterReboot()
                && !p.replicationParameterGroup().equals(p.blueParameterGroup())) {
            throw new WriterRebootRequiredException(rebootRefusal(p));
        }
    }

    private static String rebootRefusal(BlueGreenPlan p) {
        return "blue's writer " + p.writerInstanceIdentifier() + " would have to be rebooted to apply "
                + p.replicationParameter() + " from " + p.replicationParameterGroup() + ", and allowWriterReboot is false. "
                + "Nothing was changed: set allowWriterReboot to true, or associate " + p.replicationParameterGroup()
                + " (with " + p.replicationParameter() + "=" + p.replicationValue() + ") and reboot in a maintenance window, "
                + "then start again";
    }

    /**
     * Extended Support per month now and after the switchover: green runs blue's instances at the target's major
     * (its db.serverless instances priced at blue's measured load); the old blue keeps them at the current major.
     */
    private ExtendedSupportCost standingStill(String id, String engine, String currentVersion, String targetVersion,
                                              boolean leavesOldBlue, Integer retireOldBlueAfterHours,
                                              dev.auroraupgrade.rds.ExtendedSupportPrices prices) {
        DBCluster cluster = lookup.cluster(id).orElse(null);
        String setting = cluster == null ? null : cluster.engineLifecycleSupport();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        List<ExtendedSupportCost.Billed> blue = dev.auroraupgrade.rds.CapacityHistory.measured(cloudWatch,
                lookup.clusterInstances(id), Instant.now());
        List<ExtendedSupportCost.Billed> green = blue.stream().map(b -> new ExtendedSupportCost.Billed(
                "green copy of " + b.instance(), b.instanceClass(), b.averageAcu(),
                b.measured() == null ? null : "blue's figure, for the same load: " + b.measured())).toList();
        return ExtendedSupportCost.estimate(
                EngineLifecycle.of(rds, EngineVersion.parse("current", engine, currentVersion), setting, today),
                EngineLifecycle.of(rds, EngineVersion.parse("target", engine, targetVersion), setting, today),
                blue, green, leavesOldBlue ? blue : null, retireOldBlueAfterHours, today,
                dev.auroraupgrade.rds.ExtendedSupportPrices.orTable(prices));
    }

    /**
     * The old blue's Extended Support per month, for the run's output (and the fleet's list of old blues): the same
     * estimate as the dry run's. Informational: a failure to price it never stops an upgrade (null, unknown).
     */
    private Double oldBlueMonthly(String id, String engine, String currentVersion, String targetVersion,
                                  dev.auroraupgrade.rds.ExtendedSupportPrices prices) {
        try {
            return standingStill(id, engine, currentVersion, targetVersion, true, null, prices).monthlyOldBlue();
        } catch (RuntimeException e) {
            LOG.info("old blue of {} not priced: {}", id, e.toString());
            return null;
        }
    }

    /**
     * The same checks for a route that runs this workflow later (the in-place route, as a nested execution):
     * with {@code afterEngineModeConversion} a Serverless v1 cluster is judged as the provisioned cluster its
     * conversion will make (AWS gives it a writer then), so every other blocker is named before anything changes.
     */
    public BlueGreenPlan plan(BlueGreenInput in, String executionName, Instant started, boolean afterEngineModeConversion) {
        return plan(in, executionName, started, afterEngineModeConversion, null);
    }

    /** As above, with what the state machine read before the calling pre-flight (the Price List; null: nothing). */
    public BlueGreenPlan plan(BlueGreenInput in, String executionName, Instant started, boolean afterEngineModeConversion,
                              com.fasterxml.jackson.databind.JsonNode reads) {
        String id = RdsNames.clusterIdentifier("clusterIdentifier", in.clusterIdentifier());
        String policy = in.switchoverPolicy() == null ? BlueGreenPlan.APPROVAL : in.switchoverPolicy().toUpperCase(Locale.ROOT);
        if (!POLICIES.contains(policy)) {
            throw new InvalidInputException("switchoverPolicy", "= '" + in.switchoverPolicy() + "' is not AUTO, APPROVAL or NONE");
        }
        int switchoverTimeout = InputRules.bounded("switchoverTimeoutSeconds", in.switchoverTimeoutSeconds(),
                WorkflowBounds.DEFAULT_SWITCHOVER_SECONDS, 30, WorkflowBounds.MAX_SWITCHOVER_SECONDS);
        double maxLag = InputRules.bounded("maxReplicaLagSeconds", in.maxReplicaLagSeconds(), 5.0, 0.0, 3600.0);
        int approvalTimeout = InputRules.bounded("approvalTimeoutSeconds", in.approvalTimeoutSeconds(),
                WorkflowBounds.DEFAULT_APPROVAL_SECONDS, 60, WorkflowBounds.MAX_APPROVAL_SECONDS);
        PollSettings poll = PollSettings.from(in, PollSettings.BLUE_GREEN_DEFAULTS);
        InputRules.parameterGroupName("targetDBClusterParameterGroupName", in.targetDBClusterParameterGroupName());
        Integer retireHours = in.retireOldBlueAfterHours() == null ? null : InputRules.bounded("retireOldBlueAfterHours",
                in.retireOldBlueAfterHours(), 0, 1, WorkflowBounds.MAX_RETIRE_OLD_BLUE_HOURS);
        if (retireHours != null && BlueGreenPlan.NONE.equals(policy)) {
            throw new InvalidInputException("retireOldBlueAfterHours", "needs this run's switchover, and switchoverPolicy "
                    + "NONE leaves the switchover (and the old blue it leaves) to you");
        }
        boolean restore = Boolean.TRUE.equals(in.restoreReplicationSettings());
        if (restore && BlueGreenPlan.NONE.equals(policy)) {
            throw new InvalidInputException("restoreReplicationSettings", "puts the replication setting back after this "
                    + "run's switchover, and switchoverPolicy NONE leaves the switchover to you");
        }
        Integer databases = in.postgresDatabaseCount() == null ? null
                : InputRules.bounded("postgresDatabaseCount", in.postgresDatabaseCount(), 0, 1, MAX_DATABASES);

        DBCluster cluster = lookup.cluster(id).orElseThrow(() -> new SourceClusterNotFoundException(
                "cluster '" + id + "' does not exist in this account and region"));
        String engine = cluster.engine();
        if (!EngineVersion.MYSQL.equals(engine) && !EngineVersion.POSTGRESQL.equals(engine)) {
            throw new SourceNotSupportedException("cluster '" + id + "' runs engine '" + engine
                    + "'; only aurora-mysql and aurora-postgresql clusters are supported");
        }
        if (EngineModes.SERVERLESS_V1.equals(cluster.engineMode()) && !afterEngineModeConversion) {
            throw new SourceNotSupportedException("cluster '" + id + "' is Aurora Serverless v1, which Blue/Green "
                    + "deployments do not support: migrate it to Serverless v2 first (the migration workflow)");
        }
        if (!ResourceStatus.isAvailable(cluster.status())) {
            throw new SourceNotAvailableException("cluster '" + id + "' is '" + cluster.status() + "'; it must be 'available'");
        }
        if (cluster.masterUserSecret() != null) {
            throw new BlueGreenBlockerException("cluster '" + id + "' manages its master password in AWS Secrets Manager, "
                    + "which Blue/Green deployments do not support; switch to a self-managed password first");
        }
        EngineVersion current = EngineVersion.parse("cluster engine version", engine, cluster.engineVersion());
        EngineVersion target = in.targetEngineVersion() == null ? current
                : EngineVersion.parse("targetEngineVersion", engine, in.targetEngineVersion());
        for (EngineVersion v : List.of(current, target)) {
            String problem = BlueGreenRules.postgresMinimumProblem(v);
            if (problem != null) {
                throw new UnsupportedEngineVersionException(problem);
            }
        }
        List<String> serverlessNotices = new ArrayList<>();
        ServerlessGreen serverlessGreen = serverlessGreen(in.serverlessGreen(), id, target, serverlessNotices);
        String deploymentName = RdsNames.blueGreenDeployment(id, target.raw());
        var ours = lookup.blueGreenByName(deploymentName).filter(d -> OwnershipTags.ownedBy(d.tagList(), id));
        // A switchover this upgrade already started: resume there, never create a second deployment.
        boolean atSwitchover = ours.map(d -> ResourceStatus.switchoverStarted(d.status())).orElse(false);
        // Nothing to deploy: the cluster already runs the target (with the target group, if one is named). When an
        // earlier run of this workflow got it there (it kept old blue), the run ends as a no-op that says so; a
        // finished upgrade never switches over twice.
        boolean atTarget = target.equals(current) && ours.isEmpty() && (in.targetDBClusterParameterGroupName() == null
                || in.targetDBClusterParameterGroupName().equals(cluster.dbClusterParameterGroup()));
        boolean alreadyUpgraded = atTarget && OldBlue.keptBy(rds, id);
        if (atTarget && !alreadyUpgraded) {
            throw new InvalidInputException("targetEngineVersion", "= " + target + " is the version '" + id
                    + "' already runs" + (in.targetDBClusterParameterGroupName() == null
                        ? " and no targetDBClusterParameterGroupName is given" : " with that parameter group")
                    + ": there is nothing to deploy");
        }
        EngineVersionCatalog.UpgradePath path = catalog.upgradePath(current, target);
        String versionSource = path.source();
        String minorFirst = minorUpgradeFirst(id, current, target, path, Boolean.TRUE.equals(in.allowMinorUpgradeFirst()));
        boolean major = !target.sameMajor(current);
        ParameterGroups.requireFamily(rds, "targetDBClusterParameterGroupName", in.targetDBClusterParameterGroupName(),
                target, true);

        List<String> notices = new ArrayList<>(serverlessNotices);
        if (minorFirst != null) {
            notices.add("RDS has no direct upgrade from " + current + " to " + target + ": blue is first upgraded in place "
                    + "to " + minorFirst + " (allowMinorUpgradeFirst), " + MINOR_UPGRADE_INTERRUPTION);
        }
        List<ReplicationSettings.Setting> replication = ReplicationSettings.required(engine, databases);
        if (EngineVersion.POSTGRESQL.equals(engine)) {
            notices.add("logical replication needs a slot, WAL sender and worker per database: " + (databases == null
                    ? "sized for up to " + ReplicationSettings.ASSUMED_POSTGRES_DATABASES + " databases (count the rows of "
                        + "pg_database and set postgresDatabaseCount if there are more)"
                    : "sized for " + databases + " databases (postgresDatabaseCount)"));
            if (in.targetDBClusterParameterGroupName() != null) {
                // A group the DBA named is never changed by this tool: refuse it now rather than fail creation later.
                var unmet = ReplicationSettings.unmet(rds, in.targetDBClusterParameterGroupName(), replication);
                if (!unmet.isEmpty()) {
                    throw new BlueGreenBlockerException("targetDBClusterParameterGroupName '"
                            + in.targetDBClusterParameterGroupName() + "' lacks what Blue/Green logical replication needs: "
                            + String.join(", ", unmet.stream().map(ReplicationSettings.Change::shortfall).toList()));
                }
            }
        } else if (databases != null) {
            notices.add("postgresDatabaseCount is ignored: " + engine + " replicates with binary logs, not per database");
        }
        String writer = java.util.Optional.ofNullable(RdsLookup.writerOf(cluster)).orElseGet(() -> {
                    if (afterEngineModeConversion) {
                        return null;
                    }
                    throw new SourceNotAvailableException("cluster '" + id + "' has no writer instance");
                });
        String blueGroup = cluster.dbClusterParameterGroup();
        String ownCopy = RdsNames.replicationParameterGroup(id, current.parameterGroupFamily());
        boolean onDefault = blueGroup == null || blueGroup.startsWith("default.");
        List<String> sharing = onDefault || blueGroup.equals(ownCopy) ? List.of() : clustersUsing(blueGroup, id);
        // Never write the replication setting into a group other clusters use: blue gets a copy of its own.
        boolean copy = onDefault || !sharing.isEmpty();
        String replicationGroup = copy ? ownCopy : blueGroup;
        if (onDefault) {
            notices.add("blue uses the default parameter group " + blueGroup + ": a custom copy " + replicationGroup
                    + " is created and associated");
        } else if (copy) {
            notices.add("blue's parameter group " + blueGroup + " is shared with " + String.join(", ", sharing)
                    + ": blue gets its own copy " + replicationGroup + "; the shared group is not changed");
        }
        String replicationParameter = BlueGreenRules.replicationParameter(engine);
        // Blue already on this upgrade's copy (a re-run after an earlier run associated it): what blue had before is
        // the copy's source, which PrepareBlueReplication names in the copy's description and never changes.
        String origin = earlierRunsOrigin(blueGroup, ownCopy);
        boolean earlierRun = !java.util.Objects.equals(origin, blueGroup);
        // Blue's own group, which an earlier run wrote the setting into: the record it left there says what it was.
        var record = copy || earlierRun || alreadyUpgraded ? java.util.Optional.<OwnershipTags.ReplicationRecord>empty()
                : ParameterGroups.replicationRecord(rds, blueGroup, id).filter(r -> r.parameter().equals(replicationParameter));
        boolean turnedOnByRun = !alreadyUpgraded && (record.isPresent() || !BlueGreenRules.replicationOn(lookup, engine, origin));
        String valueBefore = record.isPresent() ? record.get().valueBefore() : origin == null || origin.startsWith("default.")
                ? null : lookup.clusterParameter(origin, replicationParameter);
        if (turnedOnByRun) {
            notices.add((earlierRun ? "an earlier run of this upgrade turned " + replicationParameter + " on for '" + id
                        + "' (its copy " + blueGroup + " of " + origin + ")" : record.isPresent() ? "an earlier run of "
                        + "this tool turned " + replicationParameter + " on in blue's own group " + blueGroup + " (its tag "
                        + OwnershipTags.REPLICATION_TURNED_ON + " says " + record.get().describe() + ")"
                        : "this run turns " + replicationParameter + " on for '" + id + "' (in " + replicationGroup + ")")
                    + " and green keeps it, so it stays on after the upgrade"
                    + (restore ? " until restoreReplicationSettings puts it back" : " (restoreReplicationSettings: true puts "
                        + "it back after the switchover)") + ": " + BlueGreenRules.replicationCost(engine));
        }
        String targetGroup = in.targetDBClusterParameterGroupName();
        boolean createTargetGroup = false;
        if (targetGroup == null && major) {
            targetGroup = RdsNames.replicationParameterGroup(id, target.parameterGroupFamily());
            createTargetGroup = true;
        }
        // Aurora blue/green limitations: event_scheduler "must be disabled on the green environment when you create"
        // the deployment. Green gets a group of its own with it off; finalize turns it back on after the switchover.
        boolean eventScheduler = EngineVersion.MYSQL.equals(engine) && !onDefault
                && BlueGreenRules.isOn(lookup.clusterParameter(blueGroup, BlueGreenRules.EVENT_SCHEDULER));
        if (eventScheduler) {
            if (in.targetDBClusterParameterGroupName() != null) {
                if (BlueGreenRules.isOn(lookup.clusterParameter(targetGroup, BlueGreenRules.EVENT_SCHEDULER))) {
                    throw new BlueGreenBlockerException("targetDBClusterParameterGroupName '" + targetGroup + "' has "
                            + "event_scheduler ON: green must be created with it off (Aurora blue/green limitations). Set "
                            + "it OFF there, or leave the field out and this run creates green's group");
                }
            } else if (!major) {
                targetGroup = RdsNames.greenParameterGroup(id, target.parameterGroupFamily());
                createTargetGroup = true;
            }
            notices.add("event_scheduler is ON on blue: green's group " + targetGroup + " has it OFF while the deployment "
                    + "exists (AWS requires it)" + (createTargetGroup ? "; it is turned back ON there after the switchover"
                        : "; turn it ON in " + targetGroup + " after the switchover"));
        }
        String restoreRefusal = null;
        if (restore && !alreadyUpgraded) {
            if (!turnedOnByRun) {
                notices.add("restoreReplicationSettings: " + replicationParameter + " was already "
                        + BlueGreenRules.replicationValue(engine) + " in blue's group " + blueGroup + " before this run: "
                        + "there is nothing to put back");
            } else if (in.targetDBClusterParameterGroupName() != null) {
                // The DBA's own group: never changed by this tool (only groups it created for this cluster are).
                restoreRefusal = "green's group " + targetGroup + " is yours (targetDBClusterParameterGroupName), and this "
                        + "tool changes only groups it created for '" + id + "'";
                notices.add("restoreReplicationSettings: " + replicationParameter + " will not be put back: " + restoreRefusal
                        + "; after the switchover set " + replicationParameter + "=" + restoredValue(engine, valueBefore)
                        + " in " + targetGroup + " yourself and reboot the writer");
            } else {
                if (targetGroup == null) {
                    // Green would share blue's replication group with the old blue after the switchover: a group of its
                    // own lets the restore change only the upgraded cluster's.
                    targetGroup = RdsNames.greenParameterGroup(id, target.parameterGroupFamily());
                    createTargetGroup = true;
                }
                notices.add("restoreReplicationSettings: after the switchover " + replicationParameter + " goes back to "
                        + restoredValue(engine, valueBefore) + " in " + targetGroup + " (a static parameter: it applies at the "
                        + "writer's reboot, " + (Boolean.TRUE.equals(in.allowWriterReboot()) ? "which this run does "
                            + "(allowWriterReboot): a second, short interruption after the switchover"
                            : "which waits for the next one: allowWriterReboot is false") + ")"
                        + (EngineVersion.POSTGRESQL.equals(engine) ? "; AWS turns logical replication off only after "
                            + "dropping the replication slots (Aurora User Guide, \"Turning off logical replication\"), "
                            + "which the RDS API cannot see: check SELECT slot_name, active FROM pg_replication_slots on the "
                            + "upgraded cluster before its writer reboots" : ""));
            }
            if (turnedOnByRun && !copy && !earlierRun) {
                notices.add("restoreReplicationSettings: blue's own group " + blueGroup + ", which this tool changes (its tag "
                        + OwnershipTags.REPLICATION_TURNED_ON + " records the value before) and the old blue keeps, gets "
                        + replicationParameter + "=" + restoredValue(engine, valueBefore) + " back after the switchover, and "
                        + "the record is removed; the old blue applies it only at a reboot, which this run does not make");
            }
        }
        Double liveMin = cluster.serverlessV2ScalingConfiguration() == null ? null
                : cluster.serverlessV2ScalingConfiguration().minCapacity();
        Double pauseMin = serverlessGreen != null ? serverlessGreen.minCapacity() : liveMin;
        if (!alreadyUpgraded && pauseMin != null && pauseMin == 0.0) {
            notices.add(autoPauseNotice(id, engine, turnedOnByRun, restore && turnedOnByRun && restoreRefusal == null,
                    Boolean.TRUE.equals(in.allowWriterReboot()), serverlessGreen != null ? "serverlessGreen" : "its capacity range"));
        }
        // Without TargetDBParameterGroupName green's instances keep blue's (old-family) group on a major upgrade:
        // name one of the new family, carrying blue's custom instance settings when its writer has a custom group.
        String blueInstanceGroup = java.util.Optional.ofNullable(writer).flatMap(lookup::instance).filter(i -> i.hasDbParameterGroups() && !i.dbParameterGroups().isEmpty())
                .map(i -> i.dbParameterGroups().get(0).dbParameterGroupName()).orElse(null);
        boolean customInstanceGroup = blueInstanceGroup != null && !blueInstanceGroup.startsWith("default.");
        String targetInstanceGroup = !major ? null : customInstanceGroup
                ? RdsNames.instanceParameterGroup(id, target.parameterGroupFamily()) : "default." + target.parameterGroupFamily();
        boolean resumed = checkExistingDeployments(cluster, deploymentName) || ours.isPresent();
        if (!resumed && !alreadyUpgraded) {
            // Green copies blue's instances, and old blue keeps its own after the switchover.
            int instances = Math.max(afterEngineModeConversion ? 1 : 0, lookup.clusterInstances(id).size());
            String unchecked = dev.auroraupgrade.rds.AccountQuotas.requireRoom(rds, 1, instances, "green is a new cluster "
                    + "with a copy of each of blue's " + instances + " instance(s), and old blue keeps its own");
            if (unchecked != null) {
                notices.add(unchecked);
            }
        }
        boolean acceptUnchecked = Boolean.TRUE.equals(in.acceptUncheckedReplicaLag());
        if (EngineVersion.POSTGRESQL.equals(engine) && BlueGreenPlan.AUTO.equals(policy) && !acceptUnchecked
                && BlueGreenRules.lagMetric(engine) == null && !alreadyUpgraded) {
            throw new InvalidInputException("switchoverPolicy", "= AUTO on aurora-postgresql would switch over with replica "
                    + "lag unchecked: Aurora publishes no seconds-based lag metric for Blue/Green logical replication. Use "
                    + "APPROVAL, or set acceptUncheckedReplicaLag to true");
        }
        if (alreadyUpgraded) {
            notices.add("'" + id + "' already runs " + target + " after an earlier run of this upgrade: nothing to deploy");
        }
        ReaderAutoScaling blueScaling = ReaderAutoScaling.fromReads(reads, id); // what the state machine read
        var prices = reads == null ? null : dev.auroraupgrade.rds.ExtendedSupportPrices.fromReads(reads);
        if (!alreadyUpgraded) {
            notices.addAll(BlueGreenLimitations.check(rds, cluster, Boolean.TRUE.equals(in.acceptGreenWithoutBacktrack()),
                    blueScaling == null ? null : blueScaling.notices(policy)));
        }
        dev.auroraupgrade.rehearsal.RehearsalRecord rehearsal = null;
        if (!alreadyUpgraded) {
            rehearsal = dev.auroraupgrade.rehearsal.Rehearsals.last(ssm, id, notices);
            poll = dev.auroraupgrade.rehearsal.Rehearsals.judge(rehearsal, target.raw(),
                    Boolean.TRUE.equals(in.ignoreFailedRehearsal()), poll, notices);
        }
        if (resumed) {
            notices.add("resuming: Blue/Green deployment " + deploymentName + " was created by an earlier run"
                    + (atSwitchover ? " and is already switching over: continuing from the switchover" : ""));
        }
        LOG.info("blue/green pre-flight passed: {} {} -> {} policy={} resumed={}", id, current, target, policy, resumed);
        return new BlueGreenPlan(id, cluster.dbClusterArn(), cluster.dbClusterResourceId(), engine, current.raw(), target.raw(), major, versionSource, minorFirst,
                deploymentName, blueGroup, replicationGroup, copy, BlueGreenRules.replicationParameter(engine),
                BlueGreenRules.replicationValue(engine), databases, replication, targetGroup, createTargetGroup, blueInstanceGroup, targetInstanceGroup,
                major && customInstanceGroup, eventScheduler && createTargetGroup, writer, policy, switchoverTimeout,
                Boolean.TRUE.equals(in.allowWriterReboot()), maxLag, acceptUnchecked, approvalTimeout, serverlessGreen,
                retireHours, retireHours == null ? null : retireHours * 3600,
                prices, BlueGreenPlan.NONE.equals(policy) || alreadyUpgraded ? null
                        : oldBlueMonthly(id, engine, current.raw(), target.raw(), prices),
                restore, turnedOnByRun, valueBefore, restoreRefusal, poll,
                executionName, resumed, atSwitchover, alreadyUpgraded, List.copyOf(notices), blueScaling, rehearsal,
                dev.auroraupgrade.iac.ClusterShape.of(cluster, lookup.clusterInstances(id)), started.toString(),
                Instant.now().toString(), null);
    }

    /**
     * The green move to Serverless v2, checked as the in-place pre-flight checks it (capacity legal for the target,
     * which must support Serverless v2; 1-15 instances of legal names not in use by another cluster); null when not
     * asked.
     */
    private ServerlessGreen serverlessGreen(ServerlessGreen g, String id, EngineVersion target, List<String> notices) {
        if (g == null) {
            return null;
        }
        // Serverless v2 support, maximum ACU and auto-pause as RDS lists them for the target, as the in-place route
        // decides them (built-in rules only where the endpoint does not implement DescribeDBEngineVersions).
        EngineVersionCatalog.Features features = catalog.serverlessV2Features(target);
        if (!features.supported()) {
            throw new UnsupportedEngineVersionException("serverlessGreen: " + target + " does not support Serverless v2 ("
                    + features.source() + "; the built-in rules need " + dev.auroraupgrade.rds.ServerlessV2Rules.SERVERLESS_V2
                    .describe() + ")");
        }
        if (g.minCapacity() == null || g.maxCapacity() == null) {
            throw new InvalidInputException("serverlessGreen", "needs minCapacity and maxCapacity");
        }
        catalog.requireServerlessOrderable("serverlessGreen", target, features, notices);
        var capacity = dev.auroraupgrade.rds.ServerlessV2Capacity.decide(g.minCapacity(), g.maxCapacity(),
                g.secondsUntilAutoPause(), g.maxCapacity(), features.maxCapacity(), features.autoPauseSupported(),
                target.raw(), new ArrayList<>());
        List<String> names = g.serverlessInstances() == null ? List.of() : g.serverlessInstances();
        if (names.isEmpty() || names.size() > MAX_SERVERLESS_GREEN_INSTANCES || names.stream().distinct().count() != names.size()) {
            throw new InvalidInputException("serverlessGreen.serverlessInstances", "must name 1-"
                    + MAX_SERVERLESS_GREEN_INSTANCES + " distinct db.serverless instances");
        }
        for (String name : names) {
            RdsNames.clusterIdentifier("serverlessGreen.serverlessInstances", name);
            lookup.instance(name).ifPresent(i -> {
                if (!OwnershipTags.ownedBy(i.tagList(), id)) {
                    throw new dev.auroraupgrade.errors.ResourceConflictException("DB instance '" + name + "' already exists "
                            + "and was not added for '" + id + "' by this tool; rename or delete it first");
                }
            });
        }
        return new ServerlessGreen(capacity.min(), capacity.max(), capacity.secondsUntilAutoPause(), List.copyOf(names),
                Boolean.TRUE.equals(g.keepProvisionedInstances()));
    }

    /**
     * What the replication parameter goes back to: blue's value before this run, or the engine default where blue's
     * group had none (Aurora MySQL binlog_format OFF, Aurora User Guide "Configuring Aurora MySQL binary logging";
     * Aurora PostgreSQL rds.logical_replication 0, "Setting up logical replication for your Aurora PostgreSQL DB cluster").
     */
    public static String restoredValue(String engine, String valueBefore) {
        if (valueBefore != null) {
            return valueBefore;
        }
        return EngineVersion.MYSQL.equals(engine) ? "OFF" : "0";
    }

    /**
     * minCapacity 0 on a cluster whose replication setting keeps its writer from pausing (Aurora User Guide, "Scaling
     * to Zero ACUs with automatic pause and resume", prerequisites and limitations: binary log replication or logical
     * replication keeps an instance from pausing): when it will not pause, and until when.
     */
    public static String autoPauseNotice(String id, String engine, boolean turnedOnByRun, boolean restores,
                                         boolean allowWriterReboot, String where) {
        String parameter = BlueGreenRules.replicationParameter(engine);
        String head = "minCapacity 0: '" + id + "' ";
        String tail = " (" + where + ")";
        if (!turnedOnByRun) {
            return head + "will not pause: " + parameter + " is on in its parameter group and stays on after the upgrade"
                    + tail;
        }
        if (!restores) {
            return head + "will not pause after the upgrade: " + parameter + " is turned on for Blue/Green and kept "
                    + "(restoreReplicationSettings: true puts it back)" + tail;
        }
        return head + "does not pause until the restored " + parameter + " applies at its writer's reboot"
                + (allowWriterReboot ? ", which this run does right after the switchover"
                    : ": allowWriterReboot is false, so at the next reboot you make") + tail;
    }

    /** Aurora: one writer and up to 15 replicas per cluster. */
    static final int MAX_SERVERLESS_GREEN_INSTANCES = 15;

    /** What a minor upgrade of blue in place does to its clients (Aurora User Guide, "Upgrading Aurora MySQL by modifying the engine version"). */
    static final String MINOR_UPGRADE_INTERRUPTION = "which restarts its instances: an interruption of its own before "
            + "the switchover (zero-downtime patching, where the engine applies it, may keep connections open)";

    /**
     * The minor version blue must reach before RDS can create green at the target, or null when the path is direct.
     * Refused unless the input allows it: it interrupts blue, and it cannot be undone.
     */
    public static String minorUpgradeFirst(String id, EngineVersion current, EngineVersion target,
                                    EngineVersionCatalog.UpgradePath path, boolean allowed) {
        if (path.direct()) {
            return null;
        }
        if (!allowed) {
            throw new UnsupportedEngineVersionException("RDS has no direct upgrade from " + current + " to " + target
                    + "; it has one from " + path.minorUpgradeFirst() + ", a minor upgrade of '" + id + "'s own major. Set "
                    + "allowMinorUpgradeFirst to true to let this run upgrade it to " + path.minorUpgradeFirst()
                    + " in place first (" + MINOR_UPGRADE_INTERRUPTION + "), upgrade it yourself in a maintenance "
                    + "window, or choose a target RDS reaches directly. Nothing was changed");
        }
        return path.minorUpgradeFirst();
    }

    /** True when this run's deployment already exists; a conflict when another deployment uses this source. */
    private boolean checkExistingDeployments(DBCluster cluster, String deploymentName) {
        boolean resumed = false;
        for (BlueGreenDeployment d : lookup.blueGreenBySource(cluster.dbClusterArn())) {
            boolean ours = deploymentName.equals(d.blueGreenDeploymentName())
                    && OwnershipTags.ownedBy(d.tagList(), cluster.dbClusterIdentifier());
            if (!ours) {
                throw new ResourceConflictException("Blue/Green deployment '" + d.blueGreenDeploymentName() + "' ("
                        + d.status() + ") already exists on cluster '" + cluster.dbClusterIdentifier()
                        + "'; finish or delete it first");
            }
            resumed = true;
        }
        return resumed;
    }

    private List<String> clustersUsing(String group, String except) {
        return rds.describeDBClustersPaginator().dbClusters().stream()
                .filter(c -> group.equals(c.dbClusterParameterGroup()) && !except.equals(c.dbClusterIdentifier()))
                .map(DBCluster::dbClusterIdentifier).toList();
    }
}
