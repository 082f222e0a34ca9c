package dev.auroraupgrade.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what an engine's upgrade checks wrote. Aurora MySQL: upgrade-prechecks.log, one JSON document whose
 * {@code checksPerformed} lists every check with its {@code detectedProblems} (Aurora User Guide, "Major version
 * upgrade prechecks for Aurora MySQL" and "Finding the reasons for Aurora MySQL major version upgrade failures").
 * Aurora PostgreSQL: pg_upgrade's text, a "Checking ..." line per check ending in ok, warning or fatal, a fatal one
 * followed by a paragraph that says why (PostgreSQL documentation, pg_upgrade).
 */
public final class UpgradePrechecks {
    /** The log file Aurora MySQL writes its prechecks to. */
    public static final String MYSQL_LOG = "upgrade-prechecks.log";
    /** The pg_upgrade logs Aurora PostgreSQL lists after a failed major upgrade have this in their names. */
    public static final String POSTGRES_LOG_MARK = "pg_upgrade";

    /** Errors and warnings, each by check. */
    public record Findings(List<PrecheckFinding> errors, List<PrecheckFinding> warnings) {
        public static Findings none() {
            return new Findings(List.of(), List.of());
        }
    }

    private static final Pattern PG_CHECK = Pattern.compile("^(Checking .+?)\\s{2,}(ok|fatal|warning)\\s*$");

    private UpgradePrechecks() {
    }

    /** Whether a log file of the writer holds upgrade checks of this engine. */
    public static boolean isCheckLog(String engine, String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        return dev.auroraupgrade.rds.EngineVersion.MYSQL.equals(engine) ? name.equals(MYSQL_LOG)
                : name.contains(POSTGRES_LOG_MARK);
    }

    public static Findings read(String engine, String text) {
        return dev.auroraupgrade.rds.EngineVersion.MYSQL.equals(engine) ? mysql(text) : postgres(text);
    }

    /** Aurora MySQL's JSON. Text before the document (a header line) is skipped; an unreadable log is one finding. */
    static Findings mysql(String text) {
        int start = text == null ? -1 : text.indexOf('{');
        if (start < 0) {
            return new Findings(List.of(unreadable(MYSQL_LOG)), List.of());
        }
        JsonNode log;
        try {
            log = Json.MAPPER.readTree(text.substring(start));
        } catch (IOException e) {
            return new Findings(List.of(unreadable(MYSQL_LOG)), List.of());
        }
        List<PrecheckFinding> errors = new ArrayList<>();
        List<PrecheckFinding> warnings = new ArrayList<>();
        for (JsonNode check : log.path("checksPerformed")) {
            String id = check.path("id").asText("unnamed check");
            Map<String, List<JsonNode>> byLevel = new LinkedHashMap<>();
            for (JsonNode p : check.path("detectedProblems")) {
                byLevel.computeIfAbsent(p.path("level").asText("Error").toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
            }
            String about = check.path("description").asText(check.path("title").asText(""));
            for (var level : byLevel.entrySet()) {
                List<String> objects = level.getValue().stream().map(p -> p.path("dbObject").asText(""))
                        .filter(s -> !s.isBlank()).toList();
                // The check's own text explains (and usually says how to fix); each problem only says what the object is.
                String detail = !about.isBlank() ? about : level.getValue().stream().map(p -> p.path("description").asText(""))
                        .filter(s -> !s.isBlank()).distinct().findFirst().orElse(id);
                PrecheckFinding f = new PrecheckFinding(id, level.getKey(), detail, objects);
                if (level.getKey().equals("error")) {
                    errors.add(f);
                } else if (level.getKey().equals("warning")) {
                    warnings.add(f);
                } // notices are not findings
            }
            // A check that could not run reports its status without problems: the upgrade cannot pass it either.
            if (byLevel.isEmpty() && !check.path("status").asText("OK").equalsIgnoreCase("OK")) {
                errors.add(new PrecheckFinding(id, "error", about.isBlank() ? "status " + check.path("status").asText() : about, List.of()));
            }
        }
        if (errors.isEmpty() && log.path("errorCount").asInt(0) > 0) {
            errors.add(new PrecheckFinding("summary", "error", log.path("Summary").asText(log.path("errorCount").asInt()
                    + " errors were found"), List.of()));
        }
        return new Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    /** pg_upgrade's check lines; a fatal check's paragraph is its description, its indented lines the objects. */
    static Findings postgres(String text) {
        List<PrecheckFinding> errors = new ArrayList<>();
        List<PrecheckFinding> warnings = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PG_CHECK.matcher(lines[i]);
            if (!m.matches() || m.group(2).equals("ok")) {
                continue;
            }
            String check = m.group(1).trim();
            StringBuilder about = new StringBuilder();
            List<String> objects = new ArrayList<>();
            int j = i + 1;
            while (j < lines.length && lines[j].isBlank()) {
                j++;
            }
            for (; j < lines.length && !lines[j].isBlank() && !PG_CHECK.matcher(lines[j]).matches(); j++) {
                if (lines[j].startsWith("    ") || lines[j].startsWith("\t")) {
                    objects.add(lines[j].trim());
                } else {
                    about.append(about.length() == 0 ? "" : " ").append(lines[j].trim());
                }
            }
            PrecheckFinding f = new PrecheckFinding(check, m.group(2).equals("fatal") ? "error" : "warning",
                    about.toString(), List.copyOf(objects));
            (m.group(2).equals("fatal") ? errors : warnings).add(f);
        }
        return new Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    private static PrecheckFinding unreadable(String file) {
        return new PrecheckFinding(file, "error", "the log could not be read as the engine writes it: read it in the "
                + "console (Logs & events of the clone's writer)", List.of());
    }
}
