package dev.auroraupgrade.bluegreen;

/**
 * What became of the replication setting this run turned on for Blue/Green (binlog_format, rds.logical_replication),
 * read from RDS after the switchover. {@code status}: LEFT_ON (not asked to restore), RESTORED (back as blue had it,
 * the writer has it in-sync), PENDING_REBOOT (back in the group, applies at the writer's next reboot), NOT_RESTORED
 * (refused or not possible: {@code detail} says why and what to do), NOT_NEEDED (blue had it on before the run).
 */
public record ReplicationSettingsReport(
        String status,
        String parameter,
        String parameterGroup,
        /** Its value in that group now. */
        String value,
        /** What blue had before this run (the engine default where its group set none). */
        String valueBefore,
        String writerInstanceIdentifier,
        /** The writer's DBClusterParameterGroupStatus (in-sync, pending-reboot). */
        String writerParameterStatus,
        /**
         * The writer's reboot after the switchover, when this run made one: from the reboot request to the first check
         * that saw the writer in-sync (the resolution of that loop's wait); null: no reboot.
         */
        Long writerRebootSeconds,
        /** What it costs while on, and what to do. */
        String detail) {
    public static final String LEFT_ON = "LEFT_ON";
    public static final String RESTORED = "RESTORED";
    public static final String PENDING_REBOOT = "PENDING_REBOOT";
    public static final String NOT_RESTORED = "NOT_RESTORED";
    public static final String NOT_NEEDED = "NOT_NEEDED";
}
