package dev.auroraupgrade.rds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.SupportedEngineLifecycle;

/**
 * Where a major engine version stands in RDS's support lifecycle: the dates from DescribeDBMajorEngineVersions
 * (RDS API reference; SupportedEngineLifecycles, names open-source-rds-standard-support and
 * open-source-rds-extended-support) and whether, on {@code today}, a cluster of it runs on RDS Extended Support
 * (billed per vCPU-hour). The cluster's own EngineLifecycleSupport says whether it may enter Extended Support.
 */
public record EngineLifecycle(String engine, String majorVersion, String clusterSetting, String standardSupportEnds,
                              String extendedSupportStarts, String extendedSupportEnds, Boolean inExtendedSupport,
                              String source) {
    public static final String STANDARD = "open-source-rds-standard-support";
    public static final String EXTENDED = "open-source-rds-extended-support";
    public static final String SOURCE_API = "DescribeDBMajorEngineVersions";
    public static final String DISABLED = "open-source-rds-extended-support-disabled";

    /** The major version RDS names in that API: aurora-mysql "5.7", "8.0", "8.4"; aurora-postgresql "13", "16". */
    public static String majorOf(EngineVersion v) {
        return v.parameterGroupFamily().substring(v.engine().length());
    }

    /** Reads the lifecycle of a version's major; where the endpoint does not serve the call, the dates stay unknown. */
    public static EngineLifecycle of(RdsClient rds, EngineVersion v, String clusterSetting, LocalDate today) {
        String major = majorOf(v);
        try {
            var majors = rds.describeDBMajorEngineVersionsPaginator(r -> r.engine(v.engine()).majorEngineVersion(major))
                    .dbMajorEngineVersions().stream().toList();
            var lifecycles = majors.stream().filter(m -> major.equals(m.majorEngineVersion()))
                    .flatMap(m -> m.supportedEngineLifecycles().stream()).toList();
            Instant standardEnd = end(lifecycles, STANDARD);
            Instant extendedEnd = end(lifecycles, EXTENDED);
            Instant extendedStart = lifecycles.stream().filter(l -> EXTENDED.equals(l.lifecycleSupportNameAsString()))
                    .map(SupportedEngineLifecycle::lifecycleSupportStartDate).findFirst().orElse(null);
            // Past standard support, a cluster that opted out (open-source-rds-extended-support-disabled) is not
            // billed Extended Support: RDS upgrades it instead (Aurora User Guide, "Amazon RDS Extended Support").
            Boolean extended = standardEnd == null ? null
                    : today.isAfter(LocalDate.ofInstant(standardEnd, ZoneOffset.UTC)) && !DISABLED.equals(clusterSetting);
            return new EngineLifecycle(v.engine(), major, clusterSetting, day(standardEnd), day(extendedStart),
                    day(extendedEnd), extended,
                    lifecycles.isEmpty() ? SOURCE_API + " (no lifecycle listed)" : SOURCE_API);
        } catch (SdkException e) {
            if (!EngineVersionCatalog.notImplemented(e)) {
                throw e;
            }
            return new EngineLifecycle(v.engine(), major, clusterSetting, null, null, null, null,
                    SOURCE_API + " not served by this endpoint: dates unknown");
        }
    }

    private static Instant end(java.util.List<SupportedEngineLifecycle> lifecycles, String name) {
        return lifecycles.stream().filter(l -> name.equals(l.lifecycleSupportNameAsString()))
                .map(SupportedEngineLifecycle::lifecycleSupportEndDate).findFirst().orElse(null);
    }

    private static String day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** One line for the plan and the output. */
    public String describe() {
        String where = inExtendedSupport == null ? "support dates unknown (" + source + ")"
                : inExtendedSupport ? "in RDS Extended Support since " + (extendedSupportStarts != null ? extendedSupportStarts
                        : "the end of standard support on " + standardSupportEnds) + " (billed per vCPU-hour or ACU-hour"
                        + (extendedSupportEnds == null ? ")" : ", ends " + extendedSupportEnds + ")")
                : "in standard support until " + standardSupportEnds;
        return engine + " " + majorVersion + ": " + where
                + (clusterSetting == null ? "" : "; cluster EngineLifecycleSupport " + clusterSetting);
    }
}
