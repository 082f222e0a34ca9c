package dev.auroraupgrade.inplace;

import dev.auroraupgrade.bluegreen.BlueGreenInput;
import dev.auroraupgrade.bluegreen.BlueGreenPlan;
import dev.auroraupgrade.bluegreen.OldBlue;
import dev.auroraupgrade.bluegreen.PreflightBlueGreen;
import dev.auroraupgrade.bluegreen.ServerlessGreen;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.common.Settings;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.errors.SourceNotAvailableException;
import dev.auroraupgrade.errors.SourceNotSupportedException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.rds.BlueGreenRules;
import dev.auroraupgrade.rds.CapacityHistory;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.EngineVersionCatalog;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.InstanceMonitoring;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.rds.ServerlessV2Capacity;
import dev.auroraupgrade.rds.ServerlessV2Rules;
import dev.auroraupgrade.workflow.PollSettings;
import dev.auroraupgrade.workflow.WorkflowBounds;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.Preflight;
import dev.auroraupgrade.workflow.WorkflowKind;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * In-place step 1: validates the input and the cluster, decides versions, capacity and instance names, reads
 * the engine lifecycle, and runs every Blue/Green check the nested execution would run, so that nothing changes
 * (not even an irreversible engine mode conversion) before all of them passed. It only reads.
 */
public class PreflightInPlace extends Preflight<InPlaceInput, InPlacePlan> {
    static final String WORKFLOW = "serverless-v2-in-place";
    /** Aurora: one writer and up to 15 replicas per cluster. */
    static final int MAX_SERVERLESS_INSTANCES = 15;
    /** Aurora User Guide, quotas: one writer and up to 15 Aurora Replicas per cluster. */
    static final int MAX_INSTANCES_PER_CLUSTER = 16;
    private static final Logger LOG = LoggerFactory.getLogger(PreflightInPlace.class);

    private final RdsClient rds;
    private final CloudWatchClient cloudWatch;
    private final RdsLookup lookup;
    private final EngineVersionCatalog catalog;
    private final PreflightBlueGreen blueGreen;
    private final Clock clock;

    public PreflightInPlace() {
        this(AwsClients.rds(), AwsClients.cloudWatch(), AwsClients.ssm());
    }

    public PreflightInPlace(RdsClient rds, CloudWatchClient cloudWatch) {
        this(rds, cloudWatch, null, Clock.systemUTC());
    }

    /** With the SSM client that reads the cluster's last rehearsal (the nested Blue/Green's checks use it). */
    public PreflightInPlace(RdsClient rds, CloudWatchClient cloudWatch, software.amazon.awssdk.services.ssm.SsmClient ssm) {
        this(rds, cloudWatch, ssm, Clock.systemUTC());
    }

    PreflightInPlace(RdsClient rds, CloudWatchClient cloudWatch, software.amazon.awssdk.services.ssm.SsmClient ssm, Clock clock) {
        super(InPlaceInput.class, WorkflowKind.IN_PLACE);
        this.rds = rds;
        this.cloudWatch = cloudWatch;
        this.lookup = new RdsLookup(rds);
        this.catalog = new EngineVersionCatalog(rds);
        this.blueGreen = new PreflightBlueGreen(rds, cloudWatch, ssm);
        this.clock = clock;
    }

    @Override
    protected PlanReport.Effects effects(InPlacePlan p) {
        String id = p.clusterIdentifier();
        List<String> create = new ArrayList<>();
        List<String> change = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        List<String> failover = new ArrayList<>();
        List<String> loses = new ArrayList<>();
        if (p.convertEngineMode()) {
            change.add("cluster " + id + ": engine mode serverless -> provisioned (irreversible; AWS snapshots first and "
                    + "adds a " + p.conversionInstanceClass() + " writer)");
        }
        if (p.engineUpgrade()) {
            create.add("nested Blue/Green execution " + p.blueGreenExecutionName() + " (its deployment, green and "
                    + "parameter groups: run the Blue/Green workflow with dryRun for its own plan)");
            change.add("cluster " + id + ": engine " + p.currentEngineVersion() + " -> " + p.targetEngineVersion()
                    + " at the Blue/Green switchover; endpoints kept");
            loses.add(OldBlue.fate(id, p.blueGreenInput() == null ? null : p.blueGreenInput().retireOldBlueAfterHours()));
        }
        change.add("cluster " + id + ": Serverless v2 capacity " + p.minCapacity() + "-" + p.maxCapacity() + " ACU");
        p.serverlessInstances().forEach(i -> create.add("db.serverless instance " + i + " (reader, tagged)"));
        boolean inGreen = inGreen(p);
        if (p.failoverTarget() != null) {
            failover.add(inGreen ? "green of " + id + " (before the switchover, serving no clients): fails over to "
                    + p.failoverTarget() + "; the live cluster does not fail over" : "cluster " + id + ": fails over to "
                    + p.failoverTarget());
        }
        if (!p.keepProvisionedInstances()) {
            // In green, before the switchover: green's copy goes; the instance itself stays in old blue.
            p.provisionedInstances().forEach(i -> delete.add(inGreen(p) ? "green's copy of provisioned instance " + i
                    + " (before the switchover; " + i + " itself stays in " + OldBlue.planned(id) + ")"
                    : "provisioned instance " + i));
            if (p.convertEngineMode()) {
                delete.add("the provisioned writer AWS adds on conversion");
            }
        }
        String interruption = inGreen ? "the Blue/Green switchover only (green moves to db.serverless before it)"
                : p.engineUpgrade() && p.failoverTarget() != null ? "the Blue/Green switchover, then one failover"
                : p.engineUpgrade() ? "the Blue/Green switchover" : p.failoverTarget() != null ? "one failover" : "none";
        if (Boolean.TRUE.equals(p.rebootAfterSwitchover())) {
            String reboot = ", then the writer's reboot that applies the restored replication setting";
            interruption = inGreen ? "the Blue/Green switchover (green moves to db.serverless before it)" + reboot
                    : "the Blue/Green switchover" + reboot + (p.failoverTarget() != null ? ", then one failover" : "");
            failover.add("cluster " + id + ": its writer is rebooted once after the switchover to apply the replication "
                    + "setting the nested Blue/Green puts back (restoreReplicationSettings)");
        }
        if (p.minorUpgradeFirst() != null) {
            interruption = "the restart of the minor upgrade to " + p.minorUpgradeFirst() + ", then " + interruption;
            change.add("cluster " + id + ": engine " + p.currentEngineVersion() + " -> " + p.minorUpgradeFirst()
                    + " first, in place, by the nested Blue/Green execution (a minor upgrade that restarts its instances)");
        }
        List<DBInstance> members = lookup.clusterInstances(id);
        List<ExtendedSupportCost.Billed> now = CapacityHistory.measured(cloudWatch, members, Instant.now(clock));
        // After: the db.serverless instances it has (as measured), those it adds (not running yet, so not measured),
        // and the provisioned ones it keeps.
        List<ExtendedSupportCost.Billed> after = new ArrayList<>();
        now.stream().filter(b -> InstanceClasses.SERVERLESS.equals(b.instanceClass()))
                .filter(b -> !p.serverlessInstances().contains(b.instance())).forEach(after::add);
        p.serverlessInstances().forEach(i -> after.add(now.stream().filter(b -> i.equals(b.instance())).findFirst()
                .orElse(new ExtendedSupportCost.Billed(i, InstanceClasses.SERVERLESS, null, "added by this run, so no "
                        + "measured capacity yet (it runs " + p.minCapacity() + "-" + p.maxCapacity() + " ACU)"))));
        if (p.keepProvisionedInstances()) {
            now.stream().filter(b -> !InstanceClasses.SERVERLESS.equals(b.instanceClass())).forEach(after::add);
        }
        // The old blue the nested Blue/Green leaves keeps the instances blue has at its switchover, at the old major:
        // the provisioned ones (db.serverless readers are added after it), or the writer the conversion adds.
        List<ExtendedSupportCost.Billed> oldBlue = !p.engineUpgrade() ? null : p.convertEngineMode()
                ? List.of(ExtendedSupportCost.Billed.provisioned(null, p.conversionInstanceClass()))
                : now.stream().filter(b -> !p.serverlessInstances().contains(b.instance())).toList();
        Integer retire = p.engineUpgrade() && p.blueGreenInput() != null ? p.blueGreenInput().retireOldBlueAfterHours() : null;
        if (retire != null) {
            delete.add(OldBlue.planned(id) + " and its instances, " + retire + " h after the switchover "
                    + "(retireOldBlueAfterHours, by the nested Blue/Green), once its final snapshot is available (kept)");
        }
        var cost = ExtendedSupportCost.estimate(p.lifecycleBefore(), p.lifecycleAfter(), now, after, oldBlue, retire,
                LocalDate.now(clock), dev.auroraupgrade.rds.ExtendedSupportPrices.orTable(p.extendedSupportPrices()));
        return new PlanReport.Effects(id, p.currentEngineVersion(), p.targetEngineVersion(), p.engineVersionSource(),
                p.endpoint(), interruption, p.minCapacity(), p.maxCapacity(), cost, create, change, delete, failover, loses,
                List.of(), p.notices(), p.shapeBefore() == null ? dev.auroraupgrade.iac.IacFollowUp.unknown(id)
                        : dev.auroraupgrade.iac.IacFollowUp.diff(p.shapeBefore(), p.shapeExpected(), true, !p.engineUpgrade()
                        ? List.of() : List.of(OldBlue.iacNote(id, OldBlue.planned(id), retire == null ? null
                        : retire + " h after the switchover"))));
    }

    /** A refused cluster's standing in a dry run, read as the nested Blue/Green's pre-flight reads it. */
    @Override
    public dev.auroraupgrade.workflow.PlanReport.Standing standingOfRefused(String clusterIdentifier,
                                                                           com.fasterxml.jackson.databind.JsonNode reads) {
        return blueGreen.standingOfRefused(clusterIdentifier, reads);
    }

    @Override
    protected InPlacePlan plan(InPlaceInput in, String executionName, Instant started) {
        return plan(in, executionName, started, null);
    }

    /** With the state machine's reads: the Price List's Extended Support rates (or why the table prices instead). */
    @Override
    protected InPlacePlan plan(InPlaceInput in, String executionName, Instant started,
                               com.fasterxml.jackson.databind.JsonNode reads) {
        String id = RdsNames.clusterIdentifier("clusterIdentifier", in.clusterIdentifier());
        PollSettings poll = PollSettings.from(in, PollSettings.MIGRATION_DEFAULTS);
        Integer count = in.serverlessInstanceCount() == null ? null
                : InputRules.bounded("serverlessInstanceCount", in.serverlessInstanceCount(), 1, 1, MAX_SERVERLESS_INSTANCES);
        List<String> notices = new ArrayList<>();
        if (in.switchoverPolicy() != null && BlueGreenPlan.NONE.equalsIgnoreCase(in.switchoverPolicy())) {
            // NONE stops the Blue/Green child with green ready and blue still serving: the compute move must not
            // then run on the old cluster.
            throw new InvalidInputException("switchoverPolicy", "= NONE stops before the switchover; the in-place "
                    + "route needs AUTO or APPROVAL (use the Blue/Green workflow alone to stage green)");
        }

        DBCluster cluster = lookup.cluster(id).orElseThrow(() -> new SourceClusterNotFoundException(
                "cluster '" + id + "' does not exist in this account and region"));
        String engine = cluster.engine();
        if (!EngineVersion.MYSQL.equals(engine) && !EngineVersion.POSTGRESQL.equals(engine)) {
            throw new SourceNotSupportedException("cluster '" + id + "' runs engine '" + engine
                    + "'; only aurora-mysql and aurora-postgresql clusters are supported");
        }
        if (!ResourceStatus.isAvailable(cluster.status())) {
            throw new SourceNotAvailableException("cluster '" + id + "' is '" + cluster.status() + "'; it must be 'available'");
        }
        dev.auroraupgrade.rds.ClusterNeighbours.globalDatabase(rds, cluster).ifPresent(global -> {
            throw new SourceNotSupportedException("cluster '" + id + "' is a member of the Aurora Global Database '"
                    + global + "': the in-place route changes one Region's cluster (its failover and instance removals "
                    + "would leave the other Regions as they were); this tool does not move global members");
        });
        List<String> proxies = dev.auroraupgrade.rds.ClusterNeighbours.proxies(rds, id);
        boolean v1 = EngineModes.SERVERLESS_V1.equals(cluster.engineMode());
        boolean consent = Boolean.TRUE.equals(in.allowEngineModeConversion());
        if (v1 && !consent) {
            throw new InvalidInputException("allowEngineModeConversion", "is not true, but '" + id + "' is Aurora "
                    + "Serverless v1: this route first converts it to provisioned in place, which cannot be undone (AWS "
                    + "takes a snapshot first). Set allowEngineModeConversion to true, or use the migration workflow "
                    + "(snapshot and restore: a new cluster and endpoint, the source untouched)");
        }
        if (!v1 && !EngineModes.PROVISIONED.equals(cluster.engineMode())) {
            throw new SourceNotSupportedException("cluster '" + id + "' has engine mode '" + cluster.engineMode()
                    + "'; the in-place route takes provisioned and Serverless v1 clusters");
        }
        if (v1) {
            notices.add("'" + id + "' is Aurora Serverless v1: it is converted to provisioned in place first (AWS takes a "
                    + "snapshot and adds a provisioned writer, which is then replaced by db.serverless)");
        } else if (consent) {
            notices.add("allowEngineModeConversion has no effect: '" + id + "' is already provisioned");
        }

        EngineVersion current = EngineVersion.parse("cluster engine version", engine, cluster.engineVersion());
        EngineVersion target = in.targetEngineVersion() == null ? current
                : EngineVersion.parse("targetEngineVersion", engine, in.targetEngineVersion());
        // Serverless v2 support, maximum ACU and auto-pause as RDS lists them for the target (built-in rules only
        // where the endpoint does not implement DescribeDBEngineVersions).
        EngineVersionCatalog.Features features = catalog.serverlessV2Features(target);
        if (!features.supported()) {
            String why = " does not support Serverless v2 (" + features.source() + "; the built-in rules need "
                    + ServerlessV2Rules.SERVERLESS_V2.describe() + ")";
            if (in.targetEngineVersion() == null) {
                throw new InvalidInputException("targetEngineVersion", "is required: " + current + why);
            }
            throw new UnsupportedEngineVersionException("targetEngineVersion " + target + why);
        }
        catalog.requireServerlessOrderable("targetEngineVersion", target, features, notices);
        boolean upgrade = !target.equals(current);
        String versionSource = upgrade ? checkReachable(id, current, target, Boolean.TRUE.equals(in.allowMinorUpgradeFirst()))
                : "the cluster's own version";

        List<DBInstance> members = lookup.clusterInstances(id);
        List<String> provisioned = members.stream().filter(i -> !InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .map(DBInstance::dbInstanceIdentifier).sorted().toList();
        CapacityHistory history = in.minCapacity() != null && in.maxCapacity() != null ? null
                : CapacityHistory.recommend(cloudWatch, cluster, members, Instant.now());
        ServerlessV2Capacity capacity = ServerlessV2Capacity.decide(in.minCapacity(), in.maxCapacity(),
                in.secondsUntilAutoPause(), defaultMaxCapacity(cluster, members), liveMaxCapacity(cluster), history,
                features.maxCapacity(), features.autoPauseSupported(), target.raw(), notices);
        // One per provisioned instance; a re-run after some were removed still counts the ones it added.
        long added = members.stream().filter(i -> InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .filter(i -> OwnershipTags.ownedBy(i.tagList(), id)).count();
        String writerId = RdsLookup.writerOf(cluster);
        boolean serverlessWriter = members.stream().anyMatch(i -> i.dbInstanceIdentifier().equals(writerId)
                && InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()));
        // A writer already on db.serverless needs no new reader to fail over to.
        int n = count != null ? count : serverlessWriter ? (int) added
                : (int) Math.max(1, Math.max(provisioned.size(), added));
        if (members.size() + (n - added) > MAX_INSTANCES_PER_CLUSTER) {
            throw new InvalidInputException("serverlessInstanceCount", "= " + n + " would give '" + id + "' "
                    + (members.size() + n - added) + " instances; an Aurora cluster has at most " + MAX_INSTANCES_PER_CLUSTER
                    + " (a writer and 15 readers). Ask for fewer, or remove readers first");
        }
        List<String> serverless = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            String name = RdsNames.serverlessInstance(id, k);
            lookup.instance(name).ifPresent(i -> {
                // Before the switchover, the nested Blue/Green has it in green (moving green to db.serverless).
                boolean inGreen = lookup.blueGreenBySource(cluster.dbClusterArn()).stream().anyMatch(d -> d.target() != null
                        && d.target().endsWith(":cluster:" + i.dbClusterIdentifier()));
                if (!(id.equals(i.dbClusterIdentifier()) || inGreen) || !OwnershipTags.ownedBy(i.tagList(), id)) {
                    throw new ResourceConflictException("DB instance '" + name + "' already exists and was not added to '"
                            + id + "' by this tool; rename or delete it first");
                }
            });
            serverless.add(name);
        }

        BlueGreenInput blueGreenInput = null;
        String childName = null;
        String minorFirst = null;
        int childTimeout = 0;
        dev.auroraupgrade.bluegreen.BlueGreenPlan nestedPlan = null;
        if (upgrade) {
            blueGreenInput = new BlueGreenInput(id, target.raw(), in.targetDBClusterParameterGroupName(),
                    in.switchoverPolicy(), in.switchoverTimeoutSeconds(), in.allowWriterReboot(), in.allowMinorUpgradeFirst(), in.acceptGreenWithoutBacktrack(), in.maxReplicaLagSeconds(),
                    in.acceptUncheckedReplicaLag(), in.postgresDatabaseCount(), in.approvalTimeoutSeconds(),
                    in.pollIntervalSeconds(), in.minPollSeconds(), in.maxPollSeconds(), in.maxPollAttempts(),
                    in.maxWaitSeconds(), serverlessGreen(serverless, capacity, keepProvisioned(in)), in.ignoreFailedRehearsal(),
                    in.retireOldBlueAfterHours(), in.restoreReplicationSettings());
            childName = RdsNames.blueGreenDeployment(id, target.raw());
            // Every blocker the nested Blue/Green execution would find, found now, before any change.
            var bluePlan = blueGreen.plan(blueGreenInput, childName, started, v1);
            nestedPlan = bluePlan;
            // The proxy notice is this route's own (below), which knows where the failover happens.
            bluePlan.notices().stream().filter(x -> !x.startsWith(PROXY_NOTICE))
                    .forEach(x -> notices.add("Blue/Green: " + x));
            minorFirst = bluePlan.minorUpgradeFirst();
            if (bluePlan.mayRebootBlueWriter()) {
                notices.add("an interruption before the switchover: the nested Blue/Green reboots the live writer "
                        + bluePlan.writerInstanceIdentifier() + " once if " + bluePlan.replicationParameter() + " is not "
                        + "applied after blue's group change (allowWriterReboot); the switchover is then the only other");
            }
            // The nested run would refuse it too, but only after this route's irreversible conversion.
            blueGreen.refuseBlocked(bluePlan);
            // Never shorter than the child's own worst case: stopped at a timeout, it would run no Catch.
            childTimeout = WorkflowBounds.parentTimeout(WorkflowBounds.blueGreenSeconds(bluePlan.polling(),
                    bluePlan.approvalTimeoutSeconds(), bluePlan.switchoverTimeoutSeconds(), bluePlan.retireOldBlueAfterHours()));
        } else if (in.switchoverPolicy() != null || in.targetDBClusterParameterGroupName() != null
                || in.retireOldBlueAfterHours() != null || in.restoreReplicationSettings() != null) {
            notices.add("no engine version change: the Blue/Green fields are not used; only the compute moves");
        }

        if (!proxies.isEmpty()) {
            String nested = nestedPlan == null ? null : nestedPlan.notices().stream().filter(x -> x.startsWith(PROXY_NOTICE))
                    .findFirst().orElse(null);
            if (nested == null) {
                notices.add(PROXY_NOTICE + String.join(", ", proxies) + " routes to '" + id + "': it follows the writer "
                        + "through the failover to db.serverless, and its connections drop once there");
            } else if (nestedPlan.serverlessGreen() != null) {
                notices.add(nested + "; green moves to db.serverless before the switchover, where the proxy does not "
                        + "route: the switchover is its only drop");
            } else {
                notices.add(nested + (serverless.isEmpty() ? "" : "; then it follows the writer through the failover to "
                        + "db.serverless, and its connections drop again there"));
            }
        }
        LocalDate today = LocalDate.now(clock);
        String setting = cluster.engineLifecycleSupport();
        EngineLifecycle before = EngineLifecycle.of(rds, current, setting, today);
        EngineLifecycle after = upgrade ? EngineLifecycle.of(rds, target, setting, today) : before;
        notices.add("lifecycle now: " + before.describe());
        if (Boolean.TRUE.equals(before.inExtendedSupport()) && Boolean.FALSE.equals(after.inExtendedSupport())) {
            notices.add("this run takes '" + id + "' out of RDS Extended Support: its charges stop when the upgrade to "
                    + target + " completes (" + after.describe() + ")");
        } else if (Boolean.TRUE.equals(after.inExtendedSupport())) {
            notices.add(target + " is itself in RDS Extended Support: the charges continue after this run");
        }
        if (capacity.min() == 0.0 && nestedPlan == null
                && BlueGreenRules.replicationOn(lookup, engine, cluster.dbClusterParameterGroup())) {
            notices.add("minCapacity 0: '" + id + "' will not pause, " + BlueGreenRules.replicationParameter(engine)
                    + " is on in its parameter group (" + BlueGreenRules.replicationCost(engine) + ")");
        } else if (capacity.min() == 0.0 && nestedPlan != null
                && nestedPlan.notices().stream().noneMatch(x -> x.startsWith("minCapacity 0"))) {
            // Unless the nested plan says it already (serverlessGreen, or a range at 0 now), among its notices above.
            notices.add(dev.auroraupgrade.bluegreen.PreflightBlueGreen.autoPauseNotice(id, engine,
                    nestedPlan.turnsReplicationOn(), nestedPlan.restoresReplication()
                            && nestedPlan.turnsReplicationOn() && nestedPlan.replicationRestoreRefusal() == null,
                    nestedPlan.allowWriterReboot(), "minCapacity") + " (" + BlueGreenRules.replicationCost(engine) + ")");
        }
        boolean keep = Boolean.TRUE.equals(in.keepProvisionedInstances());
        if (!serverless.isEmpty() && writerId != null) {
            String note = InstanceMonitoring.of(lookup.instance(writerId).orElse(null),
                    Settings.get(InstanceMonitoring.PASSABLE_ROLE_SETTING)).note();
            if (note != null) {
                notices.add(note);
            }
        }
        // The conversion's writer: the class AWS's own table gives v1's maximum capacity (Aurora User Guide,
        // "Converting an Aurora Serverless v1 DB cluster to provisioned"); it is removed after the failover.
        String conversionClass = v1 ? InstanceClasses.forV1Capacity(defaultMaxCapacity(cluster, members)) : null;
        if (conversionClass != null) {
            notices.add("the conversion adds a provisioned " + conversionClass + " writer (from v1's maximum capacity); "
                    + (keep ? "it is kept (keepProvisionedInstances)" : "it is removed after the failover"));
        }
        // At its peak the route holds old blue's instances, green's copies of them, and the db.serverless ones it adds.
        int adding = (int) (serverless.size() - added) + (v1 ? 1 : 0);
        int greenCopies = upgrade ? Math.max(v1 ? 1 : 0, members.size()) : 0;
        String unchecked = dev.auroraupgrade.rds.AccountQuotas.requireRoom(rds, upgrade ? 1 : 0, adding + greenCopies,
                "this route adds " + adding + " instance(s)" + (upgrade ? ", and its Blue/Green a green cluster with "
                    + greenCopies + " instance(s) while old blue keeps its own" : ""));
        if (unchecked != null) {
            notices.add(unchecked);
        }
        LOG.info("in-place pre-flight passed: {} {} {} -> {} upgrade={} convert={} serverless={} keep={}", id,
                cluster.engineMode(), current, target, upgrade, v1, serverless, keep);
        var shape = dev.auroraupgrade.iac.ClusterShape.of(cluster, members);
        return new InPlacePlan(id, cluster.dbClusterArn(), cluster.endpoint(), cluster.readerEndpoint(), engine,
                cluster.engineMode(), v1, conversionClass, current.raw(), target.raw(), versionSource, upgrade, minorFirst, blueGreenInput, childName,
                childName == null ? null : RdsNames.retryExecution(childName, executionName), childTimeout,
                capacity.min(), capacity.max(), capacity.secondsUntilAutoPause(), provisioned, List.copyOf(serverless),
                serverless.isEmpty() ? null : serverless.get(0), keep, before, after, poll, executionName,
                List.copyOf(notices), shape, expectedShape(shape, nestedPlan, target.raw(), v1, capacity, serverless, keep),
                dev.auroraupgrade.rds.ExtendedSupportPrices.fromReads(reads, dev.auroraupgrade.rds.ExtendedSupportPrices
                        .functionRegion(), LocalDate.now(clock).toString()), started.toString(), Instant.now().toString(),
                nestedPlan != null && dev.auroraupgrade.bluegreen.PreflightBlueGreen.willRestore(nestedPlan)
                        && nestedPlan.allowWriterReboot(), nestedPlan == null ? null : nestedPlan.lastRehearsal(), null);
    }

    /**
     * What the run would make of the cluster: the nested Blue/Green's version and groups (green keeps blue's
     * replication group unless a target group is named), provisioned mode after a conversion, the capacity range, the
     * db.serverless instances (the writer's group, as AddServerlessInstances gives them) and, unless kept, no
     * provisioned one. The writer a v1 conversion adds is named by AWS: a kept one cannot be listed ahead.
     */
    static dev.auroraupgrade.iac.ClusterShape expectedShape(dev.auroraupgrade.iac.ClusterShape before,
                                                           dev.auroraupgrade.bluegreen.BlueGreenPlan nested, String target,
                                                           boolean convert, ServerlessV2Capacity capacity,
                                                           List<String> serverless, boolean keep) {
        String instanceGroup = nested != null && nested.targetInstanceParameterGroup() != null
                ? nested.targetInstanceParameterGroup() : null;
        String writerGroup = instanceGroup != null ? instanceGroup : before.instances().stream()
                .map(dev.auroraupgrade.iac.ClusterShape.Instance::parameterGroup).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        List<dev.auroraupgrade.iac.ClusterShape.Instance> instances = new ArrayList<>();
        for (var i : before.instances()) {
            boolean isServerless = InstanceClasses.SERVERLESS.equals(i.instanceClass());
            if (keep || isServerless || serverless.contains(i.instanceIdentifier())) {
                instances.add(new dev.auroraupgrade.iac.ClusterShape.Instance(i.instanceIdentifier(), i.instanceClass(),
                        instanceGroup != null ? instanceGroup : i.parameterGroup(), i.stackName(), i.logicalId()));
            }
        }
        serverless.stream().filter(s -> instances.stream().noneMatch(i -> i.instanceIdentifier().equals(s)))
                .forEach(s -> instances.add(new dev.auroraupgrade.iac.ClusterShape.Instance(s, InstanceClasses.SERVERLESS,
                        writerGroup, null, null)));
        String clusterGroup = nested == null ? null : nested.targetParameterGroup() != null ? nested.targetParameterGroup()
                : nested.replicationParameterGroup();
        return before.planned(nested == null ? null : target, convert ? EngineModes.PROVISIONED : null, clusterGroup,
                capacity.min(), capacity.max(), capacity.secondsUntilAutoPause()).withInstances(instances);
    }

    /**
     * One interruption: green moves to Serverless v2 inside the nested Blue/Green, before its switchover (Aurora User
     * Guide, Blue/Green: instances added to green are retained and become production's; AWS Knowledge Center
     * aurora-mysql-cluster-migration: add a db.serverless reader to green, fail over within green, delete green's
     * provisioned instance, switch over). The compute steps after it then find everything done. Null when there is
     * nothing to move (the writer already db.serverless).
     */
    /** How every proxy notice begins (BlueGreenLimitations' and this route's). */
    static final String PROXY_NOTICE = "RDS Proxy ";

    static ServerlessGreen serverlessGreen(List<String> serverless, ServerlessV2Capacity capacity, boolean keep) {
        return serverless.isEmpty() ? null : new ServerlessGreen(capacity.min(), capacity.max(),
                capacity.secondsUntilAutoPause(), List.copyOf(serverless), keep);
    }

    /** Whether the plan moves the compute inside green (one interruption). */
    private static boolean inGreen(InPlacePlan p) {
        return p.engineUpgrade() && p.blueGreenInput() != null && p.blueGreenInput().serverlessGreen() != null;
    }

    private static boolean keepProvisioned(InPlaceInput in) {
        return Boolean.TRUE.equals(in.keepProvisionedInstances());
    }

    /**
     * Where RDS says the target is reached from. A path through a minor upgrade first is refused, with the hop named,
     * unless the input allows it (the nested Blue/Green execution then makes it); nothing changes before this is known.
     */
    private String checkReachable(String id, EngineVersion current, EngineVersion target, boolean allowMinorFirst) {
        EngineVersionCatalog.UpgradePath path = catalog.upgradePath(current, target);
        PreflightBlueGreen.minorUpgradeFirst(id, current, target, path, allowMinorFirst);
        return path.source();
    }

    /** The maximum the live cluster scales to now (its Serverless v2 or v1 range), or null when it has none. */
    private static Double liveMaxCapacity(DBCluster cluster) {
        if (cluster.serverlessV2ScalingConfiguration() != null && cluster.serverlessV2ScalingConfiguration().maxCapacity() != null) {
            return cluster.serverlessV2ScalingConfiguration().maxCapacity();
        }
        return cluster.scalingConfigurationInfo() == null ? null : cluster.scalingConfigurationInfo().maxCapacity() == null
                ? null : cluster.scalingConfigurationInfo().maxCapacity().doubleValue();
    }

    /** The v1 maximum capacity, or what the provisioned writer's class stands for; 16 ACU when neither says. */
    private static double defaultMaxCapacity(DBCluster cluster, List<DBInstance> members) {
        if (cluster.serverlessV2ScalingConfiguration() != null && cluster.serverlessV2ScalingConfiguration().maxCapacity() != null) {
            return cluster.serverlessV2ScalingConfiguration().maxCapacity();
        }
        if (cluster.scalingConfigurationInfo() != null && cluster.scalingConfigurationInfo().maxCapacity() != null) {
            return cluster.scalingConfigurationInfo().maxCapacity();
        }
        String writer = RdsLookup.writerOf(cluster);
        Double equivalent = members.stream().filter(i -> i.dbInstanceIdentifier().equals(writer)).findFirst()
                .map(i -> InstanceClasses.v1CapacityFor(i.dbInstanceClass())).orElse(null);
        return equivalent == null ? 16 : equivalent;
    }
}
