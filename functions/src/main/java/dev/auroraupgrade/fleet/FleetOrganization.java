package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code organization: {organizationalUnits, regions}} fleet input (issue 24): checked before any Organizations call
 * (CheckFleetOrganization), then, once the fleet state machine has listed each OU's accounts (ListAccountsForParent,
 * an AWS SDK integration), turned into the targets PlanFleet plans as if the input had named them (docs/fleets.md).
 */
public final class FleetOrganization {
    /**
     * Organizations API reference, ListParents/ListAccountsForParent: "ou-", 4 to 32 lowercase letters or digits (the
     * root's id part), "-", 8 to 32 lowercase letters or digits.
     */
    static final Pattern OU = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    /** A root id (ParentId pattern of ListAccountsForParent): "r-" and 4 to 32 lowercase letters or digits. */
    static final Pattern ROOT = Pattern.compile("r-[0-9a-z]{4,32}");

    /**
     * At most this many OUs: each OU's pages of accounts travel in the state until the plan replaces them, and Step
     * Functions ends an execution whose state passes 256 KiB (5 OUs x 100 accounts x about 250 bytes stays well inside).
     */
    public static final int MAX_ORGANIZATIONAL_UNITS = 5;
    /** ListAccountsForParent's largest page (Organizations API reference: MaxResults 1 to 20). */
    public static final int PAGE_SIZE = 20;
    /** The bound of the listing loop per OU: 5 pages of 20, so at most 100 accounts per OU. */
    public static final int MAX_PAGES = 5;
    /**
     * An account's lifecycle state, as ListAccountsForParent returns it in {@code State} (Organizations API reference,
     * Account: PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED). Its {@code Status} is retired on
     * 2026-09-09 (same reference: "use the State parameter instead of Status"): it is read only when no State came.
     */
    static final String ACTIVE = "ACTIVE";

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
        if (ous.size() > MAX_ORGANIZATIONAL_UNITS) {
            throw new InvalidInputException("organization.organizationalUnits", "lists " + ous.size() + " OUs: at most "
                    + MAX_ORGANIZATIONAL_UNITS + " per fleet run (run several fleets, or pass 'targets')");
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

    /**
     * The targets the listed OUs yield: each ACTIVE account once (an account is in one OU at a time, but the lists are
     * read one after the other, so a move between two reads could list it twice), in the OUs' order, in
     * {@code region}. {@code listed} is what the fleet state machine's Map left: per OU, {@code ou} and {@code pages},
     * the pages nested as States.Array built them ([[[], page1], page2], each page ListAccountsForParent's Accounts).
     * An account not ACTIVE is named in {@code notices}, and so is an OU with no ACTIVE account (not a failure).
     */
    public static List<FleetTarget> targets(List<String> ous, JsonNode listed, String region, List<String> notices) {
        Map<String, List<JsonNode>> byOu = new LinkedHashMap<>();
        ous.forEach(ou -> byOu.put(ou, new ArrayList<>()));
        if (listed == null || !listed.isArray()) {
            throw new IllegalStateException("the definition passes no organization listing: " + listed);
        }
        for (JsonNode entry : listed) {
            List<JsonNode> accounts = byOu.get(entry.path("ou").asText());
            if (accounts == null) {
                throw new IllegalStateException("the organization listing names an OU the input did not list: " + entry.path("ou"));
            }
            flatten(entry.path("pages"), accounts);
        }
        Map<String, FleetTarget> targets = new LinkedHashMap<>();
        byOu.forEach((ou, accounts) -> {
            List<String> active = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (JsonNode a : accounts) {
                String id = a.path("Id").asText();
                String state = a.hasNonNull("State") ? a.path("State").asText() : a.path("Status").asText("UNKNOWN");
                if (ACTIVE.equals(state)) {
                    active.add(id);
                    targets.putIfAbsent(id, new FleetTarget(id, region));
                } else {
                    others.add(id + " (" + state + ")");
                }
            }
            if (!others.isEmpty()) {
                notices.add("OU " + ou + ": not ACTIVE, left out: " + String.join(", ", others));
            }
            if (active.isEmpty()) {
                notices.add("OU " + ou + " has no ACTIVE account directly in it (child OUs are not walked: name them)");
            }
        });
        return List.copyOf(targets.values());
    }

    /** Every account object in {@code node}, however deeply its arrays nest. */
    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, into));
        } else if (node.isObject() && node.has("Id")) {
            into.add(node);
        }
    }
}
