package dev.auroraupgrade.rds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.auroraupgrade.errors.UnsupportedEngineVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineVersionRulesTest {
    private static EngineVersion mysql(String v) {
        return EngineVersion.parse("f", EngineVersion.MYSQL, v);
    }

    private static EngineVersion pg(String v) {
        return EngineVersion.parse("f", EngineVersion.POSTGRESQL, v);
    }

    @Test
    void auroraMysqlVersionsCompareByAuroraNumbers() {
        assertTrue(mysql("8.0.mysql_aurora.3.02.0").compareTo(mysql("5.7.mysql_aurora.2.11.4")) > 0);
        assertTrue(mysql("8.0.mysql_aurora.3.10.0").compareTo(mysql("8.0.mysql_aurora.3.9.1")) > 0);
        assertEquals("aurora-mysql8.0", mysql("8.0.mysql_aurora.3.08.2").parameterGroupFamily());
        assertEquals("aurora-postgresql16", pg("16.6").parameterGroupFamily());
        assertTrue(pg("13.12").compareTo(pg("13.9")) > 0, "13.12 is newer than 13.9, not older");
    }

    @Test
    void auroraMysql84IsAVersionOfItsOwnMajorAboveEvery3x() {
        EngineVersion v = mysql("8.4.7");
        assertEquals("aurora-mysql8.4", v.parameterGroupFamily());
        assertTrue(v.compareTo(mysql("8.0.mysql_aurora.3.10.0")) > 0);
        assertFalse(v.sameMajor(mysql("8.0.mysql_aurora.3.10.0")), "3.x to 8.4 is a major upgrade");
        assertTrue(mysql("8.4.12").compareTo(v) > 0);
        assertEquals(v.compareTo(mysql("8.4.mysql_aurora.8.4.7")), 0, "the long form reads the same");
        assertTrue(ServerlessV2Rules.supportsServerlessV2(v));
    }

    @Test
    void rulesQuoteTheirOwnThresholds() {
        assertEquals("aurora-mysql 3.02.0+, aurora-postgresql 13.6+, 14.3+, 15.2+, 16 and later",
                ServerlessV2Rules.SERVERLESS_V2.describe());
        assertTrue(BlueGreenRules.postgresMinimumProblem(pg("14.8")).contains("14.9+"));
        assertEquals(null, BlueGreenRules.postgresMinimumProblem(pg("14.9")));
    }

    @Test
    void tagValuesAreKeptToWhatRdsAccepts() {
        assertEquals("db_s-upgrade_1__", OwnershipTags.tagValue("db's-upgrade(1)!"));
        assertEquals("run-2026.11.24_a@b:c/d=e+f", OwnershipTags.tagValue("run-2026.11.24_a@b:c/d=e+f"));
        assertEquals(256, OwnershipTags.tagValue("x".repeat(300)).length());
    }

    @Test
    void aVersionOfTheOtherEngineIsNamedAsSuch() {
        var e = assertThrows(UnsupportedEngineVersionException.class, () -> mysql("16.6"));
        assertTrue(e.getMessage().contains("aurora-postgresql"), e.getMessage());
        var e2 = assertThrows(UnsupportedEngineVersionException.class, () -> pg("8.0.mysql_aurora.3.08.2"));
        assertTrue(e2.getMessage().contains("aurora-mysql"), e2.getMessage());
        assertThrows(UnsupportedEngineVersionException.class, () -> mysql("latest"));
    }

    @ParameterizedTest
    @CsvSource({
        "aurora-mysql, 5.7.mysql_aurora.2.11.4, false",
        "aurora-mysql, 8.0.mysql_aurora.3.01.1, false",
        "aurora-mysql, 8.0.mysql_aurora.3.02.0, true",
        "aurora-postgresql, 13.5, false",
        "aurora-postgresql, 13.6, true",
        "aurora-postgresql, 14.2, false",
        "aurora-postgresql, 14.3, true",
        "aurora-postgresql, 15.1, false",
        "aurora-postgresql, 15.2, true",
        "aurora-postgresql, 16.1, true",
        "aurora-postgresql, 17.4, true",
        "aurora-postgresql, 12.16, false",
        "aurora-postgresql, 11.21, false"})
    void serverlessV2Minimums(String engine, String version, boolean supported) {
        assertEquals(supported, ServerlessV2Rules.supportsServerlessV2(EngineVersion.parse("f", engine, version)));
    }

    @Test
    void autoPauseAndMaximumCapacityFollowTheVersion() {
        assertTrue(ServerlessV2Rules.supportsAutoPause(mysql("8.0.mysql_aurora.3.08.0")));
        assertFalse(ServerlessV2Rules.supportsAutoPause(mysql("8.0.mysql_aurora.3.07.1")));
        assertTrue(ServerlessV2Rules.supportsAutoPause(pg("16.3")));
        assertFalse(ServerlessV2Rules.supportsAutoPause(pg("16.2")));
        assertEquals(256.0, ServerlessV2Rules.maxCapacity(mysql("8.0.mysql_aurora.3.06.0")));
        assertEquals(128.0, ServerlessV2Rules.maxCapacity(mysql("8.0.mysql_aurora.3.05.2")));
        assertEquals(128.0, ServerlessV2Rules.maxCapacity(pg("15.4")));
        assertEquals(256.0, ServerlessV2Rules.maxCapacity(pg("15.5")));
    }

    @Test
    void theBuiltInDefaultTargetsSupportServerlessV2() {
        assertTrue(ServerlessV2Rules.supportsServerlessV2(mysql(ServerlessV2Rules.DEFAULT_MYSQL_TARGET)));
        assertTrue(ServerlessV2Rules.supportsServerlessV2(pg(ServerlessV2Rules.DEFAULT_POSTGRESQL_TARGET)));
    }
}
