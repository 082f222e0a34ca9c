package dev.auroraupgrade.inplace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.workflow.StepRecord;
import java.util.LinkedHashMap;

/** The plan, every step's record, and the nested Blue/Green execution's result (null when no version change). */
public record InPlaceVerifyRequest(InPlacePlan plan, LinkedHashMap<String, StepRecord> steps, JsonNode blueGreen) {
}
