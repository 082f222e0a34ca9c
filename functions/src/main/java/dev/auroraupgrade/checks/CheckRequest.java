package dev.auroraupgrade.checks;

import dev.auroraupgrade.workflow.LoopPosition;
import dev.auroraupgrade.workflow.PollRequest;

/**
 * What a readiness check of one resource looks at. The expected values are optional: when given, "available"
 * with a different version or class is not ready (or, for an engine version, a failed upgrade).
 */
public record CheckRequest(String identifier, String expectedEngineVersion, String expectedInstanceClass,
                           LoopPosition loop) implements PollRequest {
}
