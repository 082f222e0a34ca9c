package dev.auroraupgrade.errors;

/**
 * Fleet input organization: an OU below a named OU is deeper than AWS Organizations nests OUs (five levels under the
 * root), so the walk, which reads that many levels, would not have read the whole tree.
 */
public class OrganizationTooDeepException extends OrchestratorException {
    public OrganizationTooDeepException(String message) {
        super(message);
    }
}
