package dev.auroraupgrade.fleet;

import java.util.List;

/** The fleet's output and its SNS summary: a row per cluster in run order, the totals, and the same as text. */
public record FleetResult(
        String workflow,
        String fleetRunId,
        boolean dryRun,
        String selection,
        List<FleetRow> rows,
        Totals totals,
        /** The table's totals overall, per account and per Region, with what standing still costs (FleetTable). */
        FleetTable.Totals table,
        /** Old blues that still stand after the run (kept, or their retirement scheduled), in row order. */
        List<dev.auroraupgrade.bluegreen.OldBlueReport> oldBlues,
        /** Their Extended Support per month together; null when one of them is unpriced. */
        Double oldBlueMonthlyTotal,
        /** Clusters whose IaC must be updated to what their run changed ("id: N values [in CloudFormation stack S]"). */
        List<String> iacToUpdate,
        List<String> excluded,
        List<String> notices,
        /** An organization-wide fleet's totals per account and Region, in target order; empty for one account. */
        List<TargetTotals> targets,
        /** Where the full table is kept in the orchestrator account (S3, JSON); null when no bucket is set. */
        Report report,
        /** The SNS summary's subject (under 100 characters, as SNS requires). */
        String subject,
        String text) {
    /**
     * The full table in S3: s3://bucket/jsonKey (this result itself, as the state machine writes it) and
     * s3://bucket/csvKey (the rows as CSV, written by the summarizing function); csvError says why the CSV was not
     * written (null: it was). The state machine adds writeError when the JSON could not be written.
     */
    public record Report(String bucket, String jsonKey, String csvKey, String csvError) {
    }

    /** One member account and Region's share of the totals; {@code reachable} false when its role could not be used. */
    public record TargetTotals(String account, String region, boolean reachable, int clusters, int succeeded, int failed,
                               int notStarted, int planned, int blocked) {
    }

    /** How many clusters ended each way; planned and blocked count a dry run's plans. */
    public record Totals(int clusters, int succeeded, int failed, int notStarted, int planned, int blocked,
                         java.util.Map<String, Integer> blockedBy,
                         /** Targets whose member role could not be used (their clusters are not counted above). */
                         int unreachableTargets) {
    }
}
