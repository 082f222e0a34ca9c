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

    @Test
    void eachWorkflowsWorstCaseIsItsLoopsChecksTasksApprovalAndSwitchoverExactly() throws Exception {
        long task = WorkflowBounds.TASK_WORST_SECONDS;
        // A migration with the defaults (2 h and 120 checks per loop), by hand: 6 loops and 11 other tasks (the
        // Price List read before the pre-flight is one of them).
        assertEquals(6 * (7_200 + 120 * task) + 11 * task, WorkflowBounds.childSeconds(WorkflowKind.MIGRATE, JSON.readTree("{}")));
        assertEquals(1_255_929, WorkflowBounds.childSeconds(WorkflowKind.MIGRATE, JSON.readTree("{}")));
        var bg = WorkflowBounds.Shape.BLUE_GREEN;
        PollSettings bgPoll = PollSettings.BLUE_GREEN_DEFAULTS;
        long bgOwn = bg.loopRuns * (bgPoll.maxWaitSeconds() + (long) bgPoll.maxAttempts() * task)
                + (long) bg.retriedActions * bgPoll.maxAttempts() * task + bg.taskStates * task;
        assertEquals(bgOwn + 1 + 300, WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN,
                JSON.readTree("{\"approvalTimeoutSeconds\": 1}")), "the shortest legal approval counts as itself");
        assertEquals(bgOwn + 86_400 + 3_600, WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN,
                JSON.readTree("{\"switchoverTimeoutSeconds\": 3600}")));
        var ip = WorkflowBounds.Shape.IN_PLACE;
        PollSettings ipPoll = PollSettings.MIGRATION_DEFAULTS;
        long ipOwn = ip.loopRuns * (ipPoll.maxWaitSeconds() + (long) ipPoll.maxAttempts() * task)
                + (long) ip.retriedActions * ipPoll.maxAttempts() * task + ip.taskStates * task;
        assertEquals(ipOwn + bgOwn + 86_400 + 300 + WorkflowBounds.PARENT_MARGIN_SECONDS,
                WorkflowBounds.childSeconds(WorkflowKind.IN_PLACE, JSON.readTree("{}")), "in place waits for its nested Blue/Green");
        // The old blue's retirement waits its hours in the Blue/Green child, so every parent waits them too.
        assertEquals(bgOwn + 86_400 + 300 + 720 * 3600L, WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN,
                JSON.readTree("{\"retireOldBlueAfterHours\": 720}")));
        assertEquals(ipOwn + bgOwn + 86_400 + 300 + 24 * 3600L + WorkflowBounds.PARENT_MARGIN_SECONDS,
                WorkflowBounds.childSeconds(WorkflowKind.IN_PLACE, JSON.readTree("{\"retireOldBlueAfterHours\": 24}")),
                "the in-place route's nested Blue/Green retires its old blue");
        assertTrue(WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN, JSON.readTree("{\"retireOldBlueAfterHours\": 721}"))
                >= bgOwn + WorkflowBounds.MAX_APPROVAL_SECONDS + 720 * 3600L, "721 h is refused: the worst legal case counts");
        // Out of range: the pre-flight refuses it, so the plan takes the worst legal case instead of failing.
        assertTrue(WorkflowBounds.childSeconds(WorkflowKind.BLUE_GREEN, JSON.readTree("{\"approvalTimeoutSeconds\": 0}"))
                > bgOwn + WorkflowBounds.MAX_APPROVAL_SECONDS, "0 is not a legal approval timeout");
    }
}
