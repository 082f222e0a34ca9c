package dev.auroraupgrade.fleet;

/**
 * A target whose clusters could not be read through its member role (the role is missing, does not trust this
 * fleet, or may not read clusters): none of its clusters starts, and the summary names it with AWS's own reason.
 */
public record UnreachableTarget(String account, String region, String roleArn, String reason) {
}
