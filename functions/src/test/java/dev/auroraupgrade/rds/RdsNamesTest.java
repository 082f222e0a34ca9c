package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdsNamesTest {
    @Test
    void identifiersAreLowerCasedAsRdsStoresThem() {
        assertEquals("prod-orders", RdsNames.clusterIdentifier("f", "Prod-Orders"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-abc", "a--b", "abc-", "my_cluster", "ünicode", "a b"})
    void invalidIdentifiersNameTheField(String id) {
        var e = assertThrows(InvalidInputException.class, () -> RdsNames.clusterIdentifier("sourceClusterIdentifier", id));
        assertNamesField("sourceClusterIdentifier", e);
    }

    @Test
    void rehearsalNamesKeepTheirSuffixesThatIamMatchesOnEvenWhenTheClusterIdIsLong() {
        assertEquals("prod-rehearsal", RdsNames.rehearsalClone("prod"));
        assertEquals("prod-rehearsal-1", RdsNames.rehearsalInstance("prod"));
        String longest = "a".repeat(63);
        String clone = RdsNames.rehearsalClone(longest);
        String writer = RdsNames.rehearsalInstance(longest);
        assertTrue(clone.endsWith("-rehearsal") && clone.length() == 63, clone);
        assertTrue(writer.endsWith("-rehearsal-1") && writer.length() == 63, writer);
        assertNull(RdsNames.identifierProblem(clone, 63));
        assertNull(RdsNames.identifierProblem(writer, 63));
    }

    @Test
    void sixtyThreeCharactersAreFineSixtyFourAreNot() {
        assertEquals(63, RdsNames.clusterIdentifier("f", "a".repeat(63)).length());
        assertThrows(InvalidInputException.class, () -> RdsNames.clusterIdentifier("f", "a".repeat(64)));
    }

    @Test
    void derivedNamesStayValidForTheLongestSources() {
        String source = "a".repeat(58) + "-b-cd";
        String target = RdsNames.defaultTargetCluster(source);
        String writer = RdsNames.writerInstance(target);
        assertTrue(target.endsWith("-v2") && target.length() <= 63, target);
        assertTrue(writer.endsWith("-writer") && writer.length() <= 63, writer);
        assertNull(RdsNames.identifierProblem(target, 63), target);
        assertNull(RdsNames.identifierProblem(writer, 63), writer);
        assertEquals("orders-v2", RdsNames.defaultTargetCluster("orders"));
        assertEquals("orders-v2-migration-snapshot", RdsNames.migrationSnapshot("orders-v2"));
    }

    @Test
    void truncationNeverLeavesADoubleHyphen() {
        String source = "a".repeat(59) + "-bcd"; // cut lands right after the hyphen
        String target = RdsNames.defaultTargetCluster(source);
        assertNull(RdsNames.identifierProblem(target, 63), target);
    }

    @Test
    void theErrorSaysWhatIsWrongWithTheIdentifier() {
        assertEquals("longer than 63 characters", RdsNames.identifierProblem("a".repeat(64), 63));
        assertEquals("must start with a letter", RdsNames.identifierProblem("1abc", 63));
        assertEquals("only letters, digits and hyphens are allowed", RdsNames.identifierProblem("my_cluster", 63));
        assertEquals("must not contain two consecutive hyphens", RdsNames.identifierProblem("a--b", 63));
        assertEquals("must not end with a hyphen", RdsNames.identifierProblem("abc-", 63));
        var e = assertThrows(InvalidInputException.class, () -> RdsNames.clusterIdentifier("f", "orders-"));
        assertTrue(e.getMessage().contains("'orders-' is not a valid DB cluster identifier: must not end with a hyphen"),
                e.getMessage());
    }

    @Test
    void identifiersMayStartWithAnyLetterFromAToZ() {
        assertEquals("zebra", RdsNames.clusterIdentifier("f", "zebra"));
        assertEquals("a1", RdsNames.clusterIdentifier("f", "A1"));
    }

    @Test
    void derivedInstanceNamesKeepTheirSuffixWithinTheLimit() {
        assertEquals("orders-serverless-2", RdsNames.serverlessInstance("orders", 2));
        String cluster = "a".repeat(60) + "-xyz";
        String instance = RdsNames.serverlessInstance(cluster, 1);
        assertTrue(instance.endsWith("-serverless-1") && instance.length() <= 63, instance);
        assertNull(RdsNames.identifierProblem(instance, 63), instance);
    }

    /** The error names the field as the operator typed it. */
    private static void assertNamesField(String field, Exception e) {
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("Invalid input: '" + field + "'"), e.getMessage());
    }

    @Test
    void anOldBluesFinalSnapshotIsNamedAfterItsResourceIdAndKnownAsSuch() {
        String name = RdsNames.oldBlueFinalSnapshot("orders-old1", "cluster-ABCD1234EFGH");
        assertEquals("orders-old1-final-abcd1234efgh", name);
        assertTrue(RdsNames.isOldBlueFinalSnapshot("orders", name));
        assertFalse(RdsNames.isOldBlueFinalSnapshot("order", name), "another cluster's");
        assertFalse(RdsNames.isOldBlueFinalSnapshot("orders", "orders-final-abcd"), "not an old blue's");
        assertFalse(RdsNames.isOldBlueFinalSnapshot("orders", null));
    }
}
