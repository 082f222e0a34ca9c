package dev.auroraupgrade.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WorkflowBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTaskWithEveryRetryTakesEachAttemptsTimeoutAndTheIntervals() {
        // 12 attempts of 120 s; 2+4+...+64 s and 3+6+...+48 s between them.
        assertEquals(12 * 120 + 126 + 93, WorkflowBounds.TASK_WORST_SECONDS);
    }

    @Test
    void aChildsWorstCaseCountsItsApprovalLoopsAndChecks() throws Exception {
        var in = JSON.readTree("{\"approvalTimeoutSeconds\": 600000}");
        long blueGreen = WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN, in);
        assertTrue(blueGreen >= 600_000 + 5 * (14_400 + 240 * WorkflowBounds.TASK_WORST_SECONDS), String.valueOf(blueGreen));
        long inPlace = WorkflowBounds.childSeconds(WorkflowKind.IN_PLACE, in);
        assertTrue(inPlace > blueGreen + 6 * 7_200, "in place adds its own loops to the nested Blue/Green: " + inPlace);
        assertTrue(WorkflowBounds.childSeconds(WorkflowKind.MIGRATE, in) < blueGreen, "a migration has no approval");
        assertTrue(WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN, JSON.readTree("{\"approvalTimeoutSeconds\": 60}"))
                < blueGreen, "a shorter approval, a shorter worst case");
    }

    @Test
    void theParentWaitsLongerThanTheChildWithinStepFunctionsYear() {
        assertEquals(1000 + WorkflowBounds.PARENT_MARGIN_SECONDS, WorkflowBounds.parentTimeout(1000));
        assertEquals(WorkflowBounds.MAX_EXECUTION_SECONDS, WorkflowBounds.parentTimeout(400L * 24 * 3600));
        var worstLegal = JSON.createObjectNode().put("approvalTimeoutSeconds", 604_800).put("maxWaitSeconds", 86_400)
                .put("maxPollAttempts", 300).put("switchoverTimeoutSeconds", 3600);
        long inPlace = WorkflowBounds.childSeconds(WorkflowKind.IN_PLACE, worstLegal);
        assertTrue(WorkflowBounds.parentTimeout(inPlace) > inPlace, "even the worst legal in-place child fits in a year: "
                + inPlace);
    }
}
