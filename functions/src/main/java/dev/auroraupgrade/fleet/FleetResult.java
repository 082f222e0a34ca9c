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
        /** Old blues that still stand after the run (kept, or their retirement scheduled), in row order. */
        List<dev.auroraupgrade.bluegreen.OldBlueReport> oldBlues,
        /** Their Extended Support per month together; null when one of them is unpriced. */
        Double oldBlueMonthlyTotal,
        /** Clusters whose IaC must be updated to what their run changed ("id: N values [in CloudFormation stack S]"). */
        List<String> iacToUpdate,
        List<String> excluded,
        List<String> notices,
        String text) {
    /** How many clusters ended each way; planned and blocked count a dry run's plans. */
    public record Totals(int clusters, int succeeded, int failed, int notStarted, int planned, int blocked,
                         java.util.Map<String, Integer> blockedBy) {
    }
}
