package dev.auroraupgrade.workflow;

import java.util.List;

/**
 * The named Error and the operator-facing Cause a failed execution ends with, and which resources the run
 * had created (and left for a re-run) or deleted while aborting.
 */
public record FailureReport(String error, String cause, List<String> createdResources, List<String> deletedResources) {
}
