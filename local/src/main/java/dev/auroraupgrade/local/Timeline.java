package dev.auroraupgrade.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** A readable timeline of an execution: one line per step, each Wait/Check/Choice loop folded into one line. */
public final class Timeline {
    private Timeline() {
    }

    private record Entered(String name, String kind, Instant at) {
    }

    public static List<String> render(List<HistoryEvent> events) {
        List<Entered> entered = new ArrayList<>();
        Set<String> loops = new HashSet<>();
        Instant start = null;
        Instant end = null;
        for (HistoryEvent e : events) {
            start = start == null ? e.timestamp() : start;
            end = e.timestamp();
            if (e.stateEnteredEventDetails() != null) {
                String type = e.typeAsString();
                String name = e.stateEnteredEventDetails().name();
                entered.add(new Entered(name, type.replace("StateEntered", ""), e.timestamp()));
                if (name.startsWith("WaitFor")) {
                    loops.add(name.substring("WaitFor".length()));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < entered.size()) {
            Entered first = entered.get(i);
            String loop = loopOf(first.name(), loops);
            int j = i + 1;
            int checks = first.kind().equals("Task") && loop != null ? 1 : 0;
            while (loop != null && j < entered.size() && loop.equals(loopOf(entered.get(j).name(), loops))) {
                checks += entered.get(j).kind().equals("Task") ? 1 : 0;
                j++;
            }
            Instant groupEnd = j < entered.size() ? entered.get(j).at() : end;
            if (loop != null) {
                lines.add(line(start, first.at(), groupEnd, "waiting for " + loop + ": " + checks + " check"
                        + (checks == 1 ? "" : "s")));
            } else if (!first.kind().equals("Choice")) {
                lines.add(line(start, first.at(), groupEnd, first.name() + (first.kind().equals("Task") ? "" : " (" + first.kind() + ")")));
            }
            i = j;
        }
        return lines;
    }

    private static String loopOf(String name, Set<String> loops) {
        for (String loop : loops) {
            if (name.equals("WaitFor" + loop) || name.equals("Check" + loop) || name.equals("Is" + loop + "Done")) {
                return loop;
            }
        }
        return null;
    }

    private static String line(Instant start, Instant at, Instant until, String label) {
        return String.format("  +%6.1fs  %-52s %6.1fs", millis(start, at) / 1000.0, label, millis(at, until) / 1000.0);
    }

    private static long millis(Instant a, Instant b) {
        return a == null || b == null ? 0 : Math.max(0, Duration.between(a, b).toMillis());
    }
}
