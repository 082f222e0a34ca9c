package dev.auroraupgrade.rds;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * A Serverless v2 capacity range recommended from the source's last 14 days in CloudWatch (hourly figures), for
 * when the input names none. A Serverless source (v1 or v2) publishes ServerlessDatabaseCapacity (ACU) per cluster:
 * the maximum is the highest hourly peak plus 25 % headroom, the minimum the lowest hourly average. A provisioned
 * source publishes CPUUtilization per instance: the maximum keeps the writer's memory (its class's ACU equivalent,
 * 2 GiB an ACU, so the buffer pool is not smaller than today; twice that when the writer peaked above 80 % CPU),
 * the minimum is that equivalent times the lowest hourly average CPU. No data: no recommendation, and the plan
 * says so.
 */
public record CapacityHistory(Double min, Double max, String basis) {
    static final Duration WINDOW = Duration.ofDays(14);
    static final int PERIOD_SECONDS = 3600;
    static final double HEADROOM = 1.25;
    static final double CPU_BOUND_PERCENT = 80;

    /** What the source's history recommends, or a record with null bounds and the reason. */
    public static CapacityHistory recommend(CloudWatchClient cloudWatch, DBCluster cluster, List<DBInstance> members,
                                            Instant now) {
        String id = cluster.dbClusterIdentifier();
        String window = "the last " + WINDOW.toDays() + " days, hourly";
        try {
            String writer = RdsLookup.writerOf(cluster);
            DBInstance writerInstance = members.stream().filter(i -> i.dbInstanceIdentifier().equals(writer)).findFirst()
                    .orElse(null);
            boolean serverless = EngineModes.SERVERLESS_V1.equals(cluster.engineMode())
                    || (writerInstance != null && InstanceClasses.SERVERLESS.equals(writerInstance.dbInstanceClass()));
            if (serverless) {
                // Serverless v1 publishes the cluster's capacity; for Serverless v2 the DBClusterIdentifier series is the
                // average over its db.serverless instances (Aurora User Guide, "Important Amazon CloudWatch metrics for
                // Aurora Serverless v2"), so idle readers would hide the writer's peaks: read the writer's own series.
                boolean v1 = EngineModes.SERVERLESS_V1.equals(cluster.engineMode());
                String subject = v1 ? "'" + id + "'" : "writer " + writer;
                Extremes acu = v1 ? extremes(cloudWatch, "ServerlessDatabaseCapacity", "DBClusterIdentifier", id, now)
                        : extremes(cloudWatch, "ServerlessDatabaseCapacity", "DBInstanceIdentifier", writer, now);
                if (acu == null) {
                    return none("CloudWatch has no ServerlessDatabaseCapacity of " + subject + " for " + window);
                }
                double peak = acu.peak();
                double low = acu.lowestAverage();
                double max = Math.max(1, ceilHalf(peak * HEADROOM));
                double min = Math.min(max, Math.max(ServerlessV2Capacity.DEFAULT_MIN, floorHalf(low)));
                return new CapacityHistory(min, max, "ServerlessDatabaseCapacity of " + subject + " over " + window + ": peak "
                        + ServerlessV2Capacity.fmt(round(peak)) + " ACU (+25 % headroom), lowest hourly average "
                        + ServerlessV2Capacity.fmt(round(low)) + " ACU");
            }
            if (writerInstance == null) {
                return none("'" + id + "' has no writer to read history from");
            }
            Double classAcu = InstanceClasses.memoryAcu(writerInstance.dbInstanceClass());
            if (classAcu == null) {
                return none("no ACU equivalent is known for " + writerInstance.dbInstanceClass());
            }
            Extremes cpu = extremes(cloudWatch, "CPUUtilization", "DBInstanceIdentifier", writer, now);
            if (cpu == null) {
                return none("CloudWatch has no CPUUtilization of writer '" + writer + "' for " + window);
            }
            double peakCpu = cpu.peak();
            double lowCpu = cpu.lowestAverage();
            double max = Math.min(ServerlessV2Capacity.ABSOLUTE_MAX, classAcu * (peakCpu > CPU_BOUND_PERCENT ? 2 : 1));
            double min = Math.min(max, Math.max(ServerlessV2Capacity.DEFAULT_MIN, floorHalf(classAcu * lowCpu / 100)));
            return new CapacityHistory(min, max, "writer " + writer + " (" + writerInstance.dbInstanceClass() + ", "
                    + ServerlessV2Capacity.fmt(classAcu) + " ACU of memory) over " + window + ": CPU peak "
                    + Math.round(peakCpu) + " %" + (peakCpu > CPU_BOUND_PERCENT ? " (CPU-bound: twice the memory equivalent)"
                    : " (the memory equivalent)") + ", lowest hourly average " + Math.round(lowCpu) + " %");
        } catch (SdkException e) {
            return none("CloudWatch could not be read (" + e.getMessage() + ")");
        }
    }

    /**
     * What a db.serverless instance is billed on: its own ServerlessDatabaseCapacity (dimension DBInstanceIdentifier)
     * as the average of the window's hourly averages, in ACU; null with the reason when CloudWatch has none.
     */
    public static ExtendedSupportCost.Billed measured(CloudWatchClient cloudWatch, DBInstance instance, Instant now) {
        String id = instance.dbInstanceIdentifier();
        String cls = instance.dbInstanceClass();
        if (!InstanceClasses.SERVERLESS.equals(cls)) {
            return ExtendedSupportCost.Billed.provisioned(id, cls);
        }
        if (cloudWatch == null) {
            return new ExtendedSupportCost.Billed(id, cls, null, "its capacity is not measured by this step");
        }
        String window = "the last " + WINDOW.toDays() + " days";
        try {
            var response = cloudWatch.getMetricData(r -> r.startTime(now.minus(WINDOW)).endTime(now).metricDataQueries(
                    query("avg", "Average", "ServerlessDatabaseCapacity", "DBInstanceIdentifier", id)));
            List<Double> hourly = values(response.metricDataResults(), "avg");
            if (hourly.isEmpty()) {
                return new ExtendedSupportCost.Billed(id, cls, null, "CloudWatch has no ServerlessDatabaseCapacity of "
                        + "instance " + id + " for " + window);
            }
            double average = hourly.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            return new ExtendedSupportCost.Billed(id, cls, Math.round(average * 100) / 100.0, "ServerlessDatabaseCapacity "
                    + "of instance " + id + ", average of " + hourly.size() + " hourly averages over " + window);
        } catch (SdkException e) {
            return new ExtendedSupportCost.Billed(id, cls, null, "CloudWatch could not be read (" + e.getMessage() + ")");
        }
    }

    /** Each instance as billed, db.serverless ones measured. */
    public static List<ExtendedSupportCost.Billed> measured(CloudWatchClient cloudWatch, List<DBInstance> instances,
                                                            Instant now) {
        return instances.stream().map(i -> measured(cloudWatch, i, now)).toList();
    }

    /** Whether there is a recommendation. */
    public boolean known() {
        return max != null;
    }

    private static CapacityHistory none(String why) {
        return new CapacityHistory(null, null, "no recommendation from history: " + why);
    }

    /** The highest hourly maximum and the lowest hourly average of a metric over the window. */
    private record Extremes(double peak, double lowestAverage) {
    }

    /** One GetMetricData call, both statistics as two queries; null when either has no datapoint. */
    private static Extremes extremes(CloudWatchClient cw, String metric, String dimension, String value, Instant now) {
        var response = cw.getMetricData(r -> r.startTime(now.minus(WINDOW)).endTime(now).metricDataQueries(
                query("peak", "Maximum", metric, dimension, value), query("low", "Average", metric, dimension, value)));
        List<Double> peaks = values(response.metricDataResults(), "peak");
        List<Double> averages = values(response.metricDataResults(), "low");
        if (peaks.isEmpty() || averages.isEmpty()) {
            return null;
        }
        return new Extremes(peaks.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                averages.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }

    private static MetricDataQuery query(String id, String stat, String metric, String dimension, String value) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.stat(stat).period(PERIOD_SECONDS)
                .metric(m -> m.namespace("AWS/RDS").metricName(metric).dimensions(d -> d.name(dimension).value(value))))
                .build();
    }

    private static List<Double> values(List<MetricDataResult> results, String id) {
        return results.stream().filter(r -> id.equals(r.id()) && r.hasValues()).flatMap(r -> r.values().stream()).toList();
    }

    private static double ceilHalf(double acu) {
        return Math.ceil(acu * 2) / 2;
    }

    private static double floorHalf(double acu) {
        return Math.floor(acu * 2) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
