package dev.auroraupgrade.fleet;

import java.util.Map;

/** Which clusters of the account and region a fleet runs on; every field given must match. */
public record FleetSelector(
        Map<String, String> tags,
        String engine,
        String engineVersionPrefix,
        Boolean extendedSupport,
        Boolean serverlessV1) {
}
