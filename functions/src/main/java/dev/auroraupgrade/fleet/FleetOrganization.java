package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code organization: {organizationalUnits, regions}} fleet input (issue 24), checked before anything runs.
 * First slice: validation only; the resolution through AWS Organizations (ListAccountsForParent per OU in the fleet
 * state machine, before PlanFleet) is not wired yet, see docs/fleets.md.
 */
public final class FleetOrganization {
    /**
     * Organizations API reference, ListParents/ListAccountsForParent: "ou-", 4 to 32 lowercase letters or digits (the
     * root's id part), "-", 8 to 32 lowercase letters or digits.
     */
    static final Pattern OU = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    /** A root id (ParentId pattern of ListAccountsForParent): "r-" and 4 to 32 lowercase letters or digits. */
    static final Pattern ROOT = Pattern.compile("r-[0-9a-z]{4,32}");

    private FleetOrganization() {
    }

    /**
     * Checks the input's organization against the other fields; returns the OU ids. {@code homeRegion} is the
     * orchestrator's Region: as for targets, no other Region is accepted (Step Functions starts no task there).
     */
    public static List<String> validate(JsonNode organization, boolean hasTargets, boolean hasClusters,
                                        boolean hasSelector, String homeRegion) {
        if (organization == null || !organization.isObject()) {
            throw new InvalidInputException("organization", "must be an object: {organizationalUnits, regions}");
        }
        if (hasTargets) {
            throw new InvalidInputException("organization", "cannot be combined with 'targets': the organization's "
                    + "accounts become the targets");
        }
        if (hasClusters) {
            throw new InvalidInputException("organization", "cannot be combined with 'clusters': each account's "
                    + "clusters are picked by 'selector'");
        }
        if (!hasSelector) {
            throw new InvalidInputException("selector", "is required with 'organization': which clusters of each "
                    + "member account the fleet runs on");
        }
        JsonNode ous = organization.get("organizationalUnits");
        if (ous == null || !ous.isArray() || ous.isEmpty()) {
            throw new InvalidInputException("organization.organizationalUnits", "must list at least one OU id "
                    + "(ou-xxxx-yyyyyyyy)");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ous.size(); i++) {
            String where = "organization.organizationalUnits[" + i + "]";
            JsonNode ou = ous.get(i);
            if (!ou.isTextual()) {
                throw new InvalidInputException(where, "must be an OU id string");
            }
            String id = ou.asText();
            if (ROOT.matcher(id).matches()) {
                // A root's ListAccountsForParent lists only the accounts in no OU: a fleet over 'the root' would miss
                // every account in an OU, so a root is refused rather than silently partial.
                throw new InvalidInputException(where, "= '" + id + "' is a root: name the OUs (ListAccountsForParent "
                        + "on a root lists only the accounts outside every OU)");
            }
            if (!OU.matcher(id).matches()) {
                throw new InvalidInputException(where, "= '" + id + "' is not an OU id (ou-, 4-32 lowercase letters or "
                        + "digits, -, 8-32 lowercase letters or digits)");
            }
            if (ids.contains(id)) {
                throw new InvalidInputException(where, "= '" + id + "' is listed twice");
            }
            ids.add(id);
        }
        JsonNode regions = organization.get("regions");
        if (regions != null) {
            if (!regions.isArray()) {
                throw new InvalidInputException("organization.regions", "must be a list of Regions");
            }
            for (int i = 0; i < regions.size(); i++) {
                String where = "organization.regions[" + i + "]";
                String region = regions.get(i).asText();
                if (!FleetTargets.REGION.matcher(region).matches()) {
                    throw new InvalidInputException(where, "= '" + region + "' is not an AWS Region");
                }
                if (!region.equals(homeRegion)) {
                    throw new InvalidInputException(where, "= '" + region + "' is not this orchestrator's Region ("
                            + homeRegion + "): Step Functions starts no task in another Region. Run the fleet from an "
                            + "orchestrator stack in " + region + " for that Region's member stacks");
                }
            }
        }
        return ids;
    }
}
