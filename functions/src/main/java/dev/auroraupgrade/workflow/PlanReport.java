package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import java.util.List;

/**
 * What a dry run ({@code "dryRun": true}) ends with, instead of a run: the plan the run would follow, what it would
 * create, change, delete, reboot or fail over, the interruption applications would see, and every blocker by its
 * named error. A refused cluster still gets a report that says why. Nothing in AWS is changed to make it.
 */
public record PlanReport(
        boolean dryRun,
        String status,
        String workflow,
        String clusterIdentifier,
        String engineVersionBefore,
        String engineVersion,
        String engineVersionSource,
        String endpoint,
        String interruption,
        Double minCapacity,
        Double maxCapacity,
        ExtendedSupportCost extendedSupport,
        List<String> wouldCreate,
        List<String> wouldChange,
        List<String> wouldDelete,
        List<String> wouldRebootOrFailOver,
        List<String> targetLoses,
        List<Blocker> blockers,
        List<String> notices,
        /** What the IaC declaring the cluster would have to say after the run (expected: true). */
        dev.auroraupgrade.iac.IacFollowUp iacFollowUp,
        /** The cluster as it stands, in a few flat fields: what a fleet's table takes from this report. */
        Standing standing,
        JsonNode plan) {
    public static final String PLANNED = "PLANNED";
    public static final String BLOCKED = "BLOCKED";
    /** The input field that asks for a dry run, in every workflow's input. */
    public static final String DRY_RUN = "dryRun";

    /** A refusal the run would meet: its Error name (as the run would fail with it) and its message. */
    public record Blocker(String error, String message) {
    }

    /**
     * The cluster as it stands before the run, flat and short (a fleet row travels in the fleet's 256 KiB state): its
     * engine and version, whether its major is on RDS Extended Support now and in which support year, what that costs
     * per month if nothing is done ({@link ExtendedSupportCost#monthlyNow}, to the cent, in {@code currency}, priced by
     * {@code pricedBy}), and the last rehearsal the plan read from Parameter Store ({@code plan.lastRehearsal}: every
     * plan with an engine upgrade; not a compute-only in-place plan). A field the plan does not know is null; the child
     * execution's report has the full basis. A dry run's report has it; a run's plan carries it ({@link Preflight})
     * into the run's result, so a fleet's row has it either way.
     */
    public record Standing(String engine, String engineVersionBefore, Boolean inExtendedSupport, Integer supportYear,
                           String chargesFrom, Double monthlyExtendedSupport, String currency, String pricedBy,
                           String lastRehearsal, String lastRehearsedAt, String lastRehearsalTarget) {
        /** From what the plan's effects say and the plan itself (its engine and lastRehearsal fields). */
        static Standing of(String engineVersionBefore, ExtendedSupportCost es, JsonNode plan) {
            JsonNode p = plan == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : plan;
            JsonNode rehearsal = p.path("lastRehearsal");
            return new Standing(text(p.path("engine")), engineVersionBefore, es == null ? null : es.inExtendedSupport(),
                    es == null ? null : es.supportYear(), es == null ? null : es.chargesFrom(),
                    es == null ? null : es.monthlyNow(), es == null ? null : es.currency(), es == null ? null : es.pricedBy(),
                    text(rehearsal.path("verdict")), text(rehearsal.path("rehearsedAt")),
                    text(rehearsal.path("targetEngineVersion")));
        }

        private static String text(JsonNode n) {
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }
    }

    /** What a plan would do, as each workflow's pre-flight describes its own plan. */
    public record Effects(String clusterIdentifier, String engineVersionBefore, String engineVersion,
                          String engineVersionSource, String endpoint, String interruption, Double minCapacity,
                          Double maxCapacity, ExtendedSupportCost extendedSupport, List<String> create, List<String> change, List<String> delete,
                          List<String> rebootOrFailOver, List<String> targetLoses, List<Blocker> blockers,
                          List<String> notices, dev.auroraupgrade.iac.IacFollowUp iacFollowUp) {
    }

    /** The report of a plan pre-flight accepted. */
    public static PlanReport planned(String workflow, Effects e, Object plan) {
        JsonNode tree = Json.MAPPER.valueToTree(plan);
        return new PlanReport(true, e.blockers().isEmpty() ? PLANNED : BLOCKED, workflow, e.clusterIdentifier(), e.engineVersionBefore(), e.engineVersion(),
                e.engineVersionSource(), e.endpoint(), e.interruption(), e.minCapacity(), e.maxCapacity(),
                e.extendedSupport(), List.copyOf(e.create()), List.copyOf(e.change()), List.copyOf(e.delete()), List.copyOf(e.rebootOrFailOver()),
                List.copyOf(e.targetLoses()), List.copyOf(e.blockers()), List.copyOf(e.notices()), e.iacFollowUp(),
                Standing.of(e.engineVersionBefore(), e.extendedSupport(), tree), tree);
    }

    /**
     * The report of a cluster pre-flight refuses: the run would fail with {@code refusal}, before any change. Its
     * {@code standing} is what the cluster costs as it is ({@link StandingStill}), null when not known.
     */
    public static PlanReport blocked(String workflow, String clusterIdentifier, RuntimeException refusal, Standing standing) {
        return new PlanReport(true, BLOCKED, workflow, clusterIdentifier, null, null, null, null,
                "none: the run would stop at pre-flight, before any change", null, null, null, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(new Blocker(refusal.getClass().getSimpleName(), refusal.getMessage())),
                List.of(), dev.auroraupgrade.iac.IacFollowUp.none(clusterIdentifier, "the run would stop at pre-flight, "
                        + "before any change"), standing == null ? Standing.of(null, null, null) : standing, null);
    }
}
