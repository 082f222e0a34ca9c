package dev.auroraupgrade.checks;

/**
 * What a readiness check looks at. The expected values are optional: when given, "available" with a
 * different version or class is not ready (or, for an engine version, a failed upgrade).
 */
public record CheckRequest(String identifier, String expectedEngineVersion, String expectedInstanceClass,
                           Integer attempt) {
}
