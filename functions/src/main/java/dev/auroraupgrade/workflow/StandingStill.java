package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.rds.CapacityHistory;
import dev.auroraupgrade.rds.EngineLifecycle;
import dev.auroraupgrade.rds.EngineVersion;
import dev.auroraupgrade.rds.ExtendedSupportCost;
import dev.auroraupgrade.rds.ExtendedSupportPrices;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rehearsal.Rehearsals;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * What a cluster costs as it stands, read without a plan: for a dry run that refuses the cluster before its plan (a
 * missing target version, a blocker of the input), whose fleet row would otherwise have no figure. The cluster stands
 * still by definition, so only the "now" side of the estimate is meant: its major's lifecycle (the cluster's own
 * EngineLifecycleSupport setting), its instances (db.serverless at their measured load) and the prices the state
 * machine read; and its last rehearsal, read as every plan reads it (Rehearsals.last). Only reads.
 */
public final class StandingStill {
    private StandingStill() {
    }

    /** The standing of {@code clusterIdentifier} as it is, or null when there is no such cluster. */
    public static PlanReport.Standing of(RdsClient rds, CloudWatchClient cloudWatch, SsmClient ssm, String clusterIdentifier,
                                         JsonNode reads, Clock clock) {
        RdsLookup lookup = new RdsLookup(rds);
        DBCluster cluster = lookup.cluster(clusterIdentifier).orElse(null);
        if (cluster == null || cluster.engineVersion() == null) {
            return null;
        }
        var known = Json.MAPPER.createObjectNode().put("engine", cluster.engine());
        var rehearsal = Rehearsals.last(ssm, clusterIdentifier, new java.util.ArrayList<>());
        if (rehearsal != null) {
            known.set("lastRehearsal", Json.MAPPER.valueToTree(rehearsal));
        }
        if (dev.auroraupgrade.rds.EngineModes.SERVERLESS_V1.equals(cluster.engineMode())) {
            // A v1 cluster's capacity is no instance: pricing its (absent) instances would say it costs nothing.
            return PlanReport.Standing.of(cluster.engineVersion(), null, known);
        }
        LocalDate today = LocalDate.now(clock);
        EngineLifecycle lifecycle = EngineLifecycle.of(rds, EngineVersion.parse("engineVersion", cluster.engine(),
                cluster.engineVersion()), cluster.engineLifecycleSupport(), today);
        List<ExtendedSupportCost.Billed> now = CapacityHistory.measured(cloudWatch, lookup.clusterInstances(clusterIdentifier),
                Instant.now(clock));
        ExtendedSupportCost cost = ExtendedSupportCost.estimate(lifecycle, lifecycle, now, now, null, null, today,
                ExtendedSupportPrices.orTable(ExtendedSupportPrices.fromReads(reads, ExtendedSupportPrices.functionRegion(),
                        today.toString())));
        return PlanReport.Standing.of(cluster.engineVersion(), cost, known);
    }
}
