package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.workflow.PlanRequest;

/** Input of every Blue/Green action step and check: the plan, and for checks the loop's attempt so far. */
public record BlueGreenStepRequest(BlueGreenPlan plan, Integer attempt) implements PlanRequest<BlueGreenPlan> {
}
