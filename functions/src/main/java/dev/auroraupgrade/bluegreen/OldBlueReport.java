package dev.auroraupgrade.bluegreen;

/**
 * What became of the old blue a switchover left: kept (billed until someone deletes it), its retirement scheduled
 * (retireOldBlueAfterHours: snapshotted, then deleted by this run), or retired. The retirement steps take it as their
 * plan; the fleet summary lists every old blue still standing from it.
 *
 * @param clusterIdentifier        the upgraded cluster (the old blue's tag {@code aurora-upgrade:old-blue-of} names it)
 * @param monthlyExtendedSupport   Extended Support per month while it stands (the plan's figure); null when unknown
 * @param retireAfter              when the retirement starts (ISO time), null when kept
 * @param finalSnapshotIdentifier  the snapshot taken before the delete, kept ({@code RdsNames.oldBlueFinalSnapshot})
 */
public record OldBlueReport(String clusterIdentifier, String oldBlueClusterIdentifier, Double monthlyExtendedSupport,
                            Integer retireAfterHours, String retireAfter, String finalSnapshotIdentifier, String status) {
    public static final String KEPT = "KEPT";
    public static final String RETIREMENT_SCHEDULED = "RETIREMENT_SCHEDULED";
    public static final String RETIRED = "RETIRED";

    /** Still standing (and billed) when the run ended. */
    public boolean standing() {
        return !RETIRED.equals(status);
    }
}
