package dev.auroraupgrade.rehearsal;

import java.util.List;

/** One check the engine's upgrade ran that failed or warned: its name, level, what it says and the objects it names. */
public record PrecheckFinding(String check, String level, String description, List<String> objects) {
}
