package dev.auroraupgrade.workflow;

/**
 * Input of every action step and of the readiness checks that look at the whole plan: the plan pre-flight
 * produced and, for a check, where its loop stands.
 */
public record StepRequest<P>(P plan, LoopPosition loop) implements PollRequest {
}
