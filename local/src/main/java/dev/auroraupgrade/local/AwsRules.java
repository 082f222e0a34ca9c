package dev.auroraupgrade.local;

import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * What AWS refuses and moto accepts, applied to RDS requests on their way to moto (the local Lambda endpoint
 * calls this for every RDS query-protocol request). Each rule names the AWS document it follows. moto is read
 * through a client of its own (no local layer), so a rule sees the state moto holds.
 */
final class AwsRules {
    /** An answer given instead of moto's: an RDS error, or a served response. */
    record Reply(int status, String body) {
        static Reply error(int status, String code, String message) {
            return new Reply(status, "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>"
                    + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ErrorResponse>");
        }
    }

    /** RDS API reference, Tag: letters, digits, white space and _ . : / = + - @; key 1-128, value up to 256. */
    private static final Pattern TAG_TEXT = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$");
    private static final Pattern TAG_PARAM = Pattern.compile("^Tags\\.(?:Tag|member)\\.\\d+\\.(Key|Value)$");

    private final RdsClient moto;
    private final RdsLookup lookup;
    private final PendingStatusInterceptor statuses;
    private final EngineVersionFixture versions = new EngineVersionFixture();
    /** Parameters a family no longer has (dated fixture, rds-removed-parameters.json): RDS refuses them there. */
    private final Map<String, List<String>> removedParameters = removedParameters();
    private volatile boolean serveEngineVersions = true;
    /** template0, template1, postgres, rdsadmin and one application database. */
    static final int DEFAULT_POSTGRES_DATABASES = 5;
    /** Aurora PostgreSQL engine defaults of the per-database replication limits (DescribeEngineDefaultClusterParameters). */
    private static final Map<String, Integer> POSTGRES_DEFAULTS = new java.util.TreeMap<>(Map.of("max_replication_slots", 20,
            "max_wal_senders", 20, "max_logical_replication_workers", 4));
    private final Map<String, Integer> postgresDatabases = new java.util.concurrent.ConcurrentHashMap<>();
    /** Serverless v1 clusters whose conversion to provisioned moto is applying now. */
    private final java.util.Set<String> convertingFromV1 = java.util.concurrent.ConcurrentHashMap.newKeySet();

    AwsRules(RdsClient moto, PendingStatusInterceptor statuses) {
        this.moto = moto;
        this.lookup = new RdsLookup(moto);
        this.statuses = statuses;
    }

    /** Whether DescribeDBEngineVersions is answered from the fixture (default) or left to moto ("not implemented"). */
    void serveEngineVersions(boolean serve) {
        this.serveEngineVersions = serve;
    }

    /** Aurora User Guide, "Quotas and constraints": 40 DB clusters and 40 DB instances per Region by default. */
    private volatile int maxClusters = 40;
    private volatile int maxInstances = 40;

    void quotas(int clusters, int instances) {
        this.maxClusters = clusters;
        this.maxInstances = instances;
    }

    private int clusterCount() {
        return moto.describeDBClustersPaginator().dbClusters().stream().mapToInt(c -> 1).sum();
    }

    private int instanceCount() {
        return moto.describeDBInstancesPaginator().dbInstances().stream().mapToInt(i -> 1).sum();
    }

    /** A zero-ETL integration as RDS lists it; moto 5.2.1 has none. */
    record Integration(String name, String sourceArn, String targetArn) {
    }

    /** The account's zero-ETL integrations, by name (tests add and delete them). */
    private final Map<String, Integration> integrations = new java.util.concurrent.ConcurrentHashMap<>();

    void integration(String name, String sourceArn, String targetArn) {
        if (sourceArn == null) {
            integrations.remove(name);
        } else {
            integrations.put(name, new Integration(name, sourceArn, targetArn));
        }
    }

    /**
     * Clusters whose data fails the engine's upgrade checks, by engine: a major upgrade of one of them, or of a clone
     * of one, is cancelled as RDS cancels it (Aurora User Guide, "Finding the reasons for Aurora MySQL major version
     * upgrade failures"): status upgrading for a while, then available at the old version, two events, and the
     * checks' log on the writer.
     */
    private final Map<String, String> failingPrechecks = new java.util.concurrent.ConcurrentHashMap<>();
    /** A clone's source cluster, for clones made here (RestoreDBClusterToPointInTime). */
    private final Map<String, String> cloneOf = new java.util.concurrent.ConcurrentHashMap<>();
    /** RDS events moto does not emit, oldest first. */
    private final List<String[]> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Log files RDS writes that moto does not, by instance, then file name. */
    private final Map<String, Map<String, String>> logFiles = new java.util.concurrent.ConcurrentHashMap<>();

    void failUpgradePrechecks(String cluster) {
        failingPrechecks.put(cluster, "fail");
    }

    private boolean failsPrechecks(String cluster) {
        for (String c = cluster; c != null; c = cloneOf.get(c)) {
            if (failingPrechecks.containsKey(c) || lookup.cluster(c).map(x -> "fail".equals(dev.auroraupgrade.rds.OwnershipTags
                    .value(x.tagList(), DemoClusters.FAILING_PRECHECKS_TAG))).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private void event(String type, String source, String message) {
        events.add(new String[] {type, source, Instant.now().toString(), message});
    }

    EngineVersionFixture versions() {
        return versions;
    }

    /** An answer instead of moto's, or empty to forward the request. */
    Optional<Reply> before(String action, Map<String, String> p) {
        Optional<Reply> tags = checkTags(p);
        if (tags.isPresent()) {
            return tags;
        }
        switch (action) {
            case "DescribeDBEngineVersions":
                if (serveEngineVersions) {
                    return Optional.of(new Reply(200, versions.describeResponse(p.get("Engine"), p.get("EngineVersion"),
                            "true".equals(p.get("IncludeAll")), UUID.randomUUID().toString())));
                }
                // moto answers an unimplemented action with a bare HTTP 500; say what it is, as a query API does.
                return refuse(400, "InvalidAction", "The action DescribeDBEngineVersions is not implemented by this endpoint");
            case "DescribeOrderableDBInstanceOptions":
                // moto 5.2.1: "not implemented" for aurora-mysql. Answered for db.serverless from the engine-version
                // fixture (RDS API reference, DescribeOrderableDBInstanceOptions); other classes go to moto.
                if (!serveEngineVersions) {
                    return refuse(400, "InvalidAction", "The action DescribeOrderableDBInstanceOptions is not implemented by this endpoint");
                }
                return "db.serverless".equals(p.get("DBInstanceClass")) ? Optional.of(new Reply(200, versions
                        .orderableServerlessResponse(p.get("Engine"), p.get("EngineVersion"), UUID.randomUUID().toString())))
                        : Optional.empty();
            case "RestoreDBClusterToPointInTime": {
                // RDS API reference, RestoreDBClusterToPointInTime: the id must be free (moto overwrites), the
                // source must exist, and RestoreType is full-copy or copy-on-write (an Aurora clone).
                String id = p.get("DBClusterIdentifier");
                if (id != null && lookup.cluster(id).isPresent()) {
                    return refuse(400, "DBClusterAlreadyExistsFault", "DB cluster already exists");
                }
                if (lookup.cluster(p.get("SourceDBClusterIdentifier")).isEmpty()) {
                    return refuse(404, "DBClusterNotFoundFault", "DBCluster " + p.get("SourceDBClusterIdentifier") + " not found.");
                }
                String type = p.getOrDefault("RestoreType", "full-copy");
                if (!List.of("full-copy", "copy-on-write").contains(type)) {
                    return refuse(400, "InvalidParameterValue", "RestoreType must be full-copy or copy-on-write");
                }
                if (p.containsKey("RestoreToTime") && "true".equals(p.get("UseLatestRestorableTime"))) {
                    return refuse(400, "InvalidParameterCombination", "Cannot specify both RestoreToTime and UseLatestRestorableTime");
                }
                if (clusterCount() >= maxClusters) {
                    return refuse(400, "DBClusterQuotaExceededFault", "Cannot create more than " + maxClusters + " DB clusters");
                }
                cloneOf.put(id, p.get("SourceDBClusterIdentifier"));
                return Optional.empty();
            }
            case "DescribeEvents":
                return Optional.of(new Reply(200, eventsResponse(p)));
            case "DescribeDBLogFiles": {
                Map<String, String> files = logFiles.get(p.get("DBInstanceIdentifier"));
                if (files == null) {
                    return Optional.empty();
                }
                StringBuilder xml = new StringBuilder("<DescribeDBLogFilesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                        + "<DescribeDBLogFilesResult><DescribeDBLogFiles>");
                files.forEach((name, text) -> xml.append("<DescribeDBLogFilesDetails><LogFileName>").append(name)
                        .append("</LogFileName><LastWritten>").append(System.currentTimeMillis()).append("</LastWritten><Size>")
                        .append(text.length()).append("</Size></DescribeDBLogFilesDetails>"));
                return Optional.of(new Reply(200, xml.append("</DescribeDBLogFiles></DescribeDBLogFilesResult><ResponseMetadata>"
                        + "<RequestId>").append(UUID.randomUUID()).append("</RequestId></ResponseMetadata></DescribeDBLogFilesResponse>").toString()));
            }
            case "DownloadDBLogFilePortion": {
                // moto 5.2.1: not implemented. Served in portions of LOG_PORTION characters, the Marker an offset, as the
                // API pages a long file (RDS API reference, DownloadDBLogFilePortion).
                String text = logFiles.getOrDefault(p.get("DBInstanceIdentifier"), Map.of()).get(p.get("LogFileName"));
                if (text == null) {
                    return refuse(404, "DBLogFileNotFoundFault", "DBLogFile " + p.get("LogFileName") + " not found");
                }
                int from = Math.min(text.length(), Integer.parseInt(p.getOrDefault("Marker", "0").replaceAll("\\D", "0")));
                int to = Math.min(text.length(), from + LOG_PORTION);
                return Optional.of(new Reply(200, "<DownloadDBLogFilePortionResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                        + "<DownloadDBLogFilePortionResult><LogFileData>" + xmlText(text.substring(from, to)) + "</LogFileData>"
                        + "<Marker>" + to + "</Marker><AdditionalDataPending>" + (to < text.length())
                        + "</AdditionalDataPending></DownloadDBLogFilePortionResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></DownloadDBLogFilePortionResponse>"));
            }
            case "CreateDBCluster":
            case "RestoreDBClusterFromSnapshot": {
                // moto overwrites an existing cluster; RDS answers DBClusterAlreadyExistsFault.
                String id = p.get("DBClusterIdentifier");
                if (id != null && lookup.cluster(id).isPresent()) {
                    return refuse(400, "DBClusterAlreadyExistsFault", "DB cluster already exists");
                }
                if (clusterCount() >= maxClusters) {
                    return refuse(400, "DBClusterQuotaExceededFault", "Cannot create more than " + maxClusters + " DB clusters");
                }
                String version = p.get("EngineVersion");
                if (action.equals("RestoreDBClusterFromSnapshot") && serveEngineVersions && version != null
                        && !versions.offered(p.get("Engine"), version)) {
                    return refuse(400, "InvalidParameterCombination", "Cannot find version " + version + " for "
                            + p.get("Engine"));
                }
                return Optional.empty();
            }
            case "DeleteDBInstance": {
                // RDS refuses to delete an instance while it is changing (rebooting, modifying, ...) with
                // InvalidDBInstanceState (RDS API reference, DeleteDBInstance); moto deletes it at once.
                String id = p.get("DBInstanceIdentifier");
                String status = statuses.reported("instance:" + id)
                        .or(() -> lookup.instance(id).map(i -> i.dbInstanceStatus())).orElse(null);
                if (status != null && ResourceStatus.ofInstance(status) == ResourceStatus.IN_PROGRESS) {
                    return refuse(400, "InvalidDBInstanceState", "Instance " + id + " is not in available state: " + status);
                }
                return Optional.empty();
            }
            case "DescribeDBMajorEngineVersions":
                if (serveEngineVersions) {
                    return Optional.of(new Reply(200, majorEngineVersions(p.get("Engine"), p.get("MajorEngineVersion"))));
                }
                return refuse(400, "InvalidAction", "The action DescribeDBMajorEngineVersions is not implemented by this endpoint");
            case "ModifyDBCluster": {
                if (p.containsKey("EngineMode")) {
                    // Aurora User Guide, "Converting an Aurora Serverless v1 DB cluster to provisioned": only with
                    // AllowEngineModeChange and a DBClusterInstanceClass (the guide's "required" list), only
                    // serverless -> provisioned, and no other change in the same call.
                    if (!"true".equals(p.get("AllowEngineModeChange"))) {
                        return refuse(400, "InvalidParameterCombination", "AllowEngineModeChange must be true to change EngineMode");
                    }
                    if (p.get("DBClusterInstanceClass") == null) {
                        return refuse(400, "InvalidParameterCombination", "DBClusterInstanceClass is required to convert "
                                + "to provisioned");
                    }
                    var others = p.keySet().stream().filter(k -> !List.of("Action", "Version", "DBClusterIdentifier",
                            "EngineMode", "AllowEngineModeChange", "DBClusterInstanceClass", "ApplyImmediately").contains(k)).toList();
                    if (!others.isEmpty()) {
                        return refuse(400, "InvalidParameterCombination", "You can't modify " + others
                                + " while converting the engine mode");
                    }
                    Optional<DBCluster> c = lookup.cluster(p.get("DBClusterIdentifier"));
                    if (c.isPresent() && !"serverless".equals(c.get().engineMode())) {
                        return refuse(400, "InvalidParameterCombination", "EngineMode can only change from serverless to provisioned");
                    }
                    c.ifPresent(cluster -> convertingFromV1.add(cluster.dbClusterIdentifier()));
                }
                String to = p.get("EngineVersion");
                if (to == null || !serveEngineVersions) {
                    return Optional.empty();
                }
                Optional<DBCluster> c = lookup.cluster(p.get("DBClusterIdentifier"));
                if (c.isPresent() && !to.equals(c.get().engineVersion())
                        && !versions.canUpgrade(c.get().engine(), c.get().engineVersion(), to)) {
                    return refuse(400, "InvalidParameterCombination", "Cannot upgrade " + c.get().engine() + " from "
                            + c.get().engineVersion() + " to " + to);
                }
                if (c.isPresent() && "true".equals(p.get("AllowMajorVersionUpgrade")) && failsPrechecks(c.get().dbClusterIdentifier())) {
                    return Optional.of(new Reply(200, cancelledUpgrade(c.get())));
                }
                return Optional.empty();
            }
            case "ModifyDBClusterParameterGroup":
            case "ModifyDBParameterGroup": {
                boolean cluster = action.equals("ModifyDBClusterParameterGroup");
                String group = p.get(cluster ? "DBClusterParameterGroupName" : "DBParameterGroupName");
                String family = familyOf(group, cluster);
                List<String> gone = family == null ? List.of() : removedParameters.getOrDefault(family, List.of());
                for (var e : p.entrySet()) {
                    if (e.getKey().matches("Parameters\\.(?:Parameter|member)\\.\\d+\\.ParameterName") && gone.contains(e.getValue())) {
                        return refuse(400, "InvalidParameterValue", "Could not find parameter with name: " + e.getValue());
                    }
                }
                return Optional.empty();
            }
            case "CreateDBInstance": {
                if (instanceCount() >= maxInstances) {
                    return refuse(400, "InstanceQuotaExceeded", "Cannot create more than " + maxInstances + " DB instances");
                }
                // RDS refuses a DB parameter group of another family than the cluster's engine version.
                String group = p.get("DBParameterGroupName");
                Optional<DBCluster> c = lookup.cluster(p.get("DBClusterIdentifier"));
                if (group != null && c.isPresent()) {
                    String family = familyOf(group, false);
                    String expected = dev.auroraupgrade.rds.EngineVersion.parse("engine version", c.get().engine(),
                            c.get().engineVersion()).parameterGroupFamily();
                    if (family != null && !family.equals(expected)) {
                        return refuse(400, "InvalidParameterCombination", "The parameter group " + group + " with DBParameterGroupFamily "
                                + family + " cannot be used for this instance. Please use a Parameter Group with DBParameterGroupFamily " + expected);
                    }
                }
                return Optional.empty();
            }
            case "DescribeAccountAttributes":
                // moto 5.2.1 does not implement it; the quotas are the ones this layer enforces below.
                return Optional.of(new Reply(200, "<DescribeAccountAttributesResponse xmlns=\"http://rds.amazonaws.com/doc/"
                        + "2014-10-31/\"><DescribeAccountAttributesResult><AccountQuotas>"
                        + quota("DBClusters", clusterCount(), maxClusters) + quota("DBInstances", instanceCount(), maxInstances)
                        + "</AccountQuotas></DescribeAccountAttributesResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                        + "</RequestId></ResponseMetadata></DescribeAccountAttributesResponse>"));
            case "DescribeIntegrations": {
                StringBuilder xml = new StringBuilder("<DescribeIntegrationsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                        + "<DescribeIntegrationsResult><Integrations>");
                for (Integration i : integrations.values()) {
                    xml.append("<Integration><IntegrationName>").append(i.name()).append("</IntegrationName><IntegrationArn>")
                            .append("arn:aws:rds:us-east-1:123456789012:integration:").append(i.name())
                            .append("</IntegrationArn><SourceArn>").append(i.sourceArn()).append("</SourceArn><TargetArn>")
                            .append(i.targetArn()).append("</TargetArn><Status>active</Status></Integration>");
                }
                return Optional.of(new Reply(200, xml.append("</Integrations></DescribeIntegrationsResult><ResponseMetadata>"
                        + "<RequestId>").append(UUID.randomUUID()).append("</RequestId></ResponseMetadata>"
                        + "</DescribeIntegrationsResponse>").toString()));
            }
            case "SwitchoverBlueGreenDeployment": {
                // Aurora blue/green limitations: "During switchover, the blue and green environments can't have
                // zero-ETL integrations with Amazon Redshift"; the switchover is refused while one reads from blue.
                var d = lookup.blueGreenByName(p.get("BlueGreenDeploymentIdentifier"));
                if (d.isEmpty()) {
                    d = moto.describeBlueGreenDeployments(r -> { }).blueGreenDeployments().stream()
                            .filter(x -> x.blueGreenDeploymentIdentifier().equals(p.get("BlueGreenDeploymentIdentifier"))).findFirst();
                }
                String source = d.map(software.amazon.awssdk.services.rds.model.BlueGreenDeployment::source).orElse(null);
                var blocking = integrations.values().stream().filter(i -> i.sourceArn().equals(source)).toList();
                if (!blocking.isEmpty()) {
                    return refuse(400, "InvalidBlueGreenDeploymentStateFault", "Delete the zero-ETL integration "
                            + blocking.get(0).name() + " before switching over");
                }
                return Optional.empty();
            }
            case "RegisterDBProxyTargets": {
                // Amazon RDS User Guide, "Using RDS Proxy with blue/green deployments": a cluster must already be a
                // proxy target before its blue/green deployment is created; it cannot be added afterwards.
                for (var e : p.entrySet()) {
                    if (e.getKey().matches("DBClusterIdentifiers\\.member\\.\\d+")) {
                        Optional<DBCluster> c = lookup.cluster(e.getValue());
                        if (c.isPresent() && !lookup.blueGreenBySource(c.get().dbClusterArn()).isEmpty()) {
                            return refuse(400, "InvalidDBClusterStateFault", "You can't add DB cluster " + e.getValue()
                                    + " to an RDS Proxy after a blue/green deployment has been created for it");
                        }
                    }
                }
                return Optional.empty();
            }
            case "CreateBlueGreenDeployment": {
                String to = p.get("TargetEngineVersion");
                Optional<DBCluster> source = clusterOfArn(p.get("Source"));
                // Green is a cluster and a copy of each of blue's instances: both count against the quotas.
                if (source.isPresent() && (clusterCount() + 1 > maxClusters
                        || instanceCount() + source.get().dbClusterMembers().size() > maxInstances)) {
                    return refuse(400, "DBClusterQuotaExceededFault", "Green would pass the DB cluster or instance quota");
                }
                if (to != null && serveEngineVersions && source.isPresent() && !to.equals(source.get().engineVersion())
                        && !versions.canUpgrade(source.get().engine(), source.get().engineVersion(), to)) {
                    return refuse(400, "InvalidParameterCombination", "Cannot upgrade " + source.get().engine()
                            + " from " + source.get().engineVersion() + " to " + to);
                }
                return Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    /** Per deployment id, each blue instance's green counterpart (ARN), as RDS made them at creation. */
    private final Map<String, Map<String, String>> greenCounterparts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * SwitchoverDetails as RDS lists them before a switchover: one entry per member (the cluster and each instance;
     * moto lists only the cluster). A blue instance whose green counterpart was deleted is MISSING_TARGET (RDS API
     * reference, SwitchoverDetail: "The target resource has been deleted"); an instance added to green has no blue
     * source and is listed MISSING_SOURCE. AWS does not document whether it lists an added instance at all: listing
     * it is the strict side (the readiness check must accept it). After the switchover moto's entry stands.
     */
    List<software.amazon.awssdk.services.rds.model.SwitchoverDetail> switchoverDetails(
            software.amazon.awssdk.services.rds.model.BlueGreenDeployment d) {
        Map<String, String> counterparts = greenCounterparts.get(d.blueGreenDeploymentIdentifier());
        if (counterparts == null || ResourceStatus.switchedOver(d.status()) || d.target() == null) {
            return d.switchoverDetails();
        }
        List<software.amazon.awssdk.services.rds.model.SwitchoverDetail> details = new ArrayList<>(d.switchoverDetails());
        String green = d.target().substring(d.target().lastIndexOf(':') + 1);
        List<software.amazon.awssdk.services.rds.model.DBInstance> greenMembers = lookup.clusterInstances(green);
        counterparts.forEach((blueArn, greenArn) -> {
            boolean present = greenMembers.stream().anyMatch(i -> i.dbInstanceArn().equals(greenArn));
            details.add(software.amazon.awssdk.services.rds.model.SwitchoverDetail.builder().sourceMember(blueArn)
                    .targetMember(greenArn).status(present ? d.status() : ResourceStatus.MISSING_TARGET).build());
        });
        greenMembers.stream().filter(i -> !counterparts.containsValue(i.dbInstanceArn())).forEach(i -> details.add(
                software.amazon.awssdk.services.rds.model.SwitchoverDetail.builder().targetMember(i.dbInstanceArn())
                        .status(ResourceStatus.MISSING_SOURCE).build()));
        return details;
    }

    /** After moto accepted a request: what RDS would do next that moto does not. */
    void after(String action, Map<String, String> p) {
        if (action.equals("ModifyDBCluster") && p.containsKey("EngineMode") && convertingFromV1.remove(p.get("DBClusterIdentifier"))) {
            // AWS gives the converted cluster a provisioned writer of the class asked for (same guide). Its name is
            // not documented: "<cluster>-instance-1" stands in for it, and nothing may rely on the name.
            lookup.cluster(p.get("DBClusterIdentifier")).ifPresent(c -> moto.createDBInstance(r -> r
                    .dbInstanceIdentifier(c.dbClusterIdentifier() + "-instance-1").dbClusterIdentifier(c.dbClusterIdentifier())
                    .engine(c.engine()).dbInstanceClass(p.get("DBClusterInstanceClass"))));
        }
        if (action.equals("CreateBlueGreenDeployment")) {
            // moto names green's instances <blue instance>-green-<6 letters>: that is how counterparts are found.
            lookup.blueGreenByName(p.get("BlueGreenDeploymentName")).ifPresent(d -> clusterOfArn(d.source()).ifPresent(blue -> {
                String green = d.target().substring(d.target().lastIndexOf(':') + 1);
                List<software.amazon.awssdk.services.rds.model.DBInstance> greenMembers = lookup.clusterInstances(green);
                Map<String, String> pairs = new java.util.LinkedHashMap<>();
                lookup.clusterInstances(blue.dbClusterIdentifier()).forEach(b -> greenMembers.stream()
                        .filter(g -> g.dbInstanceIdentifier().startsWith(b.dbInstanceIdentifier() + "-green-")).findFirst()
                        .ifPresent(g -> pairs.put(b.dbInstanceArn(), g.dbInstanceArn())));
                greenCounterparts.put(d.blueGreenDeploymentIdentifier(), pairs);
                // moto copies blue's DeletionProtection onto green's instances; on Aurora it is a cluster setting
                // only (RDS API reference, CreateDBInstance DeletionProtection: "This setting doesn't apply to
                // Amazon Aurora DB instances"), so RDS deletes a green instance that green's cluster protects.
                greenMembers.stream().filter(g -> Boolean.TRUE.equals(g.deletionProtection())).forEach(g -> moto.modifyDBInstance(
                        r -> r.dbInstanceIdentifier(g.dbInstanceIdentifier()).deletionProtection(false).applyImmediately(true)));
            }));
            clusterOfArn(p.get("Source")).ifPresent(source -> {
                List<String> incompatible = new ArrayList<>(replicationProblems(source, p.get("TargetDBClusterParameterGroupName")));
                // Aurora blue/green limitations: event_scheduler must be off on green when the deployment is created.
                String greenGroup = p.get("TargetDBClusterParameterGroupName") != null ? p.get("TargetDBClusterParameterGroupName")
                        : source.dbClusterParameterGroup();
                if ("aurora-mysql".equals(source.engine()) && greenGroup != null && !greenGroup.startsWith("default.")
                        && dev.auroraupgrade.rds.BlueGreenRules.isOn(lookup.clusterParameter(greenGroup, "event_scheduler"))) {
                    incompatible.add("event_scheduler");
                }
                // A deployment created again under the same name (after an abort) is judged again.
                statuses.unstick("bluegreen:" + p.get("BlueGreenDeploymentName"), ResourceStatus.BG_INVALID_CONFIGURATION);
                if (!incompatible.isEmpty()) {
                    // Aurora User Guide, "Creating a blue/green deployment": without binary logging / logical
                    // replication on a writer in sync with its group, creation fails (INVALID_CONFIGURATION).
                    statuses.stick("bluegreen:" + p.get("BlueGreenDeploymentName"), ResourceStatus.BG_INVALID_CONFIGURATION,
                            "Creation of blue/green deployment failed due to incompatible parameter(s): " + incompatible);
                }
            });
        }
    }

    /**
     * What keeps RDS from replicating blue to green: the parameters of blue's group and of green's (the target
     * group, when named), and the writer's sync state.
     */
    private List<String> replicationProblems(DBCluster source, String targetGroup) {
        boolean mysql = "aurora-mysql".equals(source.engine());
        String parameter = mysql ? "binlog_format" : "rds.logical_replication";
        List<String> problems = new ArrayList<>(groupProblems(source, source.dbClusterParameterGroup(), mysql));
        if (targetGroup != null) {
            groupProblems(source, targetGroup, mysql).stream().filter(x -> !problems.contains(x)).forEach(problems::add);
        }
        source.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .filter(m -> statuses.pendingReboot(source.dbClusterIdentifier(), m.dbInstanceIdentifier()))
                .forEach(m -> problems.add(parameter + " (writer " + m.dbInstanceIdentifier() + " pending-reboot)"));
        return problems;
    }

    private List<String> groupProblems(DBCluster source, String group, boolean mysql) {
        Map<String, String> set = new java.util.HashMap<>();
        try {
            if (group != null) {
                moto.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group)).parameters()
                        .forEach(x -> set.put(x.parameterName(), x.parameterValue()));
            }
        } catch (software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException e) {
            // moto names some default groups unlike AWS and cannot describe them: nothing is set there.
        }
        if (mysql) {
            String v = set.get("binlog_format");
            return v != null && List.of("ROW", "MIXED", "STATEMENT").contains(v.toUpperCase()) ? List.of()
                    : List.of("binlog_format");
        }
        List<String> problems = new ArrayList<>();
        if (!"1".equals(set.get("rds.logical_replication"))) {
            problems.add("rds.logical_replication");
        }
        // AWS Knowledge Center, rds-postgresql-blue-green-deployment-error: a slot, WAL sender and apply worker per
        // database; Aurora PostgreSQL's defaults are 20, 20 and 4, so a handful of databases already fails.
        int databases = postgresDatabases.getOrDefault(source.dbClusterIdentifier(), DEFAULT_POSTGRES_DATABASES);
        for (var limit : POSTGRES_DEFAULTS.entrySet()) {
            if (intOf(set.get(limit.getKey()), limit.getValue()) <= databases) {
                problems.add(limit.getKey());
            }
        }
        // The engine default of max_worker_processes is GREATEST(${DBInstanceClassMemory/9531392},8): ample.
        int workers = intOf(set.get("max_logical_replication_workers"), POSTGRES_DEFAULTS.get("max_logical_replication_workers"));
        if (intOf(set.get("max_worker_processes"), Integer.MAX_VALUE) <= workers) {
            problems.add("max_worker_processes");
        }
        return problems;
    }

    private static int intOf(String value, int engineDefault) {
        return value == null ? engineDefault : Integer.parseInt(value);
    }

    void postgresDatabases(String clusterId, int count) {
        postgresDatabases.put(clusterId, count);
    }

    private String familyOf(String group, boolean cluster) {
        try {
            return cluster
                    ? moto.describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(group)).dbClusterParameterGroups()
                        .get(0).dbParameterGroupFamily()
                    : moto.describeDBParameterGroups(r -> r.dbParameterGroupName(group)).dbParameterGroups().get(0)
                        .dbParameterGroupFamily();
        } catch (software.amazon.awssdk.services.rds.model.RdsException e) {
            return null;
        }
    }

    private Optional<DBCluster> clusterOfArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        return lookup.cluster(arn.substring(arn.lastIndexOf(':') + 1));
    }

    private static Optional<Reply> checkTags(Map<String, String> p) {
        for (var e : p.entrySet()) {
            Matcher m = TAG_PARAM.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            String v = e.getValue();
            boolean key = m.group(1).equals("Key");
            if (!TAG_TEXT.matcher(v).matches() || v.length() > (key ? 128 : 256) || (key && v.isEmpty())) {
                return refuse(400, "InvalidParameterValue", "Invalid tag " + m.group(1).toLowerCase() + " '" + v
                        + "': only letters, digits, white space and _ . : / = + - @ are allowed");
            }
            // RDS API reference, Tag: a key "can't be prefixed with aws: or rds:". CloudFormation's own
            // aws:cloudformation:* tags are put there by the service, never by a caller (the tests make such
            // clusters through moto directly, as the stack would).
            if (key && (v.toLowerCase(java.util.Locale.ROOT).startsWith("aws:") || v.toLowerCase(java.util.Locale.ROOT).startsWith("rds:"))) {
                return refuse(400, "InvalidParameterValue", "Invalid tag key '" + v + "': a tag key can't be prefixed "
                        + "with aws: or rds:");
            }
        }
        return Optional.empty();
    }

    private static String quota(String name, int used, int max) {
        return "<AccountQuota><AccountQuotaName>" + name + "</AccountQuotaName><Used>" + used + "</Used><Max>" + max
                + "</Max></AccountQuota>";
    }

    /** What a DownloadDBLogFilePortion call returns at most here (RDS returns up to 1 MB or 10,000 lines). */
    static final int LOG_PORTION = 2000;

    /**
     * A major upgrade whose checks fail: RDS accepts the request, reports the cluster upgrading, then cancels it
     * before any instance stops. The version stays; the events and the writer's log say why. Not forwarded to moto.
     */
    private String cancelledUpgrade(DBCluster c) {
        String id = c.dbClusterIdentifier();
        boolean mysql = "aurora-mysql".equals(c.engine());
        event("db-cluster", id, "Database cluster engine version upgrade started.");
        event("db-cluster", id, mysql
                ? "Database cluster is in a state that cannot be upgraded: Upgrade prechecks failed. For more details, see the "
                    + "upgrade-prechecks.log file. For more information on troubleshooting the cause of the upgrade failure, see "
                    + "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Upgrading.Troubleshooting.html"
                // Not from an AWS example (AWS documents only the MySQL wording): the local layer's stand-in.
                : "Database cluster is in a state that cannot be upgraded: pg_upgrade checks failed. See pg_upgrade_precheck.log.");
        String writer = RdsLookup.writerOf(c);
        if (writer != null) {
            String file = mysql ? "upgrade-prechecks.log" : "error/pg_upgrade_precheck.log";
            logFiles.computeIfAbsent(writer, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(file,
                    resource(mysql ? "upgrade-prechecks-failed.json" : "pg_upgrade_precheck-failed.txt")
                            .replace("${SOURCE_VERSION}", c.engineVersion().replaceFirst("^.*_aurora\\.", "")));
        }
        return "<ModifyDBClusterResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><ModifyDBClusterResult><DBCluster>"
                + "<DBClusterIdentifier>" + id + "</DBClusterIdentifier><Status>upgrading</Status><Engine>" + c.engine()
                + "</Engine><EngineVersion>" + c.engineVersion() + "</EngineVersion></DBCluster></ModifyDBClusterResult>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></ModifyDBClusterResponse>";
    }

    private String eventsResponse(Map<String, String> p) {
        StringBuilder xml = new StringBuilder("<DescribeEventsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeEventsResult><Events>");
        Instant since = p.get("StartTime") == null ? Instant.EPOCH : Instant.parse(p.get("StartTime"));
        for (String[] e : events) {
            if ((p.get("SourceType") == null || p.get("SourceType").equals(e[0]))
                    && (p.get("SourceIdentifier") == null || p.get("SourceIdentifier").equals(e[1]))
                    && !Instant.parse(e[2]).isBefore(since)) {
                xml.append("<Event><SourceIdentifier>").append(e[1]).append("</SourceIdentifier><SourceType>").append(e[0])
                        .append("</SourceType><Message>").append(xmlText(e[3])).append("</Message><EventCategories>"
                        + "<EventCategory>maintenance</EventCategory></EventCategories><Date>").append(e[2]).append("</Date></Event>");
            }
        }
        return xml.append("</Events></DescribeEventsResult><ResponseMetadata><RequestId>").append(UUID.randomUUID())
                .append("</RequestId></ResponseMetadata></DescribeEventsResponse>").toString();
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String resource(String name) {
        try (var in = AwsRules.class.getResourceAsStream("/" + name)) {
            return new String(java.util.Objects.requireNonNull(in, name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<Reply> refuse(int status, String code, String message) {
        return Optional.of(Reply.error(status, code, message));
    }

    /** DescribeDBMajorEngineVersions from the dated fixture rds-major-engine-versions.json. */
    private static String majorEngineVersions(String engine, String major) {
        StringBuilder xml = new StringBuilder("<DescribeDBMajorEngineVersionsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<DescribeDBMajorEngineVersionsResult><DBMajorEngineVersions>");
        for (var m : MAJOR_VERSIONS) {
            if ((engine != null && !engine.equals(m.get("engine").asText())) || (major != null && !major.equals(m.get("major").asText()))) {
                continue;
            }
            xml.append("<DBMajorEngineVersion><Engine>").append(m.get("engine").asText()).append("</Engine><MajorEngineVersion>")
                    .append(m.get("major").asText()).append("</MajorEngineVersion><SupportedEngineLifecycles>");
            for (String kind : List.of("standard", "extended")) {
                xml.append("<SupportedEngineLifecycle><LifecycleSupportName>open-source-rds-").append(kind)
                        .append("-support</LifecycleSupportName><LifecycleSupportStartDate>").append(m.get(kind).get(0).asText())
                        .append("T00:00:00Z</LifecycleSupportStartDate><LifecycleSupportEndDate>").append(m.get(kind).get(1).asText())
                        .append("T23:59:59Z</LifecycleSupportEndDate></SupportedEngineLifecycle>");
            }
            xml.append("</SupportedEngineLifecycles></DBMajorEngineVersion>");
        }
        return xml.append("</DBMajorEngineVersions></DescribeDBMajorEngineVersionsResult><ResponseMetadata><RequestId>")
                .append(UUID.randomUUID()).append("</RequestId></ResponseMetadata></DescribeDBMajorEngineVersionsResponse>").toString();
    }

    private static final List<com.fasterxml.jackson.databind.JsonNode> MAJOR_VERSIONS = majorVersions();

    private static List<com.fasterxml.jackson.databind.JsonNode> majorVersions() {
        try (var in = AwsRules.class.getResourceAsStream("/rds-major-engine-versions.json")) {
            List<com.fasterxml.jackson.databind.JsonNode> all = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("majors").forEach(all::add);
            return all;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, List<String>> removedParameters() {
        try (var in = AwsRules.class.getResourceAsStream("/rds-removed-parameters.json")) {
            var removed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("removed");
            Map<String, List<String>> byFamily = new java.util.HashMap<>();
            removed.fields().forEachRemaining(f -> {
                List<String> names = new ArrayList<>();
                f.getValue().forEach(n -> names.add(n.asText()));
                byFamily.put(f.getKey(), names);
            });
            return byFamily;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> parse(String form) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
