package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The old blue's retirement steps, each invoked as its function with its role from template.yaml: only a cluster this
 * workflow tagged as the cluster's old blue is snapshotted or deleted, and a retirement run again converges. The whole
 * retirement in a run is BlueGreenWorkflowTest's.
 */
class OldBlueRetirementTest {
    private static final List<String> STEPS = List.of("SnapshotOldBlueFunction", "DeleteOldBlueInstancesFunction",
            "DeleteOldBlueClusterFunction");
    private LocalEnvironment env;
    private RdsClient rds;
    private RdsLookup lookup;

    @BeforeEach
    void emulator() {
        env = TestEmulator.get();
        rds = env.cleanRds();
        lookup = new RdsLookup(rds);
    }

    @AfterEach
    void grants() {
        env.iam().restoreAll();
    }

    @Test
    void aClusterNotTaggedAsThisClustersOldBlueIsNeitherSnapshottedNorDeleted() {
        String cluster = TestEmulator.uniqueId("ret-refuse");
        String untagged = oldBlueLike(cluster, Map.of());
        String other = TestEmulator.uniqueId("ret-other");
        // Tagged, but as the old blue of another cluster (and owned for it).
        String foreign = oldBlueLike(cluster + "x", ownedAsOldBlueOf(other));
        for (String oldBlue : List.of(untagged, foreign)) {
            int mark = env.rdsCalls().mark();
            for (String function : STEPS) {
                var e = assertThrows(ResourceConflictException.class, () -> invoke(function, cluster, oldBlue));
                assertTrue(e.getMessage().contains("'" + oldBlue + "' is not an old blue this workflow kept for '" + cluster + "'")
                        && e.getMessage().contains("nothing was changed"), e.getMessage());
            }
            assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList(),
                    "refused before any change");
            assertTrue(lookup.cluster(oldBlue).orElseThrow().deletionProtection(), "still protected");
            assertEquals(2, lookup.clusterInstances(oldBlue).size());
            assertTrue(lookup.clusterSnapshot(oldBlue + "-final-test").isEmpty(), "no snapshot taken");
        }
    }

    /** A retirement that stops (here: refused) fails the run, reported as an upgrade that stands with old blue left. */
    @Test
    void aRetirementThatStopsIsReportedAsAFinishedUpgradeWithItsOldBlueStanding() throws Exception {
        String cluster = TestEmulator.uniqueId("ret-report");
        String oldBlue = oldBlueLike(cluster, Map.of());
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) TestEmulator.JSON.readTree(java.nio.file.Files.readString(
                TestEmulator.root().resolve("events/ConcludeBlueGreenFailureFunction.json")));
        event.put("error", "ResourceConflictException");
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("state");
        ((com.fasterxml.jackson.databind.node.ObjectNode) state.get("plan")).put("clusterIdentifier", cluster);
        state.putObject("final").putObject("result").put("status", "SWITCHED_OVER")
                .set("oldBlue", TestEmulator.JSON.valueToTree(retirement(cluster, oldBlue)));
        int mark = env.rdsCalls().mark();
        JsonNode report = TestEmulator.invokeAs("ConcludeBlueGreenFailureFunction", env.handler("ConcludeBlueGreenFailureFunction"),
                event);
        String cause = report.get("cause").asText();
        assertTrue(cause.contains("Upgraded: '" + cluster + "' runs ") && cause.contains("Retiring the old blue did not complete: "
                + "old blue '" + oldBlue + "' still stands (available, 2 instance(s)); its final snapshot '" + oldBlue
                + "-final-test' does not exist"), cause);
        assertTrue(!cause.contains("keeps serving") && !cause.contains("Aborted"), cause);
        assertEquals(List.of(), env.rdsCalls().since(mark).stream().filter(RdsCallLog.Call::mutating).toList());
    }

    /** Even if the code's check were wrong, the retirement roles may not delete or snapshot an untagged cluster. */
    @Test
    void theRetirementRolesCannotDeleteOrSnapshotAnUntaggedCluster() {
        String untagged = oldBlueLike(TestEmulator.uniqueId("ret-iam"), Map.of());
        rds.modifyDBCluster(r -> r.dbClusterIdentifier(untagged).deletionProtection(false).applyImmediately(true));
        assertDenied("DeleteOldBlueClusterFunction", () -> env.rds().deleteDBCluster(r -> r.dbClusterIdentifier(untagged)
                .skipFinalSnapshot(true)));
        assertDenied("DeleteOldBlueClusterFunction", () -> env.rds().modifyDBCluster(r -> r.dbClusterIdentifier(untagged)
                .deletionProtection(true).applyImmediately(true)));
        assertDenied("DeleteOldBlueInstancesFunction", () -> env.rds().deleteDBInstance(r -> r.dbInstanceIdentifier(untagged + "-1")));
        assertDenied("SnapshotOldBlueFunction", () -> env.rds().createDBClusterSnapshot(r -> r.dbClusterIdentifier(untagged)
                .dbClusterSnapshotIdentifier(untagged + "-final-test")));
        assertTrue(lookup.cluster(untagged).isPresent());
        assertEquals(2, lookup.clusterInstances(untagged).size());
        assertTrue(lookup.clusterSnapshot(untagged + "-final-test").isEmpty());
    }

    @Test
    void aRetirementRunAgainConvergesAndKeepsTheFinalSnapshot() {
        String cluster = TestEmulator.uniqueId("ret-again");
        String oldBlue = oldBlueLike(cluster, ownedAsOldBlueOf(cluster));
        assertEquals("CREATED", invoke("SnapshotOldBlueFunction", cluster, oldBlue).get("action").asText());
        assertEquals("REUSED", invoke("SnapshotOldBlueFunction", cluster, oldBlue).get("action").asText());
        JsonNode instances = invoke("DeleteOldBlueInstancesFunction", cluster, oldBlue);
        assertEquals("DELETED", instances.get("action").asText(), instances.toString());
        assertEquals(oldBlue + "-1," + oldBlue + "-2", instances.get("resourceIdentifier").asText());
        assertEquals("SKIPPED", invoke("DeleteOldBlueInstancesFunction", cluster, oldBlue).get("action").asText());
        assertEquals("DELETED", invoke("DeleteOldBlueClusterFunction", cluster, oldBlue).get("action").asText());
        assertTrue(lookup.cluster(oldBlue).isEmpty(), "old blue deleted");
        for (String function : STEPS) {
            String action = invoke(function, cluster, oldBlue).get("action").asText();
            assertEquals(function.startsWith("Snapshot") ? "REUSED" : "SKIPPED", action, function + " after the delete");
        }
        var snapshot = lookup.clusterSnapshot(oldBlue + "-final-test").orElseThrow();
        assertEquals(cluster, OwnershipTags.value(snapshot.tagList(), "aurora-upgrade:old-blue-of"));
    }

    /** A cluster named as RDS names an old blue, with two instances, protected, carrying {@code tags} (and they too). */
    private String oldBlueLike(String cluster, Map<String, String> tags) {
        String id = cluster + "-old1";
        DemoClusters.createProvisioned(rds, id, "aurora-mysql", "8.0.mysql_aurora.3.04.0");
        if (!tags.isEmpty()) {
            List<Tag> list = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
            rds.addTagsToResource(r -> r.resourceName(lookup.cluster(id).orElseThrow().dbClusterArn()).tags(list));
            lookup.clusterInstances(id).forEach(i -> rds.addTagsToResource(r -> r.resourceName(i.dbInstanceArn()).tags(list)));
        }
        return id;
    }

    /** The tags finalize puts on the old blue it keeps of {@code cluster}. */
    private static Map<String, String> ownedAsOldBlueOf(String cluster) {
        Map<String, String> tags = new LinkedHashMap<>();
        OwnershipTags.of("blue-green-upgrade", cluster, "test").forEach(t -> tags.put(t.key(), t.value()));
        tags.put("aurora-upgrade:old-blue-of", cluster);
        return tags;
    }

    private JsonNode invoke(String function, String cluster, String oldBlue) {
        return TestEmulator.invokeAs(function, env.handler(function), Map.of("plan", retirement(cluster, oldBlue)));
    }

    /** Finalize's oldBlue with its retirement scheduled: the steps' plan. */
    private static Map<String, Object> retirement(String cluster, String oldBlue) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("clusterIdentifier", cluster);
        plan.put("oldBlueClusterIdentifier", oldBlue);
        plan.put("monthlyExtendedSupport", null);
        plan.put("retireAfterHours", 1);
        plan.put("retireAfter", "2026-12-01T00:00:00Z");
        plan.put("finalSnapshotIdentifier", oldBlue + "-final-test");
        plan.put("status", "RETIREMENT_SCHEDULED");
        return plan;
    }

    private static void assertDenied(String function, Runnable call) {
        IamEnforcer.runAs(function, () -> {
            var e = assertThrows(AwsServiceException.class, call::run);
            assertEquals(403, e.statusCode(), e.getMessage());
            assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
        });
    }
}
