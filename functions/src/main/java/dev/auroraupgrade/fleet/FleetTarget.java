package dev.auroraupgrade.fleet;

/**
 * A member account and Region of an organization-wide fleet (fleet input {@code targets}); the Region defaults to
 * the orchestrator's own, the only one Step Functions can start a child in.
 */
public record FleetTarget(String account, String region) {
    /** "account/region", as rows and totals name it. */
    public String id() {
        return account + "/" + region;
    }
}
