package dev.auroraupgrade.bluegreen;

/** Input of every Blue/Green action step and check: the plan, and for checks the loop's attempt so far. */
public record BlueGreenStepRequest(BlueGreenPlan plan, Integer attempt) {
}
