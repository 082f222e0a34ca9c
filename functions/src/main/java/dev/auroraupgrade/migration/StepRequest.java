package dev.auroraupgrade.migration;

import dev.auroraupgrade.workflow.PlanRequest;

/** Input of every action step: the plan pre-flight produced. */
public record StepRequest(MigrationPlan plan) implements PlanRequest<MigrationPlan> {
}
