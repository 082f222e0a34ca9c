package dev.auroraupgrade.workflow;

/**
 * Input of every action step and of the readiness checks that look at the whole plan: the plan pre-flight
 * produced and, for a check, how many checks its loop has made so far.
 */
public record StepRequest<P>(P plan, Integer attempt) implements PollRequest {
}
