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

    private final RdsClient rds;

    public EngineVersionCatalog(RdsClient rds) {
        this.rds = rds;
    }

    /**
     * @param restore   the version the snapshot is restored at (the upgrade starts here)
     * @param requested the input's targetEngineVersion, or null to pick one
     */
    public Resolved resolve(EngineVersion restore, String requested) {
        EngineVersion wanted = requested == null ? null
                : EngineVersion.parse("targetEngineVersion", restore.engine(), requested);
        List<DBEngineVersion> offered;
        try {
            offered = rds.describeDBEngineVersionsPaginator(r -> r.engine(restore.engine()).includeAll(true))
                    .dbEngineVersions().stream().toList();
        } catch (SdkException e) {
            return builtIn(restore, wanted, "built-in rules (DescribeDBEngineVersions unavailable: "
                    + AwsErrors.reason(e) + ")");
        }
        if (offered.isEmpty()) {
            return builtIn(restore, wanted, "built-in rules (DescribeDBEngineVersions listed no versions)");
        }
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
            chosen = find(offered, wanted.raw()).orElseThrow(() -> new UnsupportedEngineVersionException(
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
     * Checks an upgrade (or same-version parameter change) of an existing cluster. Returns the source of truth
     * used; refuses a target RDS does not offer or cannot reach directly.
     */
    public String checkUpgrade(EngineVersion current, EngineVersion target) {
        if (target.compareTo(current) < 0) {
            throw new UnsupportedEngineVersionException("targetEngineVersion " + target
                    + " is lower than the cluster's version " + current);
        }
        List<DBEngineVersion> offered;
        try {
            offered = rds.describeDBEngineVersionsPaginator(r -> r.engine(current.engine()).includeAll(true))
                    .dbEngineVersions().stream().toList();
        } catch (SdkException e) {
            return "built-in rules (DescribeDBEngineVersions unavailable: " + AwsErrors.reason(e) + ")";
        }
        if (offered.isEmpty()) {
            return "built-in rules (DescribeDBEngineVersions listed no versions)";
        }
        if (find(offered, target.raw()).isEmpty()) {
            throw new UnsupportedEngineVersionException("targetEngineVersion '" + target + "' is not offered by RDS for "
                    + current.engine() + " in this region");
        }
        List<String> direct = find(offered, current.raw()).map(DBEngineVersion::validUpgradeTarget).orElse(List.of())
                .stream().map(UpgradeTarget::engineVersion).toList();
        if (!target.equals(current) && !direct.isEmpty() && !direct.contains(target.raw())) {
            throw new UnsupportedEngineVersionException("RDS does not offer a direct upgrade from " + current + " to "
                    + target + "; direct targets: " + direct.stream().sorted().collect(Collectors.joining(", ")));
        }
        return SOURCE_API;
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
