package dev.auroraupgrade.iac;

/**
 * One value an IaC template must take after a run: on which resource (the cluster or an instance, by identifier
 * and, when a CloudFormation stack made it, its logical id), by its CloudFormation and Terraform names, from -> to.
 * {@code change} is MODIFIED, ADDED (a resource no template declares yet; {@code to} is its class), REMOVED (a
 * declared resource that no longer exists; {@code from} was its class) or REPLACED (the cluster itself, migrate).
 */
public record IacChange(
        String resource,
        String identifier,
        String change,
        String cloudFormationType,
        String cloudFormationProperty,
        String cloudFormationLogicalId,
        String terraformResource,
        String terraformAttribute,
        String from,
        String to,
        String detail) {
    public static final String MODIFIED = "MODIFIED";
    public static final String ADDED = "ADDED";
    public static final String REMOVED = "REMOVED";
    public static final String REPLACED = "REPLACED";

    static IacChange of(IacProperty p, String identifier, String change, String logicalId, String from, String to,
                        String detail) {
        return new IacChange(p.resource.kind, identifier, change, p.resource.cloudFormationType, p.cloudFormation, logicalId,
                p.resource.terraformResource, p.terraform, from, to, detail);
    }

    /** One line for a failure's cause: {@code <id> <CFN property> (<terraform attr>) from -> to}. */
    public String oneLine() {
        String what = cloudFormationProperty == null ? cloudFormationType + " (" + terraformResource + ")"
                : cloudFormationProperty + " (" + terraformAttribute + ")";
        return identifier + " " + what + " " + (from == null || to == null ? change : from + " -> " + to);
    }
}
