package dev.auroraupgrade.migration;

/** Input of every action step: the plan pre-flight produced. */
public record StepRequest(MigrationPlan plan) {
}
