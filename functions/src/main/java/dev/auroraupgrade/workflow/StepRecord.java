package dev.auroraupgrade.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.auroraupgrade.checks.PollState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A step as the state machine keeps it: the action's outcome and the last readiness check of the loop
 * that waited for it ({@code poll.attempt} 0 when no check ran).
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a step may keep more state (for example a reboot flag)
public record StepRecord(StepOutcome outcome, PollState poll) {
    /** The plan's notices, then what each step's last check noted although it was ready, in step order. */
    public static List<String> notices(List<String> planNotices, Map<String, StepRecord> records) {
        List<String> all = new ArrayList<>(planNotices == null ? List.of() : planNotices);
        if (records != null) {
            records.values().stream().filter(r -> r != null && r.poll() != null && r.poll().note() != null)
                    .map(r -> r.poll().note()).forEach(all::add);
        }
        return all;
    }
}
