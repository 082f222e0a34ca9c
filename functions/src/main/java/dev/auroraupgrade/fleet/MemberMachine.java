package dev.auroraupgrade.fleet;

/**
 * A member stack's state machine a fleet starts children in, the role it is reached through, and its Region: the
 * failure budget counts that machine's failed children through the same role.
 */
public record MemberMachine(String account, String region, String stateMachineArn, String roleArn) {
}
