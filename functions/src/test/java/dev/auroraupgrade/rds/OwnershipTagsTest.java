package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Tag;

/** A re-run adopts, and a cleanup deletes, only what the tags say this orchestrator made for this source. */
class OwnershipTagsTest {
    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void whatTheOrchestratorCreatesIsOwnedForItsSourceOnly() {
        List<Tag> tags = OwnershipTags.of("migration", "orders", "run-1");
        assertEquals("aurora-upgrade-orchestrator", OwnershipTags.value(tags, OwnershipTags.MANAGED_BY));
        assertEquals("migration", OwnershipTags.value(tags, OwnershipTags.WORKFLOW));
        assertEquals("orders", OwnershipTags.value(tags, OwnershipTags.SOURCE));
        assertEquals("run-1", OwnershipTags.value(tags, OwnershipTags.EXECUTION));
        assertTrue(OwnershipTags.ownedBy(tags, "orders"));
        assertFalse(OwnershipTags.ownedBy(tags, "payments"), "another source's leftovers are not ours to reuse");
    }

    @Test
    void aSourceTagAloneOrAnotherToolsTagIsNotOwnership() {
        assertFalse(OwnershipTags.ownedBy(List.of(tag(OwnershipTags.SOURCE, "orders")), "orders"),
                "a hand-made resource copying our source tag is not ours");
        assertFalse(OwnershipTags.ownedBy(List.of(tag(OwnershipTags.MANAGED_BY, "terraform"), tag(OwnershipTags.SOURCE, "orders")),
                "orders"));
        assertFalse(OwnershipTags.ownedBy(List.of(), "orders"));
        assertFalse(OwnershipTags.ownedBy(null, "orders"), "an untagged resource is never ours");
        assertNull(OwnershipTags.value(null, OwnershipTags.SOURCE));
    }

    @Test
    void anExecutionNameIsTaggedOnlyWhenThereIsOne() {
        assertNull(OwnershipTags.value(OwnershipTags.of("in-place", "orders", null), OwnershipTags.EXECUTION));
        assertNull(OwnershipTags.value(OwnershipTags.of("in-place", "orders", " "), OwnershipTags.EXECUTION));
        assertEquals(3, OwnershipTags.of("in-place", "orders", "").size());
        assertEquals("run_1_", OwnershipTags.value(OwnershipTags.of("in-place", "orders", "run#1!"), OwnershipTags.EXECUTION),
                "an execution name RDS would refuse as a tag value is made safe");
    }

    @Test
    void theSourcesOwnTagsCarryOverButNeverOursOrAwsReservedOnes() {
        List<Tag> source = List.of(tag("team", "payments"), tag(OwnershipTags.SOURCE, "old"),
                tag("aws:cloudformation:stack-name", "s"), tag("cost-center", "42"));
        assertEquals(List.of(tag("team", "payments"), tag("cost-center", "42")), OwnershipTags.carriedOver(source));
        assertEquals(List.of(), OwnershipTags.carriedOver(null));
    }
}
