package dev.auroraupgrade.migration;

import java.util.List;

/** The named Error and the operator-facing Cause the execution fails with. */
public record FailureReport(String error, String cause, List<String> createdResources, boolean sourceModified) {
}
