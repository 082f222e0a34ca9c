package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.bluegreen.FinalizeBlueGreen;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.InputRules;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.EmptyFleetSelectionException;
import dev.auroraupgrade.errors.FleetTooLargeException;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.rds.AccountQuotas;
import dev.auroraupgrade.errors.QuotaExceededException;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.WorkflowBounds;
import dev.auroraupgrade.workflow.WorkflowKind;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.auroraupgrade.common.MemberClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The fleet's first step: validates the fleet input, resolves a selector into clusters (DescribeDBClusters with
 * pagination and tags), builds each cluster's child input and deterministic child name, and splits canaries from
 * the rest. Changes nothing. A fleet it cannot run is refused by name before any child starts.
 */
public class PlanFleet extends JsonHandler<FleetRequest, FleetPlan> {
    private static final Logger LOG = LoggerFactory.getLogger(PlanFleet.class);
    /** An inline Map runs at most 40 iterations at once (Step Functions guide, "Map state in Inline mode"). */
    static final int MAX_CONCURRENCY = 40;
    static final int DEFAULT_MAX_CONCURRENCY = 5;
    static final String PER_TARGET = "maxConcurrencyPerTarget";
    static final int DEFAULT_MAX_CLUSTERS = 50;
    /**
     * The plan and every cluster's row travel in one state, and Step Functions ends an execution whose state passes
     * 256 KiB with States.DataLimitExceeded, which no Catch can handle: 100 clusters stay well inside it (about 100
     * KiB with every cluster failed).
     */
    public static final int MAX_CLUSTERS = 100;
    static final int DEFAULT_START_SPACING_SECONDS = 5;
    static final int MAX_START_SPACING_SECONDS = 300;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL = com.fasterxml.jackson.databind.json.JsonMapper
            .builder().enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final RdsClient rds;
    private final StsClient sts;
    private final MemberClients.Factory memberClients;
    private final Clock clock;

    public PlanFleet() {
        this(AwsClients.rds(), AwsClients.sts(), AwsClients.members());
    }

    /** A fleet of this account only: targets are refused (no STS). */
    public PlanFleet(RdsClient rds) {
        this(rds, null, null);
    }

    public PlanFleet(RdsClient rds, StsClient sts, MemberClients.Factory memberClients) {
        this(rds, sts, memberClients, Clock.systemUTC());
    }

    PlanFleet(RdsClient rds, StsClient sts, MemberClients.Factory memberClients, Clock clock) {
        super(FleetRequest.class);
        this.rds = rds;
        this.sts = sts;
        this.memberClients = memberClients;
        this.clock = clock;
    }

    @Override
    protected FleetPlan handle(FleetRequest request, Context context) {
        if (request.input() == null || !request.input().isObject()) {
            throw new InvalidInputException("input", "is required: the execution input must be a JSON object");
        }
        FleetInput in = Json.read(request.input(), FleetInput.class);
        WorkflowKind kind = WorkflowKind.byId(in.workflow());
        if (kind == null) {
            throw new InvalidInputException("workflow", (in.workflow() == null ? "is required" : "= '" + in.workflow()
                    + "' is unknown") + ": one of " + WorkflowKind.names());
        }
        String machine = request.stateMachines() == null ? null : request.stateMachines().get(kind.id());
        if (machine == null) {
            throw new IllegalStateException("the definition names no state machine for workflow " + kind);
        }
        int concurrency = InputRules.bounded("maxConcurrency", in.maxConcurrency(), DEFAULT_MAX_CONCURRENCY, 1, MAX_CONCURRENCY);
        Integer perTarget = in.maxConcurrencyPerTarget() == null ? null
                : InputRules.bounded(PER_TARGET, in.maxConcurrencyPerTarget(), concurrency, 1, MAX_CONCURRENCY);
        if (perTarget != null && perTarget > concurrency) {
            throw new InvalidInputException(PER_TARGET, "= " + perTarget + " is more than maxConcurrency = " + concurrency
                    + ": the overall cap bounds each account and Region too; raise maxConcurrency or lower " + PER_TARGET);
        }
        int canaries = InputRules.bounded("canaryCount", in.canaryCount(), 1, 0, MAX_CLUSTERS);
        int maxFailures = InputRules.bounded("maxFailures", in.maxFailures(), 0, 0, MAX_CLUSTERS);
        int maxClusters = InputRules.bounded("maxClusters", in.maxClusters(), DEFAULT_MAX_CLUSTERS, 1, MAX_CLUSTERS);
        int spacing = InputRules.bounded("startSpacingSeconds", in.startSpacingSeconds(), DEFAULT_START_SPACING_SECONDS,
                0, MAX_START_SPACING_SECONDS);
        boolean dryRun = Boolean.TRUE.equals(in.dryRun());
        String runId = in.fleetRunId() == null ? request.executionName() : in.fleetRunId();
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidInputException("fleetRunId", "= '" + runId + "' must be 1-80 letters, digits, '-' or '_'");
        }
        ObjectNode defaults = in.defaults() == null ? Json.MAPPER.createObjectNode() : in.defaults();
        refuseFleetLevelFields("defaults", defaults, kind);

        List<String> notices = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        Map<String, ObjectNode> entries = new java.util.LinkedHashMap<>();
        String selection;
        Bounds bounds = new Bounds(concurrency, perTarget, canaries, maxFailures, maxClusters, spacing, dryRun, runId);
        if (in.organization() != null) {
            // The same checks CheckFleetOrganization made before the OUs were listed: the listing is read for these OUs.
            String home = FleetTargets.homeRegion(request.fleetStateMachineArn());
            List<String> ous = FleetOrganization.validate(in.organization(), in.targets() != null, in.clusters() != null,
                    in.selector() != null, home);
            List<FleetTarget> targets = FleetOrganization.targets(ous, request.organizationWalk(), home, notices);
            int childOus = request.organizationWalk().walked().size() - ous.size();
            if (targets.isEmpty()) {
                throw new EmptyFleetSelectionException("the organizational units " + ous + " and their " + childOus
                        + " child OU(s) hold no ACTIVE account" + (notices.isEmpty() ? "" : "; " + notices));
            }
            notices.add(0, "organization: " + targets.size() + " ACTIVE account(s) in " + String.join(", ", ous)
                    + " and their " + childOus + " child OU(s) are the targets");
            try (MemberClients members = new MemberClients(sts, memberClients, request.fleetStateMachineArn())) {
                return planTargets(request, in, targets, kind, members, bounds, defaults, notices);
            }
        }
        if (in.targets() != null) {
            try (MemberClients members = new MemberClients(sts, memberClients, request.fleetStateMachineArn())) {
                return planTargets(request, in, checkedTargets(request, in), kind, members, bounds, defaults, notices);
            }
        }
        if (in.clusters() != null && in.selector() != null) {
            throw new InvalidInputException("selector", "cannot be combined with 'clusters': name the clusters or select them");
        } else if (in.clusters() != null) {
            if (in.clusters().isEmpty()) {
                throw new InvalidInputException("clusters", "is empty: name at least one cluster");
            }
            for (int i = 0; i < in.clusters().size(); i++) {
                JsonNode entry = in.clusters().get(i);
                String where = "clusters[" + i + "]";
                if (entry == null || !entry.isObject()) {
                    throw new InvalidInputException(where, "must be an object: a " + kind + " input");
                }
                refuseFleetLevelFields(where, (ObjectNode) entry, kind);
                String id = RdsNames.clusterIdentifier(where + "." + kind.clusterField(), entry.path(kind.clusterField()).asText(null));
                if (entries.put(id, (ObjectNode) entry) != null) {
                    throw new InvalidInputException(where, "names cluster '" + id + "' a second time");
                }
            }
            selection = in.clusters().size() + " cluster(s) named in the input";
        } else if (in.selector() != null) {
            for (String id : discover(in.selector(), rds, excluded)) {
                entries.put(id, Json.MAPPER.createObjectNode());
            }
            if (entries.isEmpty()) {
                throw new EmptyFleetSelectionException("the selector " + Json.MAPPER.valueToTree(in.selector())
                        + " matches no cluster this fleet could run on" + (excluded.isEmpty() ? "" : "; excluded: " + excluded));
            }
            selection = entries.size() + " cluster(s) selected by " + Json.MAPPER.valueToTree(in.selector());
        } else {
            throw new InvalidInputException("clusters", "or 'selector' is required: which clusters the fleet runs on");
        }
        if (entries.size() > maxClusters) {
            throw new FleetTooLargeException(selection + ": more than maxClusters = " + maxClusters + " (at most "
                    + MAX_CLUSTERS + "); narrow the selection or raise maxClusters");
        }

        String tag = RdsNames.fleetRunTag(runId);
        List<FleetMember> members = new ArrayList<>();
        entries.forEach((id, entry) -> {
            ObjectNode input = defaults.deepCopy();
            input.setAll(entry);
            input.put(kind.clusterField(), id);
            if (dryRun) {
                input.put(PlanReport.DRY_RUN, true);
            }
            String child = RdsNames.fleetChild(tag, inputTag(input), id);
            members.add(new FleetMember(id, child, RdsNames.retryExecution(child, request.executionName()), input, 0));
        });
        // How long the fleet waits for a child: longer than the longest child's own worst case (WorkflowBounds), since
        // a child stopped at this timeout runs no Catch and could leave green running.
        long worst = members.stream().mapToLong(m -> WorkflowBounds.childSeconds(kind, m.input())).max().orElse(0);
        int childTimeout = WorkflowBounds.parentTimeout(worst);
        // One account and Region: the per-target cap is the fleet's, unless the input sets a lower one.
        String capName = perTarget == null ? "maxConcurrency" : PER_TARGET;
        int cap = perTarget == null ? concurrency : perTarget;
        if (!dryRun) {
            cap = fitToQuotas(kind, members, cap, notices, rds, null, capName);
        }
        if (perTarget == null) {
            concurrency = cap;
        }
        int n = Math.min(canaries, members.size());
        if (canaries > members.size()) {
            notices.add("canaryCount " + canaries + " covers the whole fleet: every cluster is a canary");
        }
        if (dryRun) {
            notices.add("dry run: every cluster's workflow plans only; nothing in AWS changes");
        }
        LOG.info("fleet {} ({}): {} clusters, {} canaries, concurrency {}, failure budget {}", runId, kind, members.size(),
                n, concurrency, maxFailures);
        Map<String, Integer> caps = Map.of(String.valueOf((Object) null), cap);
        return new FleetPlan(kind.id(), machine, runId, tag, request.executionName(), request.startTime(), concurrency,
                cap, concurrentTargets(concurrency, caps), n, maxFailures, maxClusters, spacing, childTimeout, dryRun,
                selection, groups(members.subList(0, n), caps, spacing), groups(members.subList(n, members.size()), caps,
                spacing), List.copyOf(excluded), List.copyOf(notices), List.of(), List.of());
    }

    /** The fleet's bounds, as validated from its input. */
    private record Bounds(int concurrency, Integer perTarget, int canaries, int maxFailures, int maxClusters, int spacing, boolean dryRun,
                          String runId) {
    }

    /** One selected cluster of a member account: its target, the member role and the state machine it runs in. */
    private record Selected(FleetTarget target, String roleArn, String machineArn, String clusterIdentifier) {
    }

    /** Input {@code targets}, checked: each a member account in this orchestrator's Region, named once. */
    private static List<FleetTarget> checkedTargets(FleetRequest request, FleetInput in) {
        if (in.clusters() != null) {
            throw new InvalidInputException("targets", "cannot be combined with 'clusters': each target's clusters are "
                    + "picked by 'selector'");
        }
        if (in.selector() == null) {
            throw new InvalidInputException("selector", "is required with 'targets': which clusters of each member account "
                    + "the fleet runs on");
        }
        if (in.targets().isEmpty()) {
            throw new InvalidInputException("targets", "is empty: name at least one {account, region}");
        }
        String homeRegion = FleetTargets.homeRegion(request.fleetStateMachineArn());
        List<FleetTarget> targets = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < in.targets().size(); i++) {
            FleetTarget t = in.targets().get(i);
            String where = "targets[" + i + "]";
            if (t == null) {
                throw new InvalidInputException(where, "must be an object: {account, region}");
            }
            if (t.account() == null || !FleetTargets.ACCOUNT.matcher(t.account()).matches()) {
                throw new InvalidInputException(where + ".account", (t.account() == null ? "is required" : "= '"
                        + t.account() + "' is not an AWS account id") + ": 12 digits, as a string");
            }
            String region = t.region() == null ? homeRegion : t.region();
            if (!FleetTargets.REGION.matcher(region).matches()) {
                throw new InvalidInputException(where + ".region", "= '" + region + "' is not an AWS Region (us-east-1, "
                        + "eu-central-2, ...)");
            }
            if (!region.equals(homeRegion)) {
                // Step Functions guide, "Accessing resources in other AWS accounts": cross-Region AWS resource access
                // is not available; a child can only start in this Region.
                throw new InvalidInputException(where + ".region", "= '" + region + "' is not this orchestrator's Region ("
                        + homeRegion + "): Step Functions starts no task in another Region. Run the fleet from an "
                        + "orchestrator stack in " + region + " for that Region's member stacks");
            }
            FleetTarget target = new FleetTarget(t.account(), region);
            if (!seen.add(target.id())) {
                throw new InvalidInputException(where, "names " + target.id() + " a second time");
            }
            targets.add(target);
        }
        return targets;
    }

    /**
     * An organization-wide fleet: the targets (input {@code targets}, or the ACTIVE accounts of input {@code organization}'s OUs) are member accounts and Regions; each one's clusters are
     * selected with the same selector, through its member role; each child runs in that member stack's state machine,
     * started by the fleet state machine through the same role (the Credentials field). A target whose role cannot be
     * assumed, or may not read clusters, is reported with AWS's reason; the others run.
     */
    private FleetPlan planTargets(FleetRequest request, FleetInput in, List<FleetTarget> targets, WorkflowKind kind,
                                  MemberClients members, Bounds b, ObjectNode defaults, List<String> notices) {
        String partition = request.fleetStateMachineArn().split(":")[1];
        List<String> excluded = new ArrayList<>();
        List<UnreachableTarget> unreachable = new ArrayList<>();
        List<List<Selected>> byTarget = new ArrayList<>();
        List<MemberMachine> machines = new ArrayList<>();
        for (FleetTarget t : targets) {
            String role = FleetTargets.roleArn(partition, t.account(), t.region());
            String machine = FleetTargets.machineArn(partition, t.account(), t.region(), kind);
            List<String> ids;
            List<String> excludedHere = new ArrayList<>();
            try {
                members.assume(role);
                ids = discover(in.selector(), members.rds(role, t.region()), excludedHere);
            } catch (SdkException e) {
                String reason = "the member role " + role + " could not be used: " + e.getMessage();
                LOG.warn("fleet target {}: {}", t.id(), reason);
                unreachable.add(new UnreachableTarget(t.account(), t.region(), role, reason));
                continue;
            }
            excludedHere.forEach(x -> excluded.add(t.id() + ": " + x));
            byTarget.add(ids.stream().map(id -> new Selected(t, role, machine, id)).toList());
            machines.add(new MemberMachine(t.account(), t.region(), machine, role));
        }
        // Round robin over the targets: the first wave and the canaries span accounts, as RDS limits each one alone.
        List<Selected> order = new ArrayList<>();
        int longest = byTarget.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            for (List<Selected> l : byTarget) {
                if (k < l.size()) {
                    order.add(l.get(k));
                }
            }
        }
        String selector = Json.MAPPER.valueToTree(in.selector()).toString();
        if (order.isEmpty()) {
            throw new EmptyFleetSelectionException("the selector " + selector + " matches no cluster this fleet could run "
                    + "on in " + targets.size() + " target(s)" + (unreachable.isEmpty() ? "" : "; unreachable: "
                    + unreachable.stream().map(u -> u.account() + "/" + u.region() + " (" + u.reason() + ")").toList())
                    + (excluded.isEmpty() ? "" : "; excluded: " + excluded));
        }
        String selection = order.size() + " cluster(s) selected by " + selector + " in " + (targets.size() - unreachable.size())
                + " of " + targets.size() + " target(s)";
        if (order.size() > b.maxClusters()) {
            throw new FleetTooLargeException(selection + ": more than maxClusters = " + b.maxClusters() + " (at most "
                    + MAX_CLUSTERS + "); narrow the selection or raise maxClusters");
        }
        String tag = RdsNames.fleetRunTag(b.runId());
        List<FleetMember> all = new ArrayList<>();
        for (Selected x : order) {
            ObjectNode input = defaults.deepCopy();
            input.put(kind.clusterField(), x.clusterIdentifier());
            if (b.dryRun()) {
                input.put(PlanReport.DRY_RUN, true);
            }
            // The account and Region are part of the child's fingerprint: two accounts' clusters of one name are two
            // children, each resumed in its own account on a re-run.
            String child = RdsNames.fleetChild(tag, inputTag(input, x.target().id()), x.clusterIdentifier());
            all.add(new FleetMember(x.clusterIdentifier(), child, RdsNames.retryExecution(child, request.executionName()), input,
                    0, x.target().account(), x.target().region(), x.machineArn(), x.roleArn()));
        }
        long worst = all.stream().mapToLong(m -> WorkflowBounds.childSeconds(kind, m.input())).max().orElse(0);
        int concurrency = b.concurrency();
        // Without a per-target cap every account with clusters runs at once, sharing the overall cap.
        long withClusters = all.stream().map(FleetMember::target).distinct().count();
        int perTarget = b.perTarget() != null ? b.perTarget() : (int) Math.max(1, concurrency / Math.max(1, withClusters));
        Map<String, Integer> caps = new HashMap<>();
        for (MemberMachine m : machines) {
            String id = m.account() + "/" + m.region();
            List<FleetMember> here = all.stream().filter(x -> id.equals(x.target())).toList();
            if (!here.isEmpty()) {
                // An account's quotas lower that account's cap only: the others run as they may.
                caps.put(id, b.dryRun() ? perTarget : fitToQuotas(kind, here, perTarget, notices,
                        members.rds(m.roleArn(), m.region()), "account " + id, PER_TARGET));
            }
        }
        int n = Math.min(b.canaries(), all.size());
        if (b.canaries() > all.size()) {
            notices.add("canaryCount " + b.canaries() + " covers the whole fleet: every cluster is a canary");
        }
        if (b.dryRun()) {
            notices.add("dry run: every cluster's workflow plans only; nothing in AWS changes");
        }
        unreachable.forEach(u -> notices.add(u.account() + "/" + u.region() + " not reached: " + u.reason()));
        LOG.info("fleet {} ({}): {} clusters in {} target(s) ({} unreachable), {} canaries, concurrency {} ({} per target)",
                b.runId(), kind, all.size(), targets.size(), unreachable.size(), n, concurrency, caps);
        return new FleetPlan(kind.id(), null, b.runId(), tag, request.executionName(), request.startTime(), concurrency,
                perTarget, concurrentTargets(concurrency, caps), n, b.maxFailures(), b.maxClusters(), b.spacing(),
                WorkflowBounds.parentTimeout(worst), b.dryRun(), selection, groups(all.subList(0, n), caps, b.spacing()),
                groups(all.subList(n, all.size()), caps, b.spacing()), List.copyOf(excluded), List.copyOf(notices),
                List.copyOf(machines), List.copyOf(unreachable));
    }

    /**
     * The account's cluster and instance quotas against what the fleet adds (Aurora User Guide, "Quotas and
     * constraints"). What a child keeps counts for the whole fleet: a Blue/Green's green (blue's instance count)
     * stands on as the old blue, so does an in-place engine upgrade's, and a migration adds a cluster and its writer;
     * more is refused by name before any child starts. What a child adds only while it runs (a rehearsal's clone, an
     * in-place compute move's db.serverless instances before the provisioned ones go) bounds the concurrency, which is
     * lowered to what fits, saying so.
     */
    private int fitToQuotas(WorkflowKind kind, List<FleetMember> members, int concurrency, List<String> notices,
                            RdsClient rds, String where, String capName) {
        var quotas = AccountQuotas.read(rds);
        AccountQuotas.Quota clusters = quotas.get(AccountQuotas.CLUSTERS);
        AccountQuotas.Quota instances = quotas.get(AccountQuotas.INSTANCES);
        if (clusters == null || instances == null) {
            notices.add((where == null ? "account" : where) + " quotas not checked: DescribeAccountAttributes is not available here");
            return concurrency;
        }
        // Blue/Green and in place keep copies of each cluster's instances: their counts and versions come from one
        // paginated DescribeDBClusters (DBClusterMembers), not two calls per cluster, which made a 100-cluster plan
        // 200 RDS calls in one invocation (FleetBench, 2026-12-03). A migration or rehearsal needs neither.
        Map<String, DBCluster> byId = new java.util.HashMap<>();
        if (kind == WorkflowKind.BLUE_GREEN || kind == WorkflowKind.IN_PLACE) {
            rds.describeDBClustersPaginator(r -> r.maxRecords(100)).dbClusters()
                    .forEach(c -> byId.put(c.dbClusterIdentifier(), c));
        }
        int keptClusters = 0;
        int keptInstances = 0;
        int tempClusters = 0;
        int tempInstances = 0;
        for (FleetMember m : members) {
            DBCluster c = byId.get(m.clusterIdentifier());
            int own = Math.max(1, c == null || !c.hasDbClusterMembers() ? 0 : c.dbClusterMembers().size());
            String target = m.input().path("targetEngineVersion").asText(null);
            String current = c == null ? null : c.engineVersion();
            switch (kind) {
                case MIGRATE -> {
                    keptClusters += 1;
                    keptInstances += 1;
                }
                case BLUE_GREEN -> {
                    keptClusters += 1;
                    keptInstances += own;
                }
                case IN_PLACE -> {
                    int added = m.input().path("serverlessInstanceCount").asInt(own);
                    if (target != null && !target.equals(current)) {
                        keptClusters += 1;
                        keptInstances += own;
                    }
                    tempInstances = Math.max(tempInstances, added);
                }
                case REHEARSE -> {
                    tempClusters = 1;
                    tempInstances = 1;
                }
            }
        }
        String quotasNow = clusters + ", " + instances;
        if (keptClusters > clusters.room() || keptInstances > instances.room()) {
            throw new QuotaExceededException((where == null ? "" : where + ": ") + quotasNow + "; this fleet keeps " + keptClusters + " cluster(s) and "
                    + keptInstances + " instance(s) more (" + (kind == WorkflowKind.MIGRATE ? "each migration's new cluster "
                    + "and writer" : "each green's cluster and its copies of blue's instances, kept as the old blue")
                    + "). No cluster was started: narrow the fleet, delete what is no longer needed (old blues, for "
                    + "example) or ask AWS for a higher quota (Service Quotas, Amazon RDS)");
        }
        int fits = Integer.MAX_VALUE;
        if (tempClusters > 0) {
            fits = Math.min(fits, (clusters.room() - keptClusters) / tempClusters);
        }
        if (tempInstances > 0) {
            fits = Math.min(fits, (instances.room() - keptInstances) / tempInstances);
        }
        if (fits < 1) {
            throw new QuotaExceededException((where == null ? "" : where + ": ") + quotasNow + "; one child needs " + tempClusters + " cluster(s) and "
                    + tempInstances + " instance(s) more while it runs" + (keptClusters + keptInstances > 0 ? ", beside what "
                    + "the fleet keeps" : "") + ". No cluster was started: delete what is no longer needed (an old blue, "
                    + "for example) or ask AWS for a higher quota (Service Quotas, Amazon RDS)");
        }
        if (fits < concurrency) {
            notices.add(capName + (where == null ? "" : " of " + where) + " lowered from " + concurrency + " to " + fits + ": each running child adds up to "
                    + tempClusters + " cluster(s) and " + tempInstances + " instance(s) while it runs"
                    + (kind == WorkflowKind.REHEARSE ? " (its clone)" : " (db.serverless instances before the provisioned "
                    + "ones go)") + ", and " + (where == null ? "the account" : where) + " has room for " + fits + " (" + quotasNow + ")");
            return fits;
        }
        return concurrency;
    }

    /**
     * The members by account and Region, each group with its cap. A Map starts its first maxConcurrency iterations at
     * once, and each child's pre-flight and first step make about a dozen RDS calls within seconds; RDS allows bursts
     * of 300 calls per account and Region, refilled at 12 per second (RDS User Guide, "Request throttling for the
     * Amazon RDS API"). So each group's first wave (its first cap members, started at once by its inner Map) starts
     * {@code spacing} seconds apart, counted from the group's own start; later clusters start as slots free, already
     * apart.
     */
    static List<FleetGroup> groups(List<FleetMember> members, Map<String, Integer> caps, int spacing) {
        List<FleetGroup> out = new ArrayList<>();
        for (FleetGroup g : FleetGroup.of(members, caps, 1)) {
            List<FleetMember> spaced = new ArrayList<>();
            for (int p = 0; p < g.members().size(); p++) {
                spaced.add(g.members().get(p).withStartDelay(p < g.maxConcurrency() ? p * spacing : 0));
            }
            out.add(new FleetGroup(g.account(), g.region(), g.maxConcurrency(), List.copyOf(spaced)));
        }
        return List.copyOf(out);
    }

    /**
     * How many groups (accounts and Regions) run at once: the outer Map's cap, so that it times the largest group cap
     * stays within the overall cap (Step Functions' Map has no shared cap across nested Maps). The trade-off: when
     * maxConcurrency is no multiple of the per-target cap, or a group finishes early, up to perTarget - 1 (or a
     * finished group's) slots stay unused rather than go to another group.
     */
    static int concurrentTargets(int concurrency, Map<String, Integer> caps) {
        int largest = caps.values().stream().mapToInt(Integer::intValue).max().orElse(concurrency);
        return Math.max(1, concurrency / Math.max(1, largest));
    }

    /** 6 hex digits of the child's input in canonical form (fields sorted): the same input, the same tag. */
    static String inputTag(ObjectNode input) {
        return inputTag(input, null);
    }

    /** As above, for a member account's cluster: its "account/region" counts too. */
    static String inputTag(ObjectNode input, String target) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(input, Object.class));
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(canonical);
            if (target != null) {
                sha.update(("|" + target).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] digest = sha.digest();
            return java.util.HexFormat.of().formatHex(digest).substring(0, 6);
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a child input", e);
        }
    }

    /** A cluster entry or the defaults may not set what the fleet decides (dry run) or, for defaults, the cluster. */
    private static void refuseFleetLevelFields(String where, ObjectNode fields, WorkflowKind kind) {
        if (fields.has(PlanReport.DRY_RUN)) {
            throw new InvalidInputException(where + "." + PlanReport.DRY_RUN, "is set once for the whole fleet: use the "
                    + "fleet's own dryRun");
        }
        if (where.equals("defaults") && fields.has(kind.clusterField())) {
            throw new InvalidInputException("defaults." + kind.clusterField(), "cannot name a cluster: defaults apply to every cluster");
        }
    }

    /** The Aurora clusters the selector matches, sorted; those it matches but this tool created are listed as excluded. */
    private List<String> discover(FleetSelector s, RdsClient rds, List<String> excluded) {
        if (s.engine() != null && !s.engine().startsWith("aurora-")) {
            throw new InvalidInputException("selector.engine", "= '" + s.engine() + "' is not aurora-mysql or aurora-postgresql");
        }
        Map<String, Boolean> extendedByMajor = new HashMap<>();
        LocalDate today = LocalDate.now(clock);
        Set<String> matched = new TreeSet<>(); // sorted: a selection runs in a stable order
        // DescribeDBClusters returns each cluster's TagList (RDS API reference): one paginated listing, no tag calls.
        for (DBCluster c : rds.describeDBClustersPaginator(r -> r.maxRecords(100)).dbClusters()) {
            if (c.engine() == null || !c.engine().startsWith("aurora-")) {
                continue; // Multi-AZ DB clusters of RDS for MySQL/PostgreSQL are listed too
            }
            if (s.tags() != null && !s.tags().entrySet().stream().allMatch(t ->
                    t.getValue().equals(OwnershipTags.value(c.tagList(), t.getKey())))) {
                continue;
            }
            if (s.engine() != null && !s.engine().equals(c.engine())) {
                continue;
            }
            if (s.engineVersionPrefix() != null && !c.engineVersion().startsWith(s.engineVersionPrefix())) {
                continue;
            }
            if (s.serverlessV1() != null && s.serverlessV1() != EngineModes.SERVERLESS_V1.equals(c.engineMode())) {
                continue;
            }
            if (s.extendedSupport() != null) {
                EngineVersion v = EngineVersion.parse("engine version of " + c.dbClusterIdentifier(), c.engine(), c.engineVersion());
                String key = c.engine() + "/" + EngineLifecycle.majorOf(v) + "/" + c.engineLifecycleSupport();
                Boolean extended = extendedByMajor.computeIfAbsent(key, k -> Boolean.TRUE.equals(
                        EngineLifecycle.of(rds, v, c.engineLifecycleSupport(), today).inExtendedSupport()));
                if (!s.extendedSupport().equals(extended)) {
                    continue;
                }
            }
            String oldBlueOf = OwnershipTags.value(c.tagList(), FinalizeBlueGreen.OLD_BLUE_OF);
            if (oldBlueOf != null) {
                excluded.add(c.dbClusterIdentifier() + ": the old blue of " + oldBlueOf + ", kept by a Blue/Green upgrade");
            } else if (OwnershipTags.MANAGED_BY_VALUE.equals(OwnershipTags.value(c.tagList(), OwnershipTags.MANAGED_BY))) {
                excluded.add(c.dbClusterIdentifier() + ": created by this tool (a migration target)");
            } else {
                matched.add(c.dbClusterIdentifier());
            }
        }
        return List.copyOf(matched);
    }
}
