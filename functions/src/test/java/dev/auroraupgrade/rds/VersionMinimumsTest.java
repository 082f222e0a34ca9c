package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Version routing: a feature's minimums decide which clusters may go to Serverless v2, auto-pause or 256 ACU. The
 * rules are built once, when their class loads, so these tests build their own from the same factory.
 */
class VersionMinimumsTest {
    private static EngineVersion mysql(String v) {
        return EngineVersion.parse("f", EngineVersion.MYSQL, v);
    }

    private static EngineVersion pg(String v) {
        return EngineVersion.parse("f", EngineVersion.POSTGRESQL, v);
    }

    @Test
    void eachPostgresMajorHasItsOwnFirstMinorAndLaterMajorsAllQualify() {
        VersionMinimums rule = VersionMinimums.of(new int[] {3, 2, 0}, 16, 13, 6, 14, 3, 15, 2);
        assertFalse(rule.allows(pg("13.5")));
        assertTrue(rule.allows(pg("13.6")), "13.6 is the first 13.x");
        assertFalse(rule.allows(pg("14.2")), "14's minimum is its own (14.3), not 13's");
        assertTrue(rule.allows(pg("14.3")));
        assertFalse(rule.allows(pg("15.1")));
        assertTrue(rule.allows(pg("15.2")));
        assertTrue(rule.allows(pg("16.0")), "every 16.x");
        assertTrue(rule.allows(pg("17.1")));
        assertFalse(rule.allows(pg("12.22")), "a major below every listed one");
        assertEquals("13.6+, 14.3+, 15.2+, 16 and later", rule.describePostgres());
    }

    @Test
    void auroraMysqlFromItsOwnVersionAndNoneWhenTheRuleHasNoMysqlMinimum() {
        VersionMinimums rule = VersionMinimums.of(new int[] {3, 8, 0}, 17, 16, 3);
        assertFalse(rule.allows(mysql("8.0.mysql_aurora.3.07.1")));
        assertTrue(rule.allows(mysql("8.0.mysql_aurora.3.08.0")));
        assertTrue(rule.allows(mysql("8.4.7")));
        assertEquals("aurora-mysql 3.08.0+, aurora-postgresql 16.3+, 17 and later", rule.describe());
        VersionMinimums postgresOnly = VersionMinimums.of(null, 18, 14, 9);
        assertFalse(postgresOnly.allows(mysql("8.0.mysql_aurora.3.10.0")));
        assertEquals("aurora-postgresql 14.9+, 18 and later", postgresOnly.describe());
    }

    @Test
    void theShippedRulesRouteVersionsAsTheUserGuideSays() {
        assertFalse(ServerlessV2Rules.supportsServerlessV2(mysql("8.0.mysql_aurora.3.01.1")));
        assertTrue(ServerlessV2Rules.supportsServerlessV2(mysql("8.0.mysql_aurora.3.02.0")));
        assertFalse(ServerlessV2Rules.supportsServerlessV2(pg("14.2")));
        assertTrue(ServerlessV2Rules.supportsServerlessV2(pg("14.3")));
        assertEquals(128, ServerlessV2Rules.maxCapacity(mysql("8.0.mysql_aurora.3.05.2")));
        assertEquals(256, ServerlessV2Rules.maxCapacity(mysql("8.0.mysql_aurora.3.06.0")));
        assertFalse(ServerlessV2Rules.supportsAutoPause(pg("16.2")));
        assertTrue(ServerlessV2Rules.supportsAutoPause(pg("16.3")));
        assertEquals("8.0.mysql_aurora.3.08.2", mysql("8.0.mysql_aurora.3.08.2").toString(), "messages quote the version as given");
    }
}
