package dev.auroraupgrade.inplace;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.VerificationFailedException;
import dev.auroraupgrade.rds.InstanceClasses;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.serverless.ApplyServerlessV2Scaling;
import dev.auroraupgrade.serverless.ScalingRange;
import dev.auroraupgrade.workflow.Interruption;
import dev.auroraupgrade.workflow.StepOutcome;
import dev.auroraupgrade.workflow.StepRecord;
import dev.auroraupgrade.workflow.StepTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Last in-place step: the same cluster id and endpoint, the target version, a db.serverless writer, the capacity
 * asked for and (unless kept) no provisioned instance; then the report with the moments that interrupted writes.
 */
public class VerifyInPlace extends JsonHandler<InPlaceVerifyRequest, InPlaceResult> {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyInPlace.class);
    private final RdsLookup lookup;

    public VerifyInPlace() {
        this(AwsClients.rds());
    }

    public VerifyInPlace(RdsClient rds) {
        super(InPlaceVerifyRequest.class);
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected InPlaceResult handle(InPlaceVerifyRequest request, Context context) {
        Instant started = Instant.now();
        InPlacePlan plan = request.plan();
        if (plan == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightInPlace)");
        }
        String id = plan.clusterIdentifier();
        DBCluster cluster = lookup.cluster(id).orElseThrow(() ->
                new VerificationFailedException("cluster '" + id + "' does not exist"));
        String writerId = FailoverToServerless.writer(cluster);
        DBInstance writer = writerId == null ? null : lookup.instance(writerId).orElse(null);
        List<DBInstance> members = lookup.clusterInstances(id);
        List<String> kept = members.stream().filter(i -> !InstanceClasses.SERVERLESS.equals(i.dbInstanceClass()))
                .map(DBInstance::dbInstanceIdentifier).sorted().toList();
        List<String> problems = new ArrayList<>();
        expect(problems, "cluster status", ResourceStatus.AVAILABLE, cluster.status());
        if (plan.endpoint() != null) { // a sample plan may leave it out; a pre-flight always records it
            expect(problems, "cluster endpoint", plan.endpoint(), cluster.endpoint());
        }
        expect(problems, "engine version", plan.targetEngineVersion(), cluster.engineVersion());
        expect(problems, "writer class", InstanceClasses.SERVERLESS, writer == null ? "none" : writer.dbInstanceClass());
        if (!ApplyServerlessV2Scaling.matches(cluster.serverlessV2ScalingConfiguration(),
                new ScalingRange(id, plan.minCapacity(), plan.maxCapacity(), plan.secondsUntilAutoPause()))) {
            problems.add("capacity range is not " + plan.minCapacity() + "-" + plan.maxCapacity() + " ACU");
        }
        List<String> planned = kept.stream().filter(i -> plan.convertEngineMode() || plan.provisionedInstances().contains(i)).toList();
        if (!plan.keepProvisionedInstances() && !planned.isEmpty()) {
            problems.add("provisioned instances remain: " + String.join(", ", planned));
        }
        if (!problems.isEmpty()) {
            throw new VerificationFailedException("cluster '" + id + "' is not as planned: " + String.join("; ", problems));
        }
        JsonNode bg = request.blueGreen();
        JsonNode bgOut = bg == null ? null : bg.path("output");
        List<StepTiming> steps = new ArrayList<>(StepTiming.timeline(plan.preflightStartedAt(), plan.preflightCompletedAt(),
                id + ": " + plan.currentEngineVersion() + " -> " + plan.targetEngineVersion() + " on db.serverless",
                request.steps(), "verify", started, "same endpoint, target version, db.serverless writer"));
        if (bg != null && !bg.isNull() && !bg.isMissingNode()) {
            steps.add(StepTiming.of("blueGreen", bg.path("status").asText(), instant(bg.path("startDate")),
                    instant(bg.path("stopDate")), "nested Blue/Green execution " + bg.path("executionArn").asText()));
            steps.sort(Comparator.comparing(s -> s.step().equals("preflight") ? Instant.MIN
                    : s.step().equals("verify") ? Instant.MAX : Instant.parse(s.startedAt())));
        }
        StepRecord failover = request.steps() == null ? null : request.steps().get(FailoverToServerless.STEP);
        List<String> notices = new ArrayList<>(StepRecord.notices(plan.notices(), request.steps()));
        Long failoverSeconds = FailoverToServerless.measured(failover);
        Long switchoverSeconds = bgOut == null || !bgOut.hasNonNull("switchoverSeconds") ? null
                : bgOut.get("switchoverSeconds").asLong();
        Long greenFailoverSeconds = bgOut == null || !bgOut.hasNonNull("greenFailoverSeconds") ? null
                : bgOut.get("greenFailoverSeconds").asLong();
        // What interrupted the cluster's clients, each as measured: the nested Blue/Green's (its minor upgrade, blue's
        // writer reboot, the switchover, the restored setting's reboot; a failover inside green interrupted no client),
        // then this route's own failover on a compute-only move.
        List<Interruption> interruptions = new ArrayList<>();
        if (bgOut != null && bgOut.path("interruptions").isArray()) {
            bgOut.get("interruptions").forEach(i -> interruptions.add(dev.auroraupgrade.common.Json.read(i, Interruption.class)));
        }
        Interruption own = FailoverToServerless.interruption(failover);
        if (own != null) {
            interruptions.add(own);
        }
        if (greenFailoverSeconds != null) {
            notices.add("green failed over to db.serverless before the switchover in " + greenFailoverSeconds
                    + " s; green served no clients then, so it interrupted nothing");
        }
        StepRecord removal = request.steps() == null ? null : request.steps().get(RemoveProvisionedInstances.STEP);
        List<String> removed = removal != null && removal.outcome() != null
                && StepOutcome.DELETED.equals(removal.outcome().action())
                ? Arrays.stream(removal.outcome().resourceIdentifier().split(",\\s*")).toList() : List.of();
        long total = StepTiming.seconds(plan.preflightStartedAt(), Instant.now().toString());
        LOG.info("verified {} in place: {} on db.serverless writer {} after {} s", id, cluster.engineVersion(), writerId, total);
        var scaling = cluster.serverlessV2ScalingConfiguration();
        // Its own interruptions, as in `interruptions`; the nested Blue/Green run reports its own under blue-green too.
        java.util.Map<String, Long> measured = new java.util.LinkedHashMap<>();
        measured.put("SwitchoverSeconds", switchoverSeconds);
        measured.put("FailoverSeconds", failoverSeconds);
        dev.auroraupgrade.common.RunMetrics.succeeded(dev.auroraupgrade.workflow.WorkflowKind.IN_PLACE.id(), id, measured, steps);
        return new InPlaceResult(InPlaceResult.DONE, id, cluster.endpoint(), cluster.readerEndpoint(),
                plan.endpoint() == null || cluster.endpoint().equals(plan.endpoint()), cluster.engine(), plan.currentEngineVersion(),
                cluster.engineVersion(), plan.engineVersionSource(), scaling.minCapacity(), scaling.maxCapacity(), writerId,
                writer.dbInstanceClass(), plan.serverlessInstances(), removed, kept,
                bg == null || bg.isNull() ? null : bg.path("executionArn").asText(null),
                bg == null || bg.isNull() ? null : bg.path("status").asText(null),
                switchoverSeconds, bgOut == null ? null : bgOut.path("oldBlueClusterIdentifier").asText(null),
                bgOut == null || !bgOut.path("oldBlue").isObject() ? null
                        : dev.auroraupgrade.common.Json.read(bgOut.get("oldBlue"), dev.auroraupgrade.bluegreen.OldBlueReport.class),
                failoverSeconds,
                List.copyOf(interruptions),
                plan.lifecycleBefore() == null ? null : plan.lifecycleBefore().describe(),
                plan.lifecycleAfter() == null ? null : plan.lifecycleAfter().describe(),
                iacFollowUp(plan, cluster, members, bgOut), notices, steps, total, plan.standing());
    }

    /** The pre-flight's shape against the cluster now; the nested Blue/Green's old blue named as IaC does not know it. */
    private static dev.auroraupgrade.iac.IacFollowUp iacFollowUp(InPlacePlan plan, DBCluster cluster, List<DBInstance> members,
                                                                JsonNode bgOut) {
        if (plan.shapeBefore() == null) {
            return dev.auroraupgrade.iac.IacFollowUp.unknown(plan.clusterIdentifier());
        }
        List<String> notes = new ArrayList<>();
        String oldBlue = bgOut == null ? null : bgOut.path("oldBlueClusterIdentifier").asText(null);
        if (oldBlue != null) {
            String retireAfter = bgOut.path("oldBlue").path("retireAfter").asText(null);
            notes.add(dev.auroraupgrade.bluegreen.OldBlue.iacNote(plan.clusterIdentifier(), "old blue " + oldBlue,
                    retireAfter == null ? null : "at " + retireAfter));
        }
        return dev.auroraupgrade.iac.IacFollowUp.diff(plan.shapeBefore(),
                dev.auroraupgrade.iac.ClusterShape.of(cluster, members), false, notes);
    }

    private static String instant(JsonNode date) {
        Instant at = StepTiming.executionDate(date);
        return at == null ? null : at.toString();
    }

    private static void expect(List<String> problems, String what, Object expected, Object actual) {
        if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }
}
