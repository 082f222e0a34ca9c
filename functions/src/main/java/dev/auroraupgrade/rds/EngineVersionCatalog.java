package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.AwsErrors;
import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.ServerlessV2FeaturesSupport;
import software.amazon.awssdk.services.rds.model.UpgradeTarget;

/**
 * Decides the target engine version and its Serverless v2 limits. DescribeDBEngineVersions is the authority;
 * where it cannot answer (the local emulator does not implement it) the built-in rules apply, and the
 * result says which source was used.
 */
public final class EngineVersionCatalog {
    public static final String SOURCE_API = "DescribeDBEngineVersions";

    /** The decided target version and what it allows. */
    public record Resolved(EngineVersion target, double maxCapacity, boolean autoPauseSupported,
                           boolean dataApiSupported, String source, String note) {
    }

    /** Where a snapshot migration starts (the version the snapshot is restored at) and where it goes. */
    public record Route(EngineVersion restore, Resolved target, String note) {
    }

    private final RdsClient rds;

    public EngineVersionCatalog(RdsClient rds) {
        this.rds = rds;
    }

    /**
     * Decides the restore version and the target of a snapshot migration. AWS restores a snapshot only at a version
     * RDS still offers (Aurora User Guide, "Upgrading from Aurora Serverless v1": restore at the latest available
     * minor of the source's major); v1-era minors such as aurora-mysql 2.07-2.11 are no longer offered. Without
     * {@code restoreRequested}, the restore version is the highest offered version of the source's major from which
     * the target is a direct upgrade target.
     */
    public Route route(EngineVersion source, String restoreRequested, String targetRequested) {
        EngineVersion wanted = targetRequested == null ? null
                : EngineVersion.parse("targetEngineVersion", source.engine(), targetRequested);
        EngineVersion requested = restoreRequested == null ? null
                : EngineVersion.parse("restoreEngineVersion", source.engine(), restoreRequested);
        Offered rdsOffers = offered(source.engine());
        List<DBEngineVersion> offered = rdsOffers.versions();
        if (rdsOffers.builtInReason() != null) {
            EngineVersion restore = requested != null ? requested : source;
            Resolved target = builtIn(restore, wanted, rdsOffers.builtInReason());
            return new Route(restore, target, requested != null ? null : "restoring at the source's version " + source
                    + " (" + target.source() + "): if RDS no longer offers it, the restore fails; set restoreEngineVersion "
                    + "to a version RDS offers");
        }
        if (wanted != null) {
            // The clearest reason first: lower than the source, no Serverless v2 at all, not offered.
            checkTarget(source, wanted, ServerlessV2Rules.supportsServerlessV2(wanted));
            if (find(offered, wanted.raw()).filter(v -> !"deprecated".equalsIgnoreCase(v.status())).isEmpty()) {
                throw new UnsupportedEngineVersionException("targetEngineVersion '" + wanted + "' is not offered by RDS for "
                        + source.engine() + " in this region (or is deprecated)");
            }
        }
        if (requested != null) {
            if (find(offered, requested.raw()).filter(v -> !"deprecated".equalsIgnoreCase(v.status())).isEmpty()) {
                throw new UnsupportedEngineVersionException("restoreEngineVersion '" + requested + "' is not offered by "
                        + "RDS for " + source.engine() + " in this region; offered for major " + source.major() + ": "
                        + sameMajor(offered, source).stream().map(EngineVersion::raw).collect(Collectors.joining(", ")));
            }
            return new Route(requested, fromApi(requested, wanted, offered), null);
        }
        List<EngineVersion> candidates = sameMajor(offered, source);
        if (candidates.isEmpty()) {
            throw new UnsupportedEngineVersionException("RDS offers no " + source.engine() + " version of the source's major "
                    + "at or above " + source + " to restore the snapshot at; the source cannot be migrated by snapshot "
                    + "(use the in-place route)");
        }
        List<String> refused = new java.util.ArrayList<>();
        for (EngineVersion candidate : candidates) {
            try {
                Resolved target = fromApi(candidate, wanted, offered);
                return new Route(candidate, target, candidate.equals(source) ? null : "restoring at " + candidate
                        + ", the highest version RDS offers for the source's major from which " + target.target()
                        + " is a direct upgrade target (the source runs " + source + ")");
            } catch (UnsupportedEngineVersionException e) {
                refused.add(candidate + ": " + e.getMessage());
            }
        }
        throw new UnsupportedEngineVersionException("no version RDS offers for the source's major can be upgraded "
                + "directly to " + (wanted == null ? "a Serverless v2 version" : wanted) + " (" + String.join("; ", refused) + ")");
    }

    /** Offered versions of the source's major at or above it, highest first; version strings this tool cannot read are skipped. */
    private static List<EngineVersion> sameMajor(List<DBEngineVersion> offered, EngineVersion source) {
        List<EngineVersion> versions = new java.util.ArrayList<>();
        for (DBEngineVersion v : offered) {
            if ("deprecated".equalsIgnoreCase(v.status())) {
                continue;
            }
            try {
                EngineVersion parsed = EngineVersion.parse("engineVersion", source.engine(), v.engineVersion());
                if (parsed.sameMajor(source) && parsed.compareTo(source) >= 0) {
                    versions.add(parsed);
                }
            } catch (UnsupportedEngineVersionException unknownForm) {
                // for example a Limitless Database version: not a restore target of this route
            }
        }
        versions.sort(Comparator.reverseOrder());
        return versions;
    }

    /**
     * @param restore   the version the snapshot is restored at (the upgrade starts here)
     * @param requested the input's targetEngineVersion, or null to pick one
     */
    public Resolved resolve(EngineVersion restore, String requested) {
        EngineVersion wanted = requested == null ? null
                : EngineVersion.parse("targetEngineVersion", restore.engine(), requested);
        Offered rdsOffers = offered(restore.engine());
        if (rdsOffers.builtInReason() != null) {
            return builtIn(restore, wanted, rdsOffers.builtInReason());
        }
        List<DBEngineVersion> offered = rdsOffers.versions();
        return fromApi(restore, wanted, offered);
    }

    private Resolved builtIn(EngineVersion restore, EngineVersion wanted, String source) {
        EngineVersion target = wanted;
        String note = null;
        if (target == null) {
            target = EngineVersion.parse("targetEngineVersion", restore.engine(),
                    ServerlessV2Rules.defaultTarget(restore.engine()));
            if (target.compareTo(restore) < 0) {
                target = restore;
            }
            note = "targetEngineVersion not given: picked " + target + " from " + source;
        }
        checkTarget(restore, target, ServerlessV2Rules.supportsServerlessV2(target));
        return new Resolved(target, ServerlessV2Rules.maxCapacity(target), ServerlessV2Rules.supportsAutoPause(target),
                ServerlessV2Rules.supportsDataApi(target), source, note);
    }

    private Resolved fromApi(EngineVersion restore, EngineVersion wanted, List<DBEngineVersion> offered) {
        Optional<DBEngineVersion> restoreInfo = find(offered, restore.raw());
        List<String> directTargets = restoreInfo.map(DBEngineVersion::validUpgradeTarget).orElse(List.of())
                .stream().map(UpgradeTarget::engineVersion).toList();
        DBEngineVersion chosen;
        String note = null;
        if (wanted == null) {
            chosen = offered.stream()
                    .filter(v -> v.serverlessV2FeaturesSupport() != null)
                    .filter(v -> v.engineVersion().equals(restore.raw()) || directTargets.contains(v.engineVersion()))
                    .filter(v -> !"deprecated".equalsIgnoreCase(v.status()))
                    .max(Comparator.comparing(v -> EngineVersion.parse("engineVersion", restore.engine(), v.engineVersion())))
                    .orElseThrow(() -> new UnsupportedEngineVersionException("no Serverless v2 version is a direct "
                            + "upgrade target of " + restore + " (targets: " + String.join(", ", directTargets)
                            + "); set restoreEngineVersion to a later minor of the same major, or targetEngineVersion"));
            note = "targetEngineVersion not given: picked " + chosen.engineVersion()
                    + ", the highest Serverless v2 version RDS lists as a direct upgrade target of " + restore;
        } else {
            chosen = find(offered, wanted.raw()).filter(EngineVersionCatalog::available).orElseThrow(() -> new UnsupportedEngineVersionException(
                    "targetEngineVersion '" + wanted + "' is not offered by RDS for " + restore.engine()
                            + " in this region"));
        }
        EngineVersion target = EngineVersion.parse("targetEngineVersion", restore.engine(), chosen.engineVersion());
        ServerlessV2FeaturesSupport features = chosen.serverlessV2FeaturesSupport();
        checkTarget(restore, target, features != null);
        if (!target.equals(restore) && restoreInfo.isPresent() && !directTargets.contains(target.raw())) {
            throw new UnsupportedEngineVersionException("RDS does not offer a direct upgrade from " + restore + " to "
                    + target + "; set restoreEngineVersion to a later minor of " + restore.major()
                    + " that can upgrade to it. Direct targets of " + restore + ": "
                    + directTargets.stream().sorted().collect(Collectors.joining(", ")));
        }
        if (restoreInfo.isEmpty()) {
            note = (note == null ? "" : note + "; ") + "RDS no longer lists " + restore
                    + ", so the upgrade path could not be checked in advance";
        }
        double max = features.maxCapacity() != null ? features.maxCapacity() : ServerlessV2Rules.maxCapacity(target);
        boolean autoPause = features.minCapacity() != null ? features.minCapacity() == 0.0
                : ServerlessV2Rules.supportsAutoPause(target);
        return new Resolved(target, max, autoPause, ServerlessV2Rules.supportsDataApi(target), SOURCE_API, note);
    }

    /**
     * How RDS takes an existing cluster from its version to the target: directly, or only after a minor upgrade of
     * its own major ({@code minorUpgradeFirst}). {@code source} says what decided it.
     */
    public record UpgradePath(String source, String minorUpgradeFirst) {
        public boolean direct() {
            return minorUpgradeFirst == null;
        }
    }

    /**
     * The upgrade path of an existing cluster, or a refusal. The cluster's own version is looked up with IncludeAll
     * (RDS API reference, DescribeDBEngineVersions: it also lists versions that are no longer available, such as the
     * RDS Extended Support minors converted Serverless v1 clusters run); a version RDS does not list at all is refused,
     * since the path could not be known before blue is changed.
     */
    public UpgradePath upgradePath(EngineVersion current, EngineVersion target) {
        if (target.compareTo(current) < 0) {
            throw new UnsupportedEngineVersionException("targetEngineVersion " + target
                    + " is lower than the cluster's version " + current);
        }
        Offered rdsOffers = offered(current.engine());
        if (rdsOffers.builtInReason() != null) {
            return new UpgradePath(rdsOffers.builtInReason(), null);
        }
        List<DBEngineVersion> offered = rdsOffers.versions();
        if (find(offered, target.raw()).filter(EngineVersionCatalog::available).isEmpty()) {
            throw new UnsupportedEngineVersionException("targetEngineVersion '" + target + "' is not offered by RDS for "
                    + current.engine() + " in this region" + (find(offered, target.raw()).isPresent()
                        ? " (it is listed as '" + find(offered, target.raw()).get().status() + "', not available)" : ""));
        }
        if (target.equals(current)) {
            return new UpgradePath(SOURCE_API, null);
        }
        DBEngineVersion from = find(offered, current.raw()).orElseThrow(() -> new UnsupportedEngineVersionException(
                "RDS does not list the cluster's version " + current + " (DescribeDBEngineVersions with IncludeAll), so "
                        + "the upgrade path to " + target + " cannot be checked before anything changes"));
        List<String> direct = targetsOf(from);
        if (direct.contains(target.raw())) {
            return new UpgradePath(SOURCE_API, null);
        }
        // A hop this run may make is within the cluster's own major: a major upgrade of blue in place would defeat
        // the route. Through another major, the run is refused with that version named, for a run of its own.
        Optional<String> minorHop = hop(current, target, offered, direct, true);
        if (minorHop.isPresent()) {
            return new UpgradePath(SOURCE_API, minorHop.get());
        }
        throw new UnsupportedEngineVersionException("RDS offers no upgrade from " + current + " to " + target
                + ", directly or after a minor upgrade of " + current.major() + hop(current, target, offered, direct, false)
                        .map(v -> ". Upgrade to " + v + " first (run this workflow with targetEngineVersion " + v
                                + "), then run it again for " + target)
                        .orElse("; direct targets of " + current + ": " + direct.stream().sorted().collect(Collectors.joining(", "))));
    }

    /** The highest direct target of {@code current} (of its own major only, if asked) from which {@code target} is direct. */
    private static Optional<String> hop(EngineVersion current, EngineVersion target, List<DBEngineVersion> offered,
                                        List<String> direct, boolean ownMajor) {
        return direct.stream()
                .filter(v -> !ownMajor || sameMajor(current, v))
                .filter(v -> find(offered, v).filter(EngineVersionCatalog::available)
                        .map(d -> targetsOf(d).contains(target.raw())).orElse(false))
                .max(Comparator.comparing(v -> EngineVersion.parse("engineVersion", current.engine(), v)));
    }

    /**
     * Checks a direct upgrade (or same-version parameter change) of an existing cluster. Returns the source of truth
     * used; refuses a target RDS does not offer or cannot reach directly, naming the minor upgrade that would.
     */
    public String checkUpgrade(EngineVersion current, EngineVersion target) {
        UpgradePath path = upgradePath(current, target);
        if (!path.direct()) {
            throw new UnsupportedEngineVersionException("RDS does not offer a direct upgrade from " + current + " to "
                    + target + ": a minor upgrade to " + path.minorUpgradeFirst() + " must come first");
        }
        return path.source();
    }

    private static List<String> targetsOf(DBEngineVersion v) {
        return v.validUpgradeTarget().stream().map(UpgradeTarget::engineVersion).toList();
    }

    private static boolean sameMajor(EngineVersion current, String version) {
        try {
            return EngineVersion.parse("engineVersion", current.engine(), version).sameMajor(current);
        } catch (UnsupportedEngineVersionException unknownForm) {
            return false;
        }
    }

    private static boolean available(DBEngineVersion v) {
        return !"deprecated".equalsIgnoreCase(v.status());
    }

    /**
     * What a version allows on Serverless v2: from its ServerlessV2FeaturesSupport in DescribeDBEngineVersions (the
     * authority; none listed: not supported), or from the built-in rules where the endpoint does not implement the
     * call or does not list the version. {@code source} says which.
     */
    public record Features(boolean supported, double maxCapacity, boolean autoPauseSupported, String source) {
    }

    /** The Serverless v2 features of {@code v}, read-only. */
    public Features serverlessV2Features(EngineVersion v) {
        Offered rdsOffers = offered(v.engine());
        Optional<DBEngineVersion> listed = find(rdsOffers.versions(), v.raw());
        if (rdsOffers.builtInReason() != null || listed.isEmpty()) {
            return new Features(ServerlessV2Rules.supportsServerlessV2(v), ServerlessV2Rules.maxCapacity(v),
                    ServerlessV2Rules.supportsAutoPause(v), rdsOffers.builtInReason() != null ? rdsOffers.builtInReason()
                            : "built-in rules (DescribeDBEngineVersions does not list " + v + ")");
        }
        ServerlessV2FeaturesSupport f = listed.get().serverlessV2FeaturesSupport();
        if (f == null) {
            return new Features(false, 0, false, SOURCE_API + " (no ServerlessV2FeaturesSupport for " + v + ")");
        }
        return new Features(true, f.maxCapacity() != null ? f.maxCapacity() : ServerlessV2Rules.maxCapacity(v),
                f.minCapacity() != null ? f.minCapacity() == 0.0 : ServerlessV2Rules.supportsAutoPause(v), SOURCE_API);
    }

    /**
     * Refuses a target for which db.serverless cannot be ordered in this Region (DescribeOrderableDBInstanceOptions
     * with the engine, version and class), before anything irreversible. Only an endpoint that does not implement
     * the call leaves the decision to the Serverless v2 support already found, and a notice says so.
     */
    public void requireServerlessOrderable(String field, EngineVersion target, Features features, List<String> notices) {
        try {
            var options = rds.describeOrderableDBInstanceOptions(r -> r.engine(target.engine())
                    .engineVersion(target.raw()).dbInstanceClass(InstanceClasses.SERVERLESS).maxRecords(20))
                    .orderableDBInstanceOptions();
            if (options.isEmpty()) {
                throw new UnsupportedEngineVersionException(field + ": db.serverless is not orderable for " + target.engine()
                        + " " + target + " in this Region (DescribeOrderableDBInstanceOptions lists no option): no "
                        + "Serverless v2 instance could be added, so nothing is changed; pick a version RDS offers "
                        + "db.serverless for");
            }
        } catch (SdkException e) {
            if (!notImplemented(e)) {
                throw e;
            }
            notices.add("DescribeOrderableDBInstanceOptions is not served by this endpoint: db.serverless for " + target
                    + " is assumed orderable from " + features.source());
        }
    }

    /** What RDS offers for an engine, or why the built-in rules decide instead. */
    private record Offered(List<DBEngineVersion> versions, String builtInReason) {
    }

    private Offered offered(String engine) {
        try {
            List<DBEngineVersion> versions = rds.describeDBEngineVersionsPaginator(r -> r.engine(engine).includeAll(true))
                    .dbEngineVersions().stream().toList();
            return new Offered(versions, versions.isEmpty()
                    ? "built-in rules (DescribeDBEngineVersions listed no versions)" : null);
        } catch (SdkException e) {
            // Only an endpoint that does not implement the call (the local emulator) falls back to the built-in
            // rules; on AWS a refusal or an outage must stop the pre-flight, not change the versions it picks.
            if (!notImplemented(e)) {
                throw e;
            }
            return new Offered(List.of(), "built-in rules (DescribeDBEngineVersions unavailable: " + AwsErrors.reason(e) + ")");
        }
    }

    /** An endpoint without the operation (the local emulator): InvalidAction or NotImplemented, nothing else. */
    public static boolean notImplemented(SdkException e) {
        return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException s && s.awsErrorDetails() != null
                && ("InvalidAction".equals(s.awsErrorDetails().errorCode())
                    || "NotImplemented".equals(s.awsErrorDetails().errorCode()));
    }

    private static void checkTarget(EngineVersion restore, EngineVersion target, boolean supportsV2) {
        if (target.compareTo(restore) < 0) {
            throw new UnsupportedEngineVersionException("targetEngineVersion " + target
                    + " is lower than the version the cluster starts from (" + restore + ")");
        }
        if (!supportsV2) {
            throw new UnsupportedEngineVersionException("targetEngineVersion " + target
                    + " does not support Aurora Serverless v2 (it needs " + ServerlessV2Rules.SERVERLESS_V2.describe() + ")");
        }
    }

    private static Optional<DBEngineVersion> find(List<DBEngineVersion> offered, String version) {
        return offered.stream().filter(v -> version.equals(v.engineVersion())).findFirst();
    }
}
