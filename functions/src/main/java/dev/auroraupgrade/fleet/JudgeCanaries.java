package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.JsonHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * After the canaries: the rest of the fleet starts only if every canary's run succeeded (a dry run's canaries only
 * plan, so a dry run always goes on: every cluster gets its plan).
 */
public class JudgeCanaries extends JsonHandler<JudgeCanaries.Request, JudgeCanaries.Verdict> {
    /** The plan's dryRun and the canaries' rows as their iterations left them, one list per group. */
    public record Request(boolean dryRun, List<JsonNode> rows) {
    }

    public record Verdict(boolean passed, String detail) {
    }

    public JudgeCanaries() {
        super(Request.class);
    }

    @Override
    protected Verdict handle(Request r, Context context) {
        List<String> failed = new ArrayList<>();
        List<JsonNode> rows = FleetGroup.rows(r.rows());
        for (JsonNode row : rows) {
            if (!FleetRow.SUCCEEDED.equals(row.path("outcome").asText())) {
                failed.add(row.path("clusterIdentifier").asText() + " (" + row.path("error").asText(row.path("outcome").asText()) + ")");
            }
        }
        if (r.dryRun()) {
            return new Verdict(true, "dry run: every cluster plans");
        }
        if (!failed.isEmpty()) {
            return new Verdict(false, "canary " + String.join(", ", failed) + " did not succeed: the rest of the fleet was not started");
        }
        return new Verdict(true, rows.size() + " canary(ies) succeeded");
    }
}
