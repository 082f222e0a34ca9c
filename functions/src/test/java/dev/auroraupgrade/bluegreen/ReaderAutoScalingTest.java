package dev.auroraupgrade.bluegreen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the plan keeps of blue's scheduled actions, from the answers the state machine read. */
class ReaderAutoScalingTest {
    private static final String NOV_27 = "2026-11-27T00:00:00Z";

    @Test
    void aTimestampIsKeptAsAnInstantWhateverFormTheAnswerGaveIt() throws Exception {
        for (String given : List.of("1795737600000", "1795737600", "\"2026-11-27T00:00:00Z\"", "\"2026-11-27T01:00:00+01:00\"",
                "\"2026-11-27 00:00:00+00:00\"", "\"2026-11-27T00:00:00\"", "1795737600.0")) {
            assertEquals(NOV_27, ReaderAutoScaling.instant(Json.MAPPER.readTree(given)), given);
        }
        assertNull(ReaderAutoScaling.instant(null));
        assertNull(ReaderAutoScaling.instant(Json.MAPPER.readTree("null")));
        assertEquals("next tuesday", ReaderAutoScaling.instant(Json.MAPPER.readTree("\"next tuesday\"")), "put back as listed");
    }

    @Test
    void onlyThisClustersActionsAreKeptWithUtcForAMissingTimeZoneAndTheCommandsSayHowToPutThemBack() throws Exception {
        JsonNode reads = Json.MAPPER.readTree("""
                {"scalableTargets": {"ScalableTargets": [{"ServiceNamespace": "rds", "ResourceId": "cluster:orders",
                   "ScalableDimension": "rds:cluster:ReadReplicaCount", "MinCapacity": 1, "MaxCapacity": 4}]},
                 "scalingPolicies": {"ScalingPolicies": []},
                 "scheduledActions": {"ScheduledActions": [
                   {"ServiceNamespace": "rds", "ResourceId": "cluster:orders", "ScalableDimension": "rds:cluster:ReadReplicaCount",
                    "ScheduledActionName": "peak", "Schedule": "rate(1 day)", "StartTime": 1795737600000,
                    "ScalableTargetAction": {"MinCapacity": 3}},
                   {"ServiceNamespace": "rds", "ResourceId": "cluster:orders-2", "ScalableDimension": "rds:cluster:ReadReplicaCount",
                    "ScheduledActionName": "other", "Schedule": "rate(1 day)", "ScalableTargetAction": {"MinCapacity": 1}}],
                   "NextToken": "more"}}""");
        ReaderAutoScaling a = ReaderAutoScaling.fromReads(reads, "orders");
        assertEquals(1, a.scheduledActions().size(), a.toString());
        ReaderAutoScaling.ScheduledAction peak = a.scheduledActions().get(0);
        assertEquals("peak", peak.scheduledActionName());
        assertEquals("UTC", peak.timezone(), "PutScheduledAction's default, written out");
        assertEquals(NOV_27, peak.startTime());
        assertNull(peak.endTime());
        assertTrue(a.readProblem().contains("DescribeScheduledActions listed more than one page"), a.readProblem());
        assertTrue(a.notices("AUTO").stream().anyMatch(n -> n.contains(", 1 scheduled action (peak) and its scalable target")),
                a.notices("AUTO").toString());
        assertTrue(a.commands().contains("and put scheduled action peak: aws application-autoscaling put-scheduled-action "
                + "--service-namespace rds --resource-id cluster:orders --scalable-dimension rds:cluster:ReadReplicaCount "
                + "--scheduled-action-name peak --schedule 'rate(1 day)' --timezone UTC --start-time " + NOV_27
                + " --scalable-target-action '{\"MinCapacity\":3}'"), a.commands().toString());
    }
}
