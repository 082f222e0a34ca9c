package dev.auroraupgrade.migration;

import dev.auroraupgrade.workflow.StepRecord;
import java.util.LinkedHashMap;

/** The plan and every step's outcome, in the order the state machine ran them. */
public record VerifyRequest(MigrationPlan plan, LinkedHashMap<String, StepRecord> steps) {
}
