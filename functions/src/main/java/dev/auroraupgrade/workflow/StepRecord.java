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
public record StepRecord(StepOutcome outcome, PollState poll,
                         /** Blue's writer reboot within the replication step (RebootWriterInstance); null elsewhere. */
                         Reboot reboot) {
    /** The reboot a step made on the way (the state machine's {@code reboot}: done, and the reboot's outcome). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reboot(Boolean done, StepOutcome outcome) {
    }

    /** How long the action this step made in this run took, to the check that saw it done; null: none, or not seen. */
    public Long measuredSeconds() {
        return outcome == null || !StepOutcome.MODIFIED.equals(outcome.action()) ? null : StepTiming.measured(outcome, poll);
    }

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
