package dev.auroraupgrade.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One step in a workflow's output: when it started, how long until its resource was ready, what it did. */
public record StepTiming(String step, String action, String startedAt, long durationSeconds, String detail) {

    /** The timeline of a run: pre-flight, each recorded step in order, then the final step running now. */
    public static List<StepTiming> timeline(String preflightStarted, String preflightCompleted, String summary,
                                            Map<String, StepRecord> records, String finalStep, Instant finalStarted,
                                            String finalDetail) {
        List<StepTiming> steps = new ArrayList<>();
        steps.add(of("preflight", "CHECKED", preflightStarted, preflightCompleted, summary));
        if (records != null) {
            // In the order the steps ran: JSON object keys carry no order a workflow may rely on.
            records.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().outcome() != null)
                    .sorted(Comparator.comparing(e -> Instant.parse(e.getValue().outcome().startedAt())))
                    .forEach(e -> {
                        StepOutcome o = e.getValue().outcome();
                        steps.add(of(e.getKey(), o.action(), o.startedAt(), end(e.getValue()), o.detail()));
                    });
        }
        steps.add(of(finalStep, "CHECKED", finalStarted.toString(), Instant.now().toString(), finalDetail));
        return steps;
    }

    /**
     * An execution date as Step Functions hands it over: epoch milliseconds from a .sync integration (seconds from
     * some endpoints), ISO-8601 or "yyyy-MM-dd HH:mm:ss+00:00" text from an SDK integration; null when absent.
     */
    public static java.time.Instant executionDate(com.fasterxml.jackson.databind.JsonNode date) {
        if (date == null || date.isMissingNode() || date.isNull()) {
            return null;
        }
        if (date.isNumber()) {
            double v = date.asDouble();
            return v > 1e11 ? java.time.Instant.ofEpochMilli((long) v) : java.time.Instant.ofEpochMilli((long) (v * 1000));
        }
        try {
            return java.time.Instant.parse(date.asText());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(date.asText().replace(' ', 'T')).toInstant();
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A step ends when its resource is ready: the last check of its loop, if one ran. */
    public static String end(StepRecord r) {
        return r.poll() != null && r.poll().checkedAt() != null ? r.poll().checkedAt() : r.outcome().completedAt();
    }

    /** From an action's request to the first check that saw it done; null when no check ran after it. */
    public static Long measured(StepOutcome action, dev.auroraupgrade.checks.PollState check) {
        return action == null || check == null || check.checkedAt() == null ? null
                : seconds(action.startedAt(), check.checkedAt());
    }

    public static long seconds(String start, String end) {
        return start == null || end == null ? 0 : Math.max(0, Duration.between(Instant.parse(start), Instant.parse(end)).toSeconds());
    }

    public static StepTiming of(String step, String action, String start, String end, String detail) {
        return new StepTiming(step, action, start, seconds(start, end), detail);
    }
}
