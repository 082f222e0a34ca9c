package dev.auroraupgrade.migration;

import java.time.LocalDate;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.errors.SourceNotAvailableException;
import dev.auroraupgrade.errors.SourceNotSupportedException;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import dev.auroraupgrade.rds.CapacityHistory;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.EngineVersionCatalog;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.ParameterGroups;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.rds.ServerlessV2Capacity;
import dev.auroraupgrade.workflow.PollSettings;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.Preflight;
import dev.auroraupgrade.workflow.WorkflowKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Step 1: validates the input and the source, decides every name, version and capacity, and detects a
 * resumable earlier run. It only reads: nothing in AWS changes until it has passed.
 */
public class PreflightMigration extends Preflight<MigrationInput, MigrationPlan> {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightMigration.class);
    static final String WORKFLOW = "migrate-serverless-v1-to-v2";
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+");

    private final RdsClient rds;
    private final CloudWatchClient cloudWatch;
    private final RdsLookup lookup;
    private final EngineVersionCatalog catalog;
    private final SsmClient ssm;

    public PreflightMigration() {
        this(AwsClients.rds(), AwsClients.cloudWatch(), AwsClients.ssm());
    }

    /** Without Parameter Store: the plan reads no last rehearsal. */
    public PreflightMigration(RdsClient rds, CloudWatchClient cloudWatch) {
        this(rds, cloudWatch, null);
    }

    public PreflightMigration(RdsClient rds, CloudWatchClient cloudWatch, SsmClient ssm) {
        super(MigrationInput.class, WorkflowKind.MIGRATE);
        this.ssm = ssm;
        this.rds = rds;
        this.cloudWatch = cloudWatch;
        this.lookup = new RdsLookup(rds);
        this.catalog = new EngineVersionCatalog(rds);
    }

    @Override
    protected PlanReport.Effects effects(MigrationPlan p) {
        String target = p.targetClusterIdentifier();
        List<String> create = new ArrayList<>();
        create.add("cluster snapshot " + p.snapshotIdentifier() + " of " + p.sourceClusterIdentifier());
        if (p.createTargetClusterParameterGroup()) {
            create.add("cluster parameter group " + p.dbClusterParameterGroupName() + " (the source's custom settings, target family)");
        }
        if (p.createTargetInstanceParameterGroup()) {
            create.add("DB parameter group " + p.dbInstanceParameterGroupName());
        }
        create.add("cluster " + target + ", restored from the snapshot as provisioned at " + p.restoreEngineVersion()
                + (p.deletionProtection() ? ", deletion protection on" : ""));
        create.add("writer instance " + p.writerInstanceIdentifier() + " (" + p.provisionedInstanceClass() + ", then db.serverless)");
        List<String> change = new ArrayList<>();
        if (!p.restoreEngineVersion().equals(p.targetEngineVersion())) {
            change.add("cluster " + target + ": engine " + p.restoreEngineVersion() + " -> " + p.targetEngineVersion()
                    + (p.majorVersionUpgrade() ? " (major version upgrade)" : ""));
        }
        change.add("cluster " + target + ": Serverless v2 capacity " + p.minCapacity() + "-" + p.maxCapacity() + " ACU");
        change.add("instance " + p.writerInstanceIdentifier() + ": " + p.provisionedInstanceClass() + " -> db.serverless");
        DBCluster src = lookup.cluster(p.sourceClusterIdentifier()).orElse(null);
        String setting = src == null ? null : src.engineLifecycleSupport();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        var cost = ExtendedSupportCost.estimate(
                EngineLifecycle.of(rds, EngineVersion.parse("source", p.engine(), p.sourceEngineVersion()), setting, today),
                EngineLifecycle.of(rds, EngineVersion.parse("target", p.engine(), p.targetEngineVersion()), null, today),
                lookup.clusterInstances(p.sourceClusterIdentifier()).stream().map(DBInstance::dbInstanceClass).toList(),
                List.of(InstanceClasses.SERVERLESS), today,
                dev.auroraupgrade.rds.ExtendedSupportPrices.orTable(p.extendedSupportPrices()));
        return new PlanReport.Effects(p.sourceClusterIdentifier(), p.sourceEngineVersion(), p.targetEngineVersion(),
                p.engineVersionSource(), null, "offline from the snapshot to your cut-over: the source keeps serving and "
                        + "is never changed, but writes made after the snapshot are not in '" + target + "'; applications "
                        + "move to the new endpoint of '" + target + "'", p.minCapacity(), p.maxCapacity(), cost, create, change,
                List.of(), List.of("instance " + p.writerInstanceIdentifier() + " (new, before any traffic): restarted by "
                        + "its class change"), List.of("the endpoint: '" + target + "' is a new cluster with new DNS names",
                        "what a snapshot restore does not copy: re-create the source's IAM role associations, custom "
                                + "endpoints, event subscriptions and alarms on '" + target + "'"),
                List.of(), p.notices(), p.sourceShape() == null ? dev.auroraupgrade.iac.IacFollowUp.unknown(target)
                        : dev.auroraupgrade.iac.IacFollowUp.replacement(p.sourceShape(), p.sourceShape().asNewCluster(target,
                        List.of(new dev.auroraupgrade.iac.ClusterShape.Instance(p.writerInstanceIdentifier(),
                                InstanceClasses.SERVERLESS, p.dbInstanceParameterGroupName(), null, null)))
                        .planned(p.targetEngineVersion(), dev.auroraupgrade.rds.EngineModes.PROVISIONED,
                                p.dbClusterParameterGroupName(), p.minCapacity(), p.maxCapacity(),
                                p.secondsUntilAutoPause()), true,
                        p.dbClusterParameterGroupName() != null ? List.of() : List.of("DBClusterParameterGroupName / "
                                + "db_cluster_parameter_group_name: no custom group is carried over, so RDS gives "
                                + target + " the default group of its engine family; the run's output names it")));
    }

    /** A refused cluster's standing in a dry run: what it costs as it is ({@link dev.auroraupgrade.workflow.StandingStill}). */
    @Override
    public dev.auroraupgrade.workflow.PlanReport.Standing standingOfRefused(String clusterIdentifier,
                                                                           com.fasterxml.jackson.databind.JsonNode reads) {
        return dev.auroraupgrade.workflow.StandingStill.of(rds, cloudWatch, ssm, clusterIdentifier, reads, java.time.Clock.systemUTC());
    }

    @Override
    protected MigrationPlan plan(MigrationInput in, String executionName, Instant started) {
        return plan(in, executionName, started, null);
    }

    /** With the state machine's reads: the Price List's Extended Support rates (or why the table prices instead). */
    @Override
    protected MigrationPlan plan(MigrationInput in, String executionName, Instant started,
                                 com.fasterxml.jackson.databind.JsonNode reads) {
        // Input alone first: a bad field fails before any AWS call.
        String source = RdsNames.clusterIdentifier("sourceClusterIdentifier", in.sourceClusterIdentifier());
        String target = in.targetClusterIdentifier() == null ? RdsNames.defaultTargetCluster(source)
                : RdsNames.clusterIdentifier("targetClusterIdentifier", in.targetClusterIdentifier());
        if (target.equals(source)) {
            throw new InvalidInputException("targetClusterIdentifier",
                    "must differ from sourceClusterIdentifier: this route restores into a new cluster");
        }
        PollSettings poll = PollSettings.from(in, PollSettings.MIGRATION_DEFAULTS);
        if (in.provisionedInstanceClass() != null && (!INSTANCE_CLASS.matcher(in.provisionedInstanceClass()).matches()
                || InstanceClasses.SERVERLESS.equals(in.provisionedInstanceClass()))) {
            throw new InvalidInputException("provisionedInstanceClass", "= '" + in.provisionedInstanceClass()
                    + "' is not a provisioned DB instance class such as db.r5.large");
        }
        InputRules.parameterGroupName("dbClusterParameterGroupName", in.dbClusterParameterGroupName());
        InputRules.parameterGroupName("dbInstanceParameterGroupName", in.dbInstanceParameterGroupName());

        // The source: exists, Aurora, available, Serverless v1 (or a former v1 now provisioned).
        DBCluster src = lookup.cluster(source).orElseThrow(() -> new SourceClusterNotFoundException(
                "source cluster '" + source + "' does not exist in this account and region"));
        String engine = src.engine();
        if (!EngineVersion.MYSQL.equals(engine) && !EngineVersion.POSTGRESQL.equals(engine)) {
            throw new SourceNotSupportedException("source cluster '" + source + "' runs engine '" + engine
                    + "'; only aurora-mysql and aurora-postgresql clusters can be migrated");
        }
        if (!ResourceStatus.isAvailable(src.status())) {
            throw new SourceNotAvailableException("source cluster '" + source + "' is '" + src.status()
                    + "'; it must be 'available' to take a snapshot");
        }
        List<String> notices = new ArrayList<>();
        dev.auroraupgrade.rds.ClusterNeighbours.globalDatabase(rds, src).ifPresent(global -> {
            throw new SourceNotSupportedException("source cluster '" + source + "' is a member of the Aurora Global "
                    + "Database '" + global + "': a snapshot restore makes a standalone cluster in this Region only, so "
                    + "the migration would leave the global database behind; this tool does not migrate global members");
        });
        List<String> proxies = dev.auroraupgrade.rds.ClusterNeighbours.proxies(rds, source);
        if (!proxies.isEmpty()) {
            notices.add("RDS Proxy " + String.join(", ", proxies) + " routes to the source: it keeps doing so; the new "
                    + "cluster has a new endpoint, so register it as the proxy's target when you cut over");
        }
        double v1Max = sourceCapacity(src, notices);

        EngineVersion sourceVersion = EngineVersion.parse("source engine version", engine, src.engineVersion());
        if (in.restoreEngineVersion() != null) {
            EngineVersion requested = EngineVersion.parse("restoreEngineVersion", engine, in.restoreEngineVersion());
            if (!requested.sameMajor(sourceVersion) || requested.compareTo(sourceVersion) < 0) {
                throw new UnsupportedEngineVersionException("restoreEngineVersion " + requested
                        + " must be the source's version " + sourceVersion + " or a later minor of the same major");
            }
        }
        EngineVersion restoreVersion;
        // A migration that already finished is re-run as a check: it keeps what the live target has (its version,
        // which may have moved on, and a tuned capacity) unless the input names new values.
        DBCluster finished = finishedTarget(target, source).orElse(null);
        EngineVersionCatalog.Resolved resolved;
        Double minIn = in.minCapacity();
        Double maxIn = in.maxCapacity();
        if (finished != null && in.targetEngineVersion() == null) {
            EngineVersion live = EngineVersion.parse("target engine version", engine, finished.engineVersion());
            resolved = catalog.resolve(live, live.raw());
            var scaling = finished.serverlessV2ScalingConfiguration();
            if (scaling != null) {
                minIn = minIn != null ? minIn : scaling.minCapacity();
                maxIn = maxIn != null ? maxIn : scaling.maxCapacity();
            }
            notices.add("the migration to '" + target + "' already finished: its engine version and capacity are kept");
            restoreVersion = live;
        } else if (ownedTarget(target, source).isPresent()) {
            // A resumed run continues from the cluster an earlier run restored, not from a route RDS may have moved.
            EngineVersion live = EngineVersion.parse("target engine version", engine,
                    ownedTarget(target, source).get().engineVersion());
            EngineVersionCatalog.Resolved keep = in.targetEngineVersion() == null ? alreadyServerlessV2(live) : null;
            resolved = keep != null ? keep : catalog.resolve(live, in.targetEngineVersion());
            restoreVersion = live;
            notices.add("resuming from '" + target + "', restored by an earlier run, at " + live);
        } else {
            EngineVersionCatalog.Route route = catalog.route(sourceVersion, in.restoreEngineVersion(), in.targetEngineVersion());
            restoreVersion = route.restore();
            resolved = route.target();
            if (route.note() != null) {
                notices.add(route.note());
            }
        }
        EngineVersion targetVersion = resolved.target();
        if (resolved.note() != null) {
            notices.add(resolved.note());
        }
        // A finished or resumed target keeps its own range; a new one may take the source's history.
        CapacityHistory history = (minIn != null && maxIn != null) || finished != null ? null
                : CapacityHistory.recommend(cloudWatch, src, lookup.clusterInstances(source), Instant.now());
        ServerlessV2Capacity capacity = ServerlessV2Capacity.decide(minIn, maxIn, in.secondsUntilAutoPause(), v1Max,
                history, resolved.maxCapacity(), resolved.autoPauseSupported(), targetVersion.raw(), notices);
        boolean major = !targetVersion.sameMajor(restoreVersion);
        ParameterGroups.requireFamily(rds, "dbClusterParameterGroupName", in.dbClusterParameterGroupName(), targetVersion, true);
        ParameterGroups.requireFamily(rds, "dbInstanceParameterGroupName", in.dbInstanceParameterGroupName(), targetVersion, false);
        // A major upgrade needs new-family groups; the source's custom settings must come along, not vanish.
        String sourceClusterGroup = custom(src.dbClusterParameterGroup());
        String sourceInstanceGroup = custom(sourceWriterInstanceGroup(src));
        String clusterGroup = in.dbClusterParameterGroupName();
        String instanceGroup = in.dbInstanceParameterGroupName();
        boolean createClusterGroup = major && clusterGroup == null && sourceClusterGroup != null;
        boolean createInstanceGroup = major && instanceGroup == null && sourceInstanceGroup != null;
        if (createClusterGroup) {
            clusterGroup = RdsNames.clusterParameterGroup(target, targetVersion.parameterGroupFamily());
            ParameterGroups.requireAbsentOrOwned(rds, clusterGroup, true, source);
        }
        if (createInstanceGroup) {
            instanceGroup = RdsNames.instanceParameterGroup(target, targetVersion.parameterGroupFamily());
            ParameterGroups.requireAbsentOrOwned(rds, instanceGroup, false, source);
        }
        if (createClusterGroup || createInstanceGroup) {
            notices.add("the source's custom parameter groups are carried into " + targetVersion.parameterGroupFamily()
                    + " groups for the major upgrade; parameters that family no longer has are named in the step's detail");
        }
        String instanceClass = Objects.requireNonNullElseGet(in.provisionedInstanceClass(),
                () -> InstanceClasses.forV1Capacity(v1Max));

        reportFeatures(src, resolved, capacity, notices);
        String snapshot = RdsNames.migrationSnapshot(target);
        String writer = RdsNames.writerInstance(target);
        boolean resumed = checkOwnership(source, target, snapshot, writer);
        if (resumed) {
            notices.add("resuming: resources created by an earlier run of this migration were found and are reused");
        } else {
            String unchecked = dev.auroraupgrade.rds.AccountQuotas.requireRoom(rds, 1, 1, "the migration restores a new "
                    + "cluster with one writer");
            if (unchecked != null) {
                notices.add(unchecked);
            }
        }
        // The last rehearsal, read as every route's plan reads it: shown in the plan and the fleet's table. Not judged
        // (no refusal on a failed one): a rehearsal rehearses a Blue/Green upgrade of the cluster, not a restore.
        var rehearsal = dev.auroraupgrade.rehearsal.Rehearsals.last(ssm, source, notices);
        if (rehearsal != null) {
            notices.add(dev.auroraupgrade.rehearsal.Rehearsals.describe(rehearsal, Instant.now()));
        }
        LOG.info("pre-flight passed: {} ({} {}) -> {} at {} [{}], capacity {}-{} ACU, resumed={}", source, engine,
                sourceVersion, target, targetVersion, resolved.source(), capacity.min(), capacity.max(), resumed);
        return new MigrationPlan(source, target, engine, sourceVersion.raw(), src.engineMode(), restoreVersion.raw(),
                targetVersion.raw(), resolved.source(), major, capacity.min(), capacity.max(),
                capacity.secondsUntilAutoPause(), instanceClass, snapshot, writer,
                in.deletionProtection() == null || in.deletionProtection(), clusterGroup, instanceGroup, sourceClusterGroup,
                sourceInstanceGroup, createClusterGroup, createInstanceGroup, poll, executionName, resumed,
                List.copyOf(notices), dev.auroraupgrade.iac.ClusterShape.of(src, lookup.clusterInstances(source)),
                dev.auroraupgrade.rds.ExtendedSupportPrices.fromReads(reads), started.toString(), Instant.now().toString(),
                rehearsal, null);
    }

    /** The v1 maximum capacity, or for a former v1 cluster the capacity its provisioned writer stands for. */
    private double sourceCapacity(DBCluster src, List<String> notices) {
        String id = src.dbClusterIdentifier();
        if (EngineModes.SERVERLESS_V1.equals(src.engineMode())) {
            if (src.scalingConfigurationInfo() == null || src.scalingConfigurationInfo().maxCapacity() == null) {
                return 16;
            }
            return src.scalingConfigurationInfo().maxCapacity();
        }
        if (!EngineModes.PROVISIONED.equals(src.engineMode())) {
            throw new SourceNotSupportedException("source cluster '" + id + "' has engine mode '" + src.engineMode()
                    + "'; only Serverless v1 (serverless) or former v1 (provisioned) clusters can be migrated");
        }
        List<DBInstance> members = lookup.clusterInstances(id);
        if (members.stream().anyMatch(i -> InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))) {
            throw new SourceNotSupportedException("source cluster '" + id + "' already has a db.serverless "
                    + "(Serverless v2) instance: there is nothing to migrate; use the Blue/Green workflow to upgrade it");
        }
        String writerClass = RdsLookup.writerMember(src)
                .flatMap(m -> members.stream().filter(i -> i.dbInstanceIdentifier().equals(m.dbInstanceIdentifier())).findFirst())
                .map(DBInstance::dbInstanceClass).orElse(null);
        Double equivalent = writerClass == null ? null : InstanceClasses.v1CapacityFor(writerClass);
        notices.add("source is provisioned (a former Serverless v1 cluster converted by AWS, or a provisioned "
                + "cluster)" + (writerClass == null ? "" : " with writer class " + writerClass));
        if (equivalent == null) {
            notices.add("no v1 capacity to copy: maxCapacity defaults to 16 ACU unless given");
            return 16;
        }
        return equivalent;
    }

    private static void reportFeatures(DBCluster src, EngineVersionCatalog.Resolved resolved,
                                       ServerlessV2Capacity capacity, List<String> notices) {
        if (Boolean.TRUE.equals(src.httpEndpointEnabled())) {
            notices.add(resolved.dataApiSupported()
                    ? "the source has the Data API (HttpEndpointEnabled) on; it is not carried over: enable it on the "
                      + "target with 'aws rds enable-http-endpoint' after the migration"
                    : "the source has the Data API (HttpEndpointEnabled) on; " + resolved.target()
                      + " does not support the Data API on Serverless v2: clients of the Data API must change");
        }
        var scaling = src.scalingConfigurationInfo();
        if (scaling != null && Boolean.TRUE.equals(scaling.autoPause())) {
            notices.add(capacity.min() == 0
                    ? "v1 auto-pause replaced by v2 automatic pause (minCapacity 0)"
                    : "the source auto-paused (v1); the target stays at " + ServerlessV2Capacity.fmt(capacity.min())
                      + " ACU minimum and never pauses" + (resolved.autoPauseSupported()
                        ? " (set minCapacity 0 for v2 automatic pause)" : ""));
        }
    }

    private static String custom(String group) {
        return group == null || group.startsWith("default.") ? null : group;
    }

    /** A former-v1 provisioned source's writer instance group (a Serverless v1 cluster has no instances). */
    private String sourceWriterInstanceGroup(DBCluster src) {
        return RdsLookup.writerMember(src).flatMap(m -> lookup.instance(m.dbInstanceIdentifier()))
                .filter(i -> i.hasDbParameterGroups() && !i.dbParameterGroups().isEmpty())
                .map(i -> i.dbParameterGroups().get(0).dbParameterGroupName()).orElse(null);
    }

    /** The live version itself when it already runs Serverless v2 (a resumed run past its upgrade), else null. */
    private EngineVersionCatalog.Resolved alreadyServerlessV2(EngineVersion live) {
        try {
            return catalog.resolve(live, live.raw());
        } catch (UnsupportedEngineVersionException notThere) {
            return null;
        }
    }

    private Optional<DBCluster> ownedTarget(String target, String source) {
        return lookup.cluster(target).filter(c -> OwnershipTags.ownedBy(c.tagList(), source));
    }

    /** The target, when an earlier run of this migration created it and its writer is already db.serverless. */
    private Optional<DBCluster> finishedTarget(String target, String source) {
        return lookup.cluster(target)
                .filter(c -> OwnershipTags.ownedBy(c.tagList(), source))
                .filter(c -> lookup.clusterInstances(target).stream()
                        .anyMatch(i -> InstanceClasses.SERVERLESS.equals(i.dbInstanceClass())));
    }

    /** True when the target exists and an earlier run of this migration created it; a conflict otherwise. */
    private boolean checkOwnership(String source, String target, String snapshot, String writer) {
        boolean resumed = false;
        Optional<DBCluster> cluster = lookup.cluster(target);
        if (cluster.isPresent()) {
            requireOwned("target cluster", target, cluster.get().tagList(), source);
            resumed = true;
        }
        var snap = lookup.clusterSnapshot(snapshot);
        if (snap.isPresent()) {
            requireOwned("cluster snapshot", snapshot, snap.get().tagList(), source);
            resumed = true;
        }
        var instance = lookup.instance(writer);
        if (instance.isPresent()) {
            requireOwned("DB instance", writer, instance.get().tagList(), source);
            resumed = true;
        }
        return resumed;
    }

    private static void requireOwned(String kind, String id, List<software.amazon.awssdk.services.rds.model.Tag> tags,
                                     String source) {
        if (!OwnershipTags.ownedBy(tags, source)) {
            throw new ResourceConflictException(kind + " '" + id + "' already exists and was not created by a "
                    + "migration of '" + source + "' (no " + OwnershipTags.SOURCE + "=" + source + " tag); choose "
                    + "another targetClusterIdentifier or remove it");
        }
    }
}
