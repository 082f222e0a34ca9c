package dev.auroraupgrade.rehearsal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engines' upgrade check logs, read as a DBA would: each failed check by name with the objects it names. */
class UpgradePrechecksTest {
    private static final String MYSQL = """
            upgrade-prechecks.log
            {
              "serverVersion": "5.7.12", "targetVersion": "8.0.36",
              "checksPerformed": [
                {"id": "oldTemporalCheck", "title": "Usage of old temporal type", "status": "OK", "detectedProblems": []},
                {"id": "reservedWordsCheck", "title": "Names conflicting with new reserved keywords", "status": "OK",
                 "description": "Warning: quote these names",
                 "detectedProblems": [{"level": "Warning", "dbObject": "shop.rank", "description": "Table name"}]},
                {"id": "groupByAscSyntaxCheck", "title": "Usage of GROUP BY ASC/DESC syntax", "status": "OK",
                 "description": "Error: move ASC/DESC to ORDER BY",
                 "detectedProblems": [
                   {"level": "Error", "dbObject": "shop.v1", "description": "VIEW uses removed syntax"},
                   {"level": "Error", "dbObject": "shop.p1", "description": "PROCEDURE uses removed syntax"},
                   {"level": "Notice", "dbObject": "shop.p2", "description": "just so you know"}]},
                {"id": "auroraCheckSchemaIntegrity", "title": "Schema integrity", "status": "ERROR", "detectedProblems": []}
              ],
              "errorCount": 3, "warningCount": 1
            }
            """;

    @Test
    void mysqlErrorsAndWarningsAreNamedByCheckWithTheirObjectsAndNoticesAreNotFindings() {
        var f = UpgradePrechecks.read("aurora-mysql", MYSQL);
        assertEquals(List.of("groupByAscSyntaxCheck", "auroraCheckSchemaIntegrity"), f.errors().stream().map(PrecheckFinding::check).toList());
        assertEquals(List.of("shop.v1", "shop.p1"), f.errors().get(0).objects());
        assertEquals("Error: move ASC/DESC to ORDER BY", f.errors().get(0).description(), "the check's own explanation");
        assertEquals("Schema integrity", f.errors().get(1).description(), "a check that could not run fails the upgrade too");
        assertEquals(List.of("reservedWordsCheck"), f.warnings().stream().map(PrecheckFinding::check).toList());
        assertEquals(List.of("shop.rank"), f.warnings().get(0).objects());
    }

    @Test
    void aLogThatCountsErrorsWithoutListingThemStillFails() {
        var f = UpgradePrechecks.read("aurora-mysql", "{\"checksPerformed\": [], \"errorCount\": 2, \"Summary\": \"2 errors were found\"}");
        assertEquals(1, f.errors().size());
        assertEquals("2 errors were found", f.errors().get(0).description());
    }

    @Test
    void anUnreadableMysqlLogIsAFindingThatSaysWhereToLook() {
        for (String text : new String[] {"no json here", "{ broken", null}) {
            var f = UpgradePrechecks.read("aurora-mysql", text);
            assertEquals(1, f.errors().size(), String.valueOf(text));
            assertTrue(f.errors().get(0).description().contains("console"));
        }
    }

    @Test
    void pgUpgradeFatalChecksCarryTheirParagraphAndTheFilesTheyName() {
        String log = """
                Performing Consistency Checks on Old Live Server
                ------------------------------------------------
                Checking cluster versions                                     ok
                Checking for extension updates                                warning

                Your installation contains extensions that should be updated.
                    update_extensions.sql

                Checking for reg* data types in user tables                   fatal

                Your installation contains one of the reg* data types in user tables.
                A list of the problem columns is in the file:
                    tables_using_reg.txt

                Failure, exiting
                """;
        var f = UpgradePrechecks.read("aurora-postgresql", log);
        assertEquals(1, f.errors().size());
        PrecheckFinding fatal = f.errors().get(0);
        assertEquals("Checking for reg* data types in user tables", fatal.check());
        assertEquals("Your installation contains one of the reg* data types in user tables. A list of the problem "
                + "columns is in the file:", fatal.description());
        assertEquals(List.of("tables_using_reg.txt"), fatal.objects());
        assertEquals(List.of("Checking for extension updates"), f.warnings().stream().map(PrecheckFinding::check).toList());
        assertEquals(List.of("update_extensions.sql"), f.warnings().get(0).objects());
        assertEquals("error", fatal.level());
        assertEquals("warning", f.warnings().get(0).level());
    }

    @Test
    void aPgUpgradeLogThatEndsInsideACheckStillReadsIt() {
        // Cut off mid-paragraph (a log portion), and one ending on the check line with blank lines after it.
        var f = UpgradePrechecks.read("aurora-postgresql", "Checking for prepared transactions                      fatal\n"
                + "\nYour installation contains prepared transactions.\n    pg_prepared_xacts");
        assertEquals("Your installation contains prepared transactions.", f.errors().get(0).description());
        assertEquals(List.of("pg_prepared_xacts"), f.errors().get(0).objects());
        var g = UpgradePrechecks.read("aurora-postgresql", "Checking for incompatible polymorphic functions         fatal\n\n\n");
        assertEquals("Checking for incompatible polymorphic functions", g.errors().get(0).check());
        assertEquals("", g.errors().get(0).description());
    }

    @Test
    void aMysqlProblemWithoutAnObjectNamesNoneAndAZeroErrorCountAddsNoSummary() {
        var f = UpgradePrechecks.read("aurora-mysql", """
                {"checksPerformed": [{"id": "engineMixupCheck", "status": "OK", "description": "Error: convert the tables",
                  "detectedProblems": [{"level": "Error", "dbObject": "", "description": "mixed engines"},
                                       {"level": "Error", "dbObject": "shop.t1", "description": "MyISAM"}]}],
                 "errorCount": 0}
                """);
        assertEquals(1, f.errors().size(), f.errors().toString());
        assertEquals(List.of("shop.t1"), f.errors().get(0).objects());
        var clean = UpgradePrechecks.read("aurora-mysql", "{\"checksPerformed\": [], \"errorCount\": 0}");
        assertTrue(clean.errors().isEmpty(), clean.errors().toString());
    }

    @Test
    void onlyTheEnginesOwnCheckLogsAreRead() {
        assertTrue(UpgradePrechecks.isCheckLog("aurora-mysql", "upgrade-prechecks.log"));
        assertFalse(UpgradePrechecks.isCheckLog("aurora-mysql", "error/mysql-error.log"));
        assertTrue(UpgradePrechecks.isCheckLog("aurora-postgresql", "error/pg_upgrade_precheck.log"));
        assertFalse(UpgradePrechecks.isCheckLog("aurora-postgresql", "error/postgresql.log.2026-12-02-10"));
        assertFalse(UpgradePrechecks.isCheckLog("aurora-mysql", "error/pg_upgrade_precheck.log"));
    }
}
