package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.auroraupgrade.checks.PollState;

/**
 * A step as the state machine keeps it: the action's outcome and the last readiness check of the loop
 * that waited for it ({@code poll.attempt} 0 when no check ran).
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a step may keep more state (for example a reboot flag)
public record StepRecord(StepOutcome outcome, PollState poll) {
}
