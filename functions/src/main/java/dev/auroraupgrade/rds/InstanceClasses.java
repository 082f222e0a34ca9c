package dev.auroraupgrade.rds;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Provisioned instance classes: the transient writer from Serverless v1 capacity (as AWS maps them), and each class's vCPUs and memory. */
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

    /**
     * The ACU equivalent of a class's memory (an ACU is about 2 GiB; Aurora User Guide, "Aurora Serverless v2
     * capacity"): r-family classes have 8 GiB per vCPU (large: 16 GiB = 8 ACU, doubling with each size), t-family
     * medium 4 GiB and large 8 GiB; x2g twice the r-family. Null for a class not covered.
     */
    public static Double memoryAcu(String instanceClass) {
        String[] parts = parts(instanceClass);
        if (parts == null) {
            return null;
        }
        String family = parts[1];
        String size = parts[2];
        if (family.startsWith("t")) {
            return switch (size) {
                case "small" -> 1.0;
                case "medium" -> 2.0;
                case "large" -> 4.0;
                default -> null;
            };
        }
        Double vcpus = vcpus(instanceClass);
        if (vcpus == null || !(family.startsWith("r") || family.startsWith("x2"))) {
            return null;
        }
        return vcpus * 4 * (family.startsWith("x2") ? 2 : 1);
    }

    /** vCPUs of an instance class from its size (large 2, xlarge 4, Nxlarge 4N; t-family small/medium/large 2). */
    public static Double vcpus(String instanceClass) {
        String[] parts = parts(instanceClass);
        if (parts == null) {
            return null;
        }
        String size = parts[2];
        if (size.equals("small") || size.equals("medium") || size.equals("large")) {
            return 2.0;
        }
        if (size.equals("xlarge")) {
            return 4.0;
        }
        if (size.endsWith("xlarge")) {
            try {
                return 4.0 * Integer.parseInt(size.substring(0, size.length() - "xlarge".length()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** "db", family, size of a class name such as db.r6g.large; null for anything else. */
    private static String[] parts(String instanceClass) {
        String[] parts = instanceClass == null ? new String[0] : instanceClass.split("\\.");
        return parts.length == 3 ? parts : null;
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
