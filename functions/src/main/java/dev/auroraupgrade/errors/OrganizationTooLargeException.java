package dev.auroraupgrade.errors;

/**
 * Fleet input organization: the named OUs and their child OUs hold more OUs or accounts than one fleet run walks
 * (FleetOrganization.MAX_WALKED_UNITS, MAX_ACCOUNTS): the walk and its accounts travel in the fleet's 256 KiB state.
 */
public class OrganizationTooLargeException extends OrchestratorException {
    public OrganizationTooLargeException(String message) {
        super(message);
    }
}
