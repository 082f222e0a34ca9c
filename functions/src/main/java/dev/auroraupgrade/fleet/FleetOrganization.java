package dev.auroraupgrade.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.OrganizationTooDeepException;
import dev.auroraupgrade.errors.OrganizationTooLargeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code organization: {organizationalUnits, regions}} fleet input (issue 24): checked before any Organizations call
 * (CheckFleetOrganization), then walked: the fleet state machine lists each OU's accounts and child OUs
 * (ListAccountsForParent, ListOrganizationalUnitsForParent, AWS SDK integrations) and WalkOrganization queues the
 * children, down to {@link #MAX_DEPTH} levels; the walk's accounts become the targets PlanFleet plans as if the input
 * had named them (docs/fleets.md).
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
     * At most this many named OUs (each walked with its child OUs): a fleet run is meant for a few branches of the
     * tree; the walk's own bounds below keep its state inside 256 KiB.
     */
    public static final int MAX_ORGANIZATIONAL_UNITS = 5;
    /** ListAccountsForParent's largest page (Organizations API reference: MaxResults 1 to 20). */
    public static final int PAGE_SIZE = 20;
    /**
     * The bound of each listing loop per OU: 5 pages of 20, so at most 100 accounts and 100 child OUs per OU
     * (ListOrganizationalUnitsForParent: MaxResults 1 to 20 too).
     */
    public static final int MAX_PAGES = 5;
    /**
     * The walk's depth, counting a named OU as 1: AWS Organizations nests OUs at most five levels deep under the root
     * ("Quotas and service limits for AWS Organizations", OU maximum nesting in a root; the API reference,
     * CreateOrganizationalUnit: "For service control policies, the limit is five"). A named OU is at least one level
     * under the root, so five levels from it cover every OU below it; one deeper is refused, not skipped.
     */
    public static final int MAX_DEPTH = 5;
    /**
     * At most this many OUs, named and found, per fleet run: each is one step of the walk's loop (two listings and a
     * WalkOrganization invocation), and the walk travels in the state.
     */
    public static final int MAX_WALKED_UNITS = 100;
    /** At most this many accounts listed per fleet run: about 60 bytes each in the state, and one target each. */
    public static final int MAX_ACCOUNTS = 500;
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
                // The fleet's grant names OU ARNs only (template.yaml), and a whole organization is more than one run
                // walks: a root is refused by name, not walked.
                throw new InvalidInputException(where, "= '" + id + "' is a root: name the OUs (their child OUs are "
                        + "walked; the accounts directly in the root, outside every OU, are not targets)");
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

    /** The walk before any listing: the named OUs, in the input's order, each at depth 1. */
    public static OrganizationWalk startWalk(List<String> ous) {
        List<OrganizationWalk.Unit> units = ous.stream().map(ou -> new OrganizationWalk.Unit(ou, ou, 1)).toList();
        return new OrganizationWalk(units.get(0), List.copyOf(units.subList(1, units.size())), List.of(), List.of());
    }

    /**
     * The walk once its current OU is listed: {@code accountPages} and {@code childPages} are that OU's
     * ListAccountsForParent Accounts and ListOrganizationalUnitsForParent OrganizationalUnits pages, nested as
     * States.Array built them. Each account is kept once (the first OU that listed it); each child OU is queued once: an
     * OU named together with its parent, or met twice, is listed once. A child deeper than {@link #MAX_DEPTH} or more
     * OUs or accounts than the walk's bounds are refused by name.
     */
    public static OrganizationWalk walk(OrganizationWalk walk, JsonNode accountPages, JsonNode childPages) {
        OrganizationWalk.Unit current = walk.current();
        if (current == null) {
            throw new IllegalStateException("the definition lists an OU after the walk ended");
        }
        List<OrganizationWalk.Account> accounts = new ArrayList<>(walk.accounts());
        Set<String> known = new HashSet<>();
        accounts.forEach(a -> known.add(a.id()));
        List<JsonNode> listed = new ArrayList<>();
        flatten(accountPages, listed);
        for (JsonNode a : listed) {
            String id = a.path("Id").asText();
            if (known.add(id)) {
                String state = a.hasNonNull("State") ? a.path("State").asText() : a.path("Status").asText("UNKNOWN");
                accounts.add(new OrganizationWalk.Account(id, state, current.ou()));
            }
        }
        List<OrganizationWalk.Unit> walked = new ArrayList<>(walk.walked());
        walked.add(current);
        List<OrganizationWalk.Unit> pending = new ArrayList<>(walk.pending());
        Set<String> seen = new HashSet<>();
        walked.forEach(u -> seen.add(u.ou()));
        pending.forEach(u -> seen.add(u.ou()));
        List<JsonNode> children = new ArrayList<>();
        flatten(childPages, children);
        for (JsonNode child : children) {
            String id = child.path("Id").asText();
            if (!seen.add(id)) {
                continue;
            }
            if (current.depth() >= MAX_DEPTH) {
                throw new OrganizationTooDeepException("OU " + id + " is " + (current.depth() + 1) + " levels deep counting "
                        + "from the named OU " + current.named() + " (its parent " + current.ou() + " is " + current.depth()
                        + " levels deep): AWS Organizations nests OUs at most " + MAX_DEPTH + " levels under the root, "
                        + "so the walk reads " + MAX_DEPTH + " levels and would miss its accounts. No cluster was started: "
                        + "name the deeper OUs, or pass the accounts as targets");
            }
            pending.add(new OrganizationWalk.Unit(id, current.named(), current.depth() + 1));
        }
        if (walked.size() + pending.size() > MAX_WALKED_UNITS) {
            throw new OrganizationTooLargeException("the OUs " + walked.get(0).ou() + "... and their child OUs are more "
                    + "than " + MAX_WALKED_UNITS + " OUs (" + walked.size() + " listed, " + pending.size() + " more found), "
                    + "more than one fleet run walks. No cluster was started: name fewer OUs, or pass the accounts as targets");
        }
        if (accounts.size() > MAX_ACCOUNTS) {
            throw new OrganizationTooLargeException("the OUs walked so far hold " + accounts.size() + " accounts, more "
                    + "than the " + MAX_ACCOUNTS + " one fleet run plans. No cluster was started: name fewer OUs, or pass "
                    + "the accounts as targets");
        }
        OrganizationWalk.Unit next = pending.isEmpty() ? null : pending.remove(0);
        return new OrganizationWalk(next, List.copyOf(pending), List.copyOf(walked), List.copyOf(accounts));
    }

    /**
     * The targets the walk yields: each ACTIVE account once, in the order the walk listed them, in {@code region}. An
     * account not ACTIVE is named in {@code notices}, and so is a named OU with no ACTIVE account in it or its child
     * OUs (not a failure).
     */
    public static List<FleetTarget> targets(List<String> ous, OrganizationWalk walk, String region, List<String> notices) {
        if (walk == null || walk.current() != null || !walk.pending().isEmpty()) {
            throw new IllegalStateException("the definition passes no finished organization walk: " + walk);
        }
        Map<String, String> namedOf = new LinkedHashMap<>();
        Map<String, Integer> childOus = new LinkedHashMap<>();
        ous.forEach(ou -> childOus.put(ou, 0));
        for (OrganizationWalk.Unit unit : walk.walked()) {
            if (!childOus.containsKey(unit.named())) {
                throw new IllegalStateException("the organization walk reached " + unit.ou() + " from an OU the input did "
                        + "not list: " + unit.named());
            }
            namedOf.put(unit.ou(), unit.named());
            if (unit.depth() > 1) {
                childOus.merge(unit.named(), 1, Integer::sum);
            }
        }
        for (String ou : ous) {
            if (!namedOf.containsKey(ou)) {
                throw new IllegalStateException("the organization walk did not list the named OU " + ou);
            }
        }
        Map<String, List<String>> active = new LinkedHashMap<>();
        Map<String, List<String>> others = new LinkedHashMap<>();
        ous.forEach(ou -> {
            active.put(ou, new ArrayList<>());
            others.put(ou, new ArrayList<>());
        });
        List<FleetTarget> targets = new ArrayList<>();
        for (OrganizationWalk.Account a : walk.accounts()) {
            String named = namedOf.get(a.ou());
            if (named == null) {
                throw new IllegalStateException("the organization walk lists account " + a.id() + " of an OU it did not "
                        + "walk: " + a.ou());
            }
            if (ACTIVE.equals(a.state())) {
                active.get(named).add(a.id());
                targets.add(new FleetTarget(a.id(), region));
            } else {
                others.get(named).add(a.id() + " (" + a.state() + ")");
            }
        }
        for (String ou : ous) {
            String scope = "OU " + ou + (childOus.get(ou) == 0 ? "" : " and its " + childOus.get(ou) + " child OU(s)");
            if (!others.get(ou).isEmpty()) {
                notices.add(scope + ": not ACTIVE, left out: " + String.join(", ", others.get(ou)));
            }
            if (active.get(ou).isEmpty()) {
                notices.add(scope + ": no ACTIVE account");
            }
        }
        return List.copyOf(targets);
    }

    /** Every object with an Id (an account, an OU) in {@code node}, however deeply its arrays nest. */
    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, into));
        } else if (node.isObject() && node.has("Id")) {
            into.add(node);
        }
    }
}
