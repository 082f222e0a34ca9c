package dev.auroraupgrade.rds;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Provisioned instance classes for the transient writer, mapped from Serverless v1 capacity as AWS maps them. */
public final class InstanceClasses {
    public static final String SERVERLESS = "db.serverless";

    private static final NavigableMap<Double, String> BY_V1_CAPACITY = new TreeMap<>(Map.of(
            // AWS maps 1 ACU to db.t3.small, which Aurora MySQL 3 and Aurora PostgreSQL do not offer.
            1.0, "db.t3.medium",
            2.0, "db.t3.medium",
            4.0, "db.t3.large",
            8.0, "db.r5.large",
            16.0, "db.r5.xlarge",
            32.0, "db.r5.2xlarge",
            64.0, "db.r5.4xlarge",
            128.0, "db.r5.8xlarge",
            256.0, "db.r5.16xlarge",
            384.0, "db.r5.24xlarge"));

    private InstanceClasses() {
    }

    /** The class for a v1 maximum capacity (rounded up to the next mapped capacity). */
    public static String forV1Capacity(double acu) {
        Map.Entry<Double, String> e = BY_V1_CAPACITY.ceilingEntry(acu);
        return e != null ? e.getValue() : BY_V1_CAPACITY.lastEntry().getValue();
    }

    /** The v1 capacity AWS pairs with a provisioned class, or null when the class is not in the table. */
    public static Double v1CapacityFor(String instanceClass) {
        return BY_V1_CAPACITY.entrySet().stream()
                .filter(e -> e.getValue().equals(instanceClass))
                .map(Map.Entry::getKey)
                .reduce((first, second) -> second)
                .orElse(null);
    }
}
