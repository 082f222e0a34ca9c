package dev.auroraupgrade.statemachine;

import static dev.auroraupgrade.statemachine.Asl.JSON;
import static dev.auroraupgrade.statemachine.Asl.obj;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auroraupgrade.checks.PollState;
import dev.auroraupgrade.rds.ExtendedSupportPrices;
import dev.auroraupgrade.workflow.PlanReport;
import dev.auroraupgrade.workflow.PollSchedule.Operation;
import dev.auroraupgrade.workflow.StateMachineErrors;
import dev.auroraupgrade.workflow.StepOutcome;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A state machine definition written as a sequence: each state added continues at the next one added, unless
 * it says otherwise. The polling loop, the action step, the failure tail and where each step keeps its result
 * ({@code $.steps.<name>}, the name its outcome reports) are defined here once for every workflow.
 */
final class Workflow {
    /** Where every step keeps its record: {@code $.steps.<step name>}. */
    static final String STEPS = "$.steps";

    private final String comment;
    private final String failureState;
    private final ObjectNode states = JSON.createObjectNode();
    /** States (or Choice rules, or Catchers) whose "Next" is the next state added. */
    private final List<ObjectNode> openEnds = new ArrayList<>();
    private final Set<Class<?>> handlers = new LinkedHashSet<>();
    private String startAt;

    /**
     * A loop that waits for something: its name in state names, what it waits for, the AWS operation (which sets
     * the check's expectations, {@link PollSchedule}), and its readiness check.
     */
    record Loop(String name, String waitingFor, Operation operation, Class<?> check, ObjectNode checkPayload,
                String limitError, List<ObjectNode> extraChoices, List<ObjectNode> catchers) {
        /** The bound ends the run with this error instead of PollLimitExceeded. */
        Loop orFail(String error) {
            return new Loop(name, waitingFor, operation, check, checkPayload, error, extraChoices, catchers);
        }

        /** A Choice rule tried after "ready" and before the bound. */
        Loop alsoChoose(ObjectNode rule) {
            List<ObjectNode> more = new ArrayList<>(extraChoices);
            more.add(rule);
            return new Loop(name, waitingFor, operation, check, checkPayload, limitError, more, catchers);
        }

        /** The check's {@code error} is a finding, not a failure: it goes to {@code resultPath} and on to {@code next}. */
        Loop onError(String error, String resultPath, String next) {
            List<ObjectNode> more = new ArrayList<>(catchers);
            more.add(obj("ErrorEquals", Asl.strings(List.of(error)), "ResultPath", resultPath, "Next", next));
            return new Loop(name, waitingFor, operation, check, checkPayload, limitError, extraChoices, more);
        }

        /** The loop's Wait after a check: as long as that check answered (nextPollSeconds). */
        String waitAgainState() {
            return "WaitAgainFor" + name;
        }
    }

    /** A loop checking with {@code check}, whose payload is the given pairs plus where the loop stands ("loop"). */
    static Loop waitFor(String name, String waitingFor, Operation operation, Class<?> check, Object... payload) {
        if (waitingFor.contains("'")) {
            // It goes into a States.Format string literal, which a quote would end (the definition would not deploy).
            throw new IllegalArgumentException("a loop's description must not contain a quote: " + waitingFor);
        }
        return new Loop(name, waitingFor, operation, check, obj(payload), StateMachineErrors.POLL_LIMIT_EXCEEDED, List.of(), List.of());
    }

    /** A loop's record before its first check: nothing waited; no answer yet (the entry Wait takes the plan's). */
    static ObjectNode freshPoll() {
        return obj("attempt", 0, "ready", false, "waitedSeconds", 0, "nextPollSeconds", null);
    }

    static String step(String name) {
        return STEPS + "." + name;
    }

    Workflow(String comment, String failureState) {
        this.comment = comment;
        this.failureState = failureState;
    }

    /** Adds a state that continues at whatever is added next. */
    Workflow then(String name, ObjectNode state) {
        add(name, state);
        openEnds.add(state);
        return this;
    }

    /** Adds a state that names its own way on (a Choice, a Fail, a state with Next or End). */
    Workflow add(String name, ObjectNode state) {
        if (startAt == null) {
            startAt = name;
        }
        openEnds.forEach(n -> n.put("Next", name));
        openEnds.clear();
        put(name, state);
        return this;
    }

    /**
     * States entered only when {@code skip} does not hold: a Choice named {@code choiceName} goes to
     * {@code firstState} (the first state {@code body} adds), or, when {@code skip} holds, straight to whatever is
     * added after the body. No Lambda runs, and no step is recorded, for what is skipped.
     */
    Workflow unless(String choiceName, String comment, ObjectNode skip, String firstState, Runnable body) {
        add(choiceName, obj("Type", "Choice", "Comment", comment, "Choices", Asl.array(skip), "Default", firstState));
        body.run();
        openEnds.add(skip);
        return this;
    }

    /** Adds a state reached only by name; whatever waits for a successor keeps waiting. */
    Workflow aside(String name, ObjectNode state) {
        put(name, state);
        return this;
    }

    /** A Lambda task that goes to the failure tail on any error its retries did not fix. */
    ObjectNode lambda(String comment, Class<?> handler, ObjectNode payload, ObjectNode selector, String resultPath) {
        return lambda(comment, Asl.LAMBDA_INVOKE, handler, payload, selector, resultPath,
                Asl.array(Asl.catchAll("$.failure", failureState)));
    }

    ObjectNode lambda(String comment, String resource, Class<?> handler, ObjectNode payload, ObjectNode selector,
                      String resultPath, ArrayNode catchers) {
        handlers.add(handler);
        ObjectNode task = JSON.createObjectNode();
        if (comment != null) {
            task.put("Comment", comment);
        }
        task.put("Type", "Task").put("Resource", resource);
        task.set("Parameters", obj("FunctionName", Asl.functionArn(handler), "Payload", payload));
        if (selector != null) {
            task.set("ResultSelector", selector);
        }
        if (resultPath != null) {
            task.put("ResultPath", resultPath);
        }
        if (resource.equals(Asl.LAMBDA_INVOKE)) {
            task.put("TimeoutSeconds", Asl.LAMBDA_TIMEOUT_SECONDS);
        }
        task.set("Retry", Asl.lambdaRetries());
        task.set("Catch", catchers);
        return task;
    }

    /** The workflow's first state: the pre-flight's plan replaces the raw input; steps start empty. */
    Workflow preflight(String comment, Class<?> handler) {
        return preflight(comment, handler, JSON.createObjectNode());
    }

    /** As above, with more records the workflow starts with (for example a nested execution's result, null). */
    Workflow preflight(String comment, Class<?> handler, ObjectNode moreRecords) {
        return preflight(comment, handler, moreRecords, obj("input.$", "$", "executionName.$", "$$.Execution.Name"));
    }

    /**
     * The state machine reads first what no function can (AWS SDK service integrations: the Java SDK of this build has
     * no module for the service), and the pre-flight gets it as {@code reads}: the raw input moves to
     * {@code $.input}, each read adds its answer to {@code $.reads} ({@link #read}). The reads run only when
     * {@code guardPath} (a field of the raw input they need) is a string; else the pre-flight names the bad input. A
     * read that fails leaves its error in {@code $.reads} and the next read runs: the pre-flight decides what it means.
     */
    Workflow preflightAfterReads(String comment, Class<?> handler, ObjectNode moreRecords, String guardPath, String firstRead,
                                 Runnable reads) {
        String preflight = handler.getSimpleName();
        then("KeepInput", obj("Type", "Pass", "Comment", "The raw input, kept for the pre-flight, and room for the reads.",
                "Parameters", obj("input.$", "$", "reads", JSON.createObjectNode()), "ResultPath", "$"));
        String guard = "$.input." + guardPath.substring(2);
        add("CanReadFirst", obj("Type", "Choice", "Comment", "The reads need " + guardPath + "; without it the pre-flight "
                        + "refuses the input by name.", "Choices", Asl.array(obj("And", Asl.array(
                        obj("Variable", guard, "IsPresent", true), obj("Variable", guard, "IsString", true)), "Next", firstRead)),
                "Default", preflight));
        reads.run();
        return preflight(comment, handler, moreRecords, obj("input.$", "$.input", "executionName.$", "$$.Execution.Name",
                "reads.$", "$.reads"));
    }

    /** The state that reads the Price List before a pre-flight ({@link #readExtendedSupportPrices}). */
    static final String PRICES_READ = "ReadExtendedSupportPrices";

    /**
     * A pre-flight whose only read is the Price List ({@link #readExtendedSupportPrices}): the migrate and in-place
     * workflows. The read runs only when {@code guardPath} is a string, as {@link #preflightAfterReads} says.
     */
    Workflow preflightAfterPriceList(String comment, Class<?> handler, ObjectNode moreRecords, String guardPath) {
        return preflightAfterReads(comment, handler, moreRecords, guardPath, PRICES_READ, this::readExtendedSupportPrices);
    }

    /**
     * The one Price List read every pricing workflow makes before its pre-flight (ExtendedSupportPrices.fromReads
     * turns it into the plan's prices): pricing:GetProducts for RDS Extended Support rates of Aurora in the state
     * machine's Region (arn:aws:states:<region>:..., the cluster's, as the functions'), answer at
     * {@code $.reads.prices}, a failure at {@code $.reads.pricesError} (the plan then prices with the dated table and
     * says why; a failed read never fails a plan).
     */
    Workflow readExtendedSupportPrices() {
        return read(PRICES_READ, "RDS Extended Support rates for Aurora in this Region from the AWS Price List API; "
                        + "when it does not answer, the plan prices with the dated table and says why.", Asl.GET_PRODUCTS,
                obj("ServiceCode", "AmazonRDS", "FormatVersion", "aws_v1", "MaxResults", 100, "Filters", Asl.array(
                        obj("Type", "TERM_MATCH", "Field", "regionCode", "Value.$",
                                "States.ArrayGetItem(States.StringSplit($$.StateMachine.Id, ':'), 3)"),
                        obj("Type", "CONTAINS", "Field", "usagetype", "Value", "ExtendedSupport"),
                        obj("Type", "CONTAINS", "Field", "databaseEngine", "Value", "Aurora"))),
                ExtendedSupportPrices.READ_FIELD, ExtendedSupportPrices.ERROR_FIELD, Asl.pricingRetries());
    }

    /**
     * One read before the pre-flight: an AWS SDK integration task whose answer goes to {@code $.reads.<field>}; any error
     * (after the service's transient errors were retried) goes to {@code $.reads.<errorField>}, and on as a success does.
     */
    Workflow read(String name, String comment, String resource, ObjectNode parameters, String field, String errorField,
                  ArrayNode retry) {
        // An answer over the state size quota (a large Price List page) is States.DataLimitExceeded, which States.ALL
        // does not catch (Step Functions Developer Guide, "Error names"): named first, it is one more unread answer.
        ObjectNode tooLarge = obj("ErrorEquals", Asl.strings(List.of("States.DataLimitExceeded")),
                "ResultPath", "$.reads." + errorField, "Next", null);
        ObjectNode catcher = Asl.catchAll("$.reads." + errorField, null);
        then(name, obj("Comment", comment, "Type", "Task", "Resource", resource, "Parameters", parameters,
                "ResultPath", "$.reads." + field, "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", retry,
                "Catch", Asl.array(tooLarge, catcher)));
        openEnds.add(tooLarge);
        openEnds.add(catcher);
        return this;
    }

    /** An AWS SDK integration task that goes to the failure tail on any error its retries did not fix. */
    ObjectNode sdk(String comment, String resource, ObjectNode parameters, String resultPath, ArrayNode retry) {
        ObjectNode task = obj("Comment", comment, "Type", "Task", "Resource", resource, "Parameters", parameters);
        if (resultPath == null) {
            task.putNull("ResultPath");
        } else {
            task.put("ResultPath", resultPath);
        }
        task.put("TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS);
        task.set("Retry", retry);
        task.set("Catch", Asl.array(Asl.catchAll("$.failure", failureState)));
        return task;
    }

    private Workflow preflight(String comment, Class<?> handler, ObjectNode moreRecords, ObjectNode payload) {
        ObjectNode selector = obj("plan.$", "$.Payload", "steps", JSON.createObjectNode());
        selector.setAll(moreRecords);
        then(handler.getSimpleName(), lambda(comment, handler, payload, selector, "$"));
        // A dry run's pre-flight answers with its report (PlanReport, which has "dryRun"): the run ends there.
        ObjectNode run = obj("Variable", "$.plan." + PlanReport.DRY_RUN, "IsPresent", false);
        add("IsDryRun", obj("Type", "Choice", "Choices", Asl.array(run), "Default", "Planned"));
        aside("Planned", obj("Type", "Pass", "Comment", "dryRun: the plan, what it would change, the interruption "
                + "and every blocker; nothing in AWS was changed.", "OutputPath", "$.plan", "End", true));
        openEnds.add(run);
        return this;
    }

    /**
     * Runs another state machine of the stack and waits for it (startExecution.sync:2): its result goes to
     * {@code resultPath} ({@code executionArn}, {@code status}, {@code startDate}, {@code stopDate}, {@code output},
     * {@code resumed}); a failure goes to the failure tail with the child's DescribeExecution as the cause.
     * The child's name is deterministic, so a re-run whose child still runs with the same input joins it
     * (StartExecution is idempotent then); otherwise StartExecution answers ExecutionAlreadyExists and the child is
     * described: still running (with another input) is a named failure, SUCCEEDED is taken as the result (resumed),
     * and any other end starts {@code retryNamePath} instead. {@code machineArn} is an ARN, or a path to one.
     */
    Workflow nested(String name, String comment, String machineArn, String namePath, String retryNamePath,
                    String inputPath, String resultPath, String timeoutPath) {
        return nested(name, comment, machineArn, namePath, retryNamePath, inputPath, resultPath, timeoutPath, null);
    }

    /**
     * As above, in another account: every call on the child (start, describe) is made with the role at
     * {@code rolePath} (Step Functions' cross-account task access, the Credentials field). Its first state is reached
     * only by name, and what it ends with continues with the next state added, like the states that waited before it.
     */
    Workflow nestedInAccount(String name, String comment, String machineArn, String namePath, String retryNamePath,
                             String inputPath, String resultPath, String timeoutPath, String rolePath) {
        List<ObjectNode> waiting = new ArrayList<>(openEnds);
        openEnds.clear();
        nested(name, comment, machineArn, namePath, retryNamePath, inputPath, resultPath, timeoutPath, rolePath);
        // nested() left its first state waiting for a successor too: its successor is the same, so keep it so.
        openEnds.addAll(waiting);
        return this;
    }

    private Workflow nested(String name, String comment, String machineArn, String namePath, String retryNamePath,
                            String inputPath, String resultPath, String timeoutPath, String rolePath) {
        boolean dynamic = machineArn.startsWith("$.");
        ObjectNode selector = obj("executionArn.$", "$.ExecutionArn", "status.$", "$.Status", "startDate.$", "$.StartDate",
                "stopDate.$", "$.StopDate", "output.$", "$.Output", "resumed", false);
        String again = name + "AsNewExecution";
        String earlier = name + "EarlierExecution";
        ObjectNode first = obj("Comment", comment, "Type", "Task", "Resource", Asl.START_EXECUTION_SYNC,
                "Parameters", startParameters(machineArn, namePath, inputPath),
                "ResultSelector", selector, "ResultPath", resultPath, "TimeoutSecondsPath", timeoutPath,
                "Retry", Asl.nestedExecutionRetries(),
                "Catch", Asl.array(obj("ErrorEquals", Asl.strings(List.of("StepFunctions.ExecutionAlreadyExistsException")),
                        "ResultPath", "$.earlierChild", "Next", earlier + "Arn"), Asl.catchAll("$.failure", failureState)));
        // ExecutionAlreadyExists also means "running with another input" (Step Functions API reference,
        // StartExecution): a second child then would drive the same resources. Only an ended child is run again.
        // arn:partition:states:region:account:stateMachine:machine -> ...:execution:machine:name
        ObjectNode split = obj("Type", "Pass", "Parameters", obj("machineArn.$", "States.StringSplit("
                + (dynamic ? machineArn : "'" + machineArn + "'") + ", ':')"), "ResultPath", "$.earlierChild", "Next", earlier);
        String arn = "$.earlierChild.machineArn";
        ObjectNode describe = obj("Comment", "The deterministic child exists: read its status.", "Type", "Task",
                "Resource", Asl.DESCRIBE_EXECUTION, "Parameters", obj("ExecutionArn.$", "States.Format("
                        + "'{}:{}:{}:{}:{}:execution:{}:{}', " + arn + "[0], " + arn + "[1], " + arn + "[2], " + arn
                        + "[3], " + arn + "[4], " + arn + "[6], " + namePath + ")"),
                "ResultSelector", obj("executionArn.$", "$.ExecutionArn", "status.$", "$.Status"),
                "ResultPath", "$.earlierChild", "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.sdkRetries("Sfn"),
                "Catch", Asl.array(Asl.catchAll("$.failure", failureState)), "Next", earlier + "Running");
        ObjectNode running = obj("Variable", "$.earlierChild.status", "StringEquals", "RUNNING", "Next", earlier + "Conflict");
        ObjectNode succeeded = obj("Variable", "$.earlierChild.status", "StringEquals", "SUCCEEDED", "Next", earlier + "Result");
        ObjectNode conflict = obj("Type", "Pass", "Comment", "The child still runs with another input: a second child "
                        + "would work on the same resources. Stop here and say which execution to wait for or stop.",
                "Parameters", obj("Error", StateMachineErrors.NESTED_EXECUTION_RUNNING, "Cause.$", "States.Format('"
                        + "The nested execution {} still runs, started with another input. Wait for it to end (or stop it), "
                        + "then re-run; a re-run with the same input joins it instead.', $.earlierChild.executionArn)"),
                "ResultPath", "$.failure", "Next", failureState);
        ObjectNode reuse = obj("Comment", "The deterministic child already succeeded: its result is this step's (nothing "
                        + "runs twice).", "Type", "Task", "Resource", Asl.DESCRIBE_EXECUTION,
                "Parameters", obj("ExecutionArn.$", "$.earlierChild.executionArn"),
                "ResultSelector", obj("executionArn.$", "$.ExecutionArn", "status.$", "$.Status", "startDate.$",
                        "$.StartDate", "stopDate.$", "$.StopDate", "output.$", "States.StringToJson($.Output)", "resumed", true),
                "ResultPath", resultPath, "TimeoutSeconds", Asl.SDK_TIMEOUT_SECONDS, "Retry", Asl.sdkRetries("Sfn"),
                "Catch", Asl.array(Asl.catchAll("$.failure", failureState)));
        ObjectNode second = obj("Comment", "The deterministic child ended without success: run the child again under this "
                        + "execution's own name; it resumes what its predecessor left.", "Type", "Task",
                "Resource", Asl.START_EXECUTION_SYNC,
                "Parameters", startParameters(machineArn, retryNamePath, inputPath),
                "ResultSelector", selector.deepCopy(), "ResultPath", resultPath, "TimeoutSecondsPath", timeoutPath,
                "Retry", Asl.nestedExecutionRetries(),
                "Catch", Asl.array(Asl.catchAll("$.failure", failureState)));
        if (rolePath != null) {
            for (ObjectNode task : List.of(first, describe, reuse, second)) {
                task.set("Credentials", obj("RoleArn.$", rolePath));
            }
        }
        then(name, first);
        aside(earlier + "Arn", split);
        aside(earlier, describe);
        aside(earlier + "Running", obj("Type", "Choice", "Choices", Asl.array(running, succeeded), "Default", again));
        aside(earlier + "Conflict", conflict);
        aside(earlier + "Result", reuse);
        aside(again, second);
        openEnds.add(reuse);
        openEnds.add(second);
        return this;
    }

    private static ObjectNode startParameters(String machineArn, String namePath, String inputPath) {
        return machineArn.startsWith("$.")
                ? obj("StateMachineArn.$", machineArn, "Name.$", namePath, "Input.$", inputPath)
                : obj("StateMachineArn", machineArn, "Name.$", namePath, "Input.$", inputPath);
    }

    /**
     * A Map state: each item of {@code itemsPath} runs {@code processor} (an inline workflow of its own), at most
     * {@code $.plan.maxConcurrency} at once; the items' outputs go to {@code resultPath} in item order. The
     * processor's functions count as this workflow's.
     */
    Workflow map(String name, String comment, String itemsPath, String maxConcurrencyPath, ObjectNode itemSelector,
                 Workflow processor, String resultPath) {
        return then(name, mapState(comment, itemsPath, maxConcurrencyPath, itemSelector, processor, resultPath)
                .set("Catch", Asl.array(Asl.catchAll("$.failure", failureState))));
    }

    /**
     * An inline Map state without a Catch (for a Map inside another Map's processor, whose states may not go to
     * the outer workflow's failure tail: the error ends the outer iteration, and the outer Map's Catch takes it).
     */
    ObjectNode mapState(String comment, String itemsPath, String maxConcurrencyPath, ObjectNode itemSelector,
                        Workflow processor, String resultPath) {
        handlers.addAll(processor.handlers());
        ObjectNode definition = processor.definition();
        ObjectNode itemProcessor = obj("ProcessorConfig", obj("Mode", "INLINE"), "StartAt", definition.get("StartAt").asText(),
                "States", definition.get("States"));
        return obj("Comment", comment, "Type", "Map", "ItemsPath", itemsPath, "MaxConcurrencyPath", maxConcurrencyPath,
                "ItemSelector", itemSelector, "ItemProcessor", itemProcessor, "ResultPath", resultPath);
    }

    /** An action step: its outcome goes to {@code $.steps.<step>}, with a fresh poll record for its loop. */
    Workflow action(String comment, Class<?> handler, String step, ObjectNode extraRecord) {
        return action(comment, handler, step, extraRecord, obj("plan.$", "$.plan"));
    }

    /** As above, for a step shared by workflows: it takes {@code payload} (a projection of the plan), not the plan. */
    Workflow action(String comment, Class<?> handler, String step, ObjectNode extraRecord, ObjectNode payload) {
        ObjectNode selector = obj("outcome.$", "$.Payload", "poll", freshPoll());
        if (extraRecord != null) {
            selector.setAll(extraRecord);
        }
        return then(handler.getSimpleName(), lambda(comment, handler, payload, selector, step(step)));
    }

    /** An action step and the loop that waits until what it started is ready. */
    Workflow actionAndWait(String comment, Class<?> handler, String step, Loop loop) {
        return action(comment, handler, step, null).loop(loop, step(step));
    }

    /** As {@link #actionAndWait}, but when the action reports SKIPPED (nothing to do) the loop is skipped too. */
    Workflow actionAndWaitUnlessSkipped(Class<?> handler, String step, String skipChoice, Loop loop) {
        return actionAndWaitUnlessSkipped(handler, step, skipChoice, loop, obj("plan.$", "$.plan"));
    }

    /** As above; {@code moreRules} (each with its own Next) are tried after "skipped". */
    Workflow actionAndWaitUnlessSkipped(Class<?> handler, String step, String skipChoice, Loop loop, ObjectNode payload,
                                        ObjectNode... moreRules) {
        action(null, handler, step, null, payload);
        ObjectNode skip = obj("Variable", step(step) + ".outcome.action", "StringEquals", StepOutcome.SKIPPED);
        ArrayNode rules = Asl.array(skip);
        for (ObjectNode rule : moreRules) {
            rules.add(rule);
        }
        add(skipChoice, obj("Type", "Choice", "Choices", rules, "Default", "WaitFor" + loop.name()));
        loop(loop, step(step));
        openEnds.add(skip);
        return this;
    }

    /**
     * Wait, Check, Choice: the first Wait takes the plan's first wait for the loop's operation (its typical duration
     * within the bounds), every later one the seconds the check answered; the check's answer goes to
     * {@code <record>.poll}; ready continues with what is added next; either bound (checks, or seconds waited) ends
     * the run with the loop's error.
     */
    Workflow loop(Loop loop, String record) {
        String waitState = "WaitFor" + loop.name();
        String checkState = "Check" + loop.name();
        String limitState = loop.name() + "PollLimitExceeded";
        String poll = record + ".poll";
        then(waitState, obj("Type", "Wait", "SecondsPath", "$.plan.polling.firstWaitSeconds." + loop.operation().id()));
        ObjectNode payload = loop.checkPayload().deepCopy();
        payload.set("loop", obj("operation", loop.operation().id(), "attempt.$", poll + ".attempt", "waitedSeconds.$",
                poll + ".waitedSeconds", "lastWaitSeconds.$", poll + ".nextPollSeconds", "polling.$", "$.plan.polling"));
        ArrayNode catchers = Asl.array(loop.catchers().toArray(new ObjectNode[0]));
        catchers.add(Asl.catchAll("$.failure", failureState));
        then(checkState, lambda(null, Asl.LAMBDA_INVOKE, loop.check(), payload, pollSelector(), poll, catchers));
        ObjectNode ready = obj("Variable", poll + ".ready", "BooleanEquals", true);
        ArrayNode choices = Asl.array(ready);
        loop.extraChoices().forEach(choices::add);
        choices.add(obj("Variable", poll + ".attempt", "NumericGreaterThanEqualsPath", "$.plan.polling.maxAttempts",
                "Next", limitState));
        choices.add(obj("Variable", poll + ".waitedSeconds", "NumericGreaterThanEqualsPath", "$.plan.polling.maxWaitSeconds",
                "Next", limitState));
        add("Is" + loop.name() + "Done", obj("Type", "Choice", "Choices", choices, "Default", loop.waitAgainState()));
        openEnds.add(ready);
        aside(loop.waitAgainState(), obj("Type", "Wait", "SecondsPath", poll + ".nextPollSeconds", "Next", checkState));
        return aside(limitState, obj("Type", "Pass", "Comment", "A bound of the loop waiting for " + loop.waitingFor() + " was reached.",
                "Parameters", obj("Error", loop.limitError(), "Cause.$", "States.Format('Gave up waiting for "
                        + loop.waitingFor() + ": {} (maxPollAttempts = {}, maxWaitSeconds = {})', " + poll
                        + ".detail, $.plan.polling.maxAttempts, $.plan.polling.maxWaitSeconds)"),
                "ResultPath", "$.failure", "Next", failureState));
    }

    /**
     * A loop entered only by name (a Choice rule of an action that answered "not yet"), whose ready exit goes back
     * to the action {@code back}. Its record must exist before the action first runs, so that every re-entry
     * continues the same count: the loop's bounds hold over all attempts.
     */
    Workflow retryLoop(Loop loop, String record, String back) {
        List<ObjectNode> waiting = new ArrayList<>(openEnds);
        openEnds.clear();
        loop(loop, record);
        openEnds.forEach(n -> n.put("Next", back));
        openEnds.clear();
        openEnds.addAll(waiting);
        return this;
    }

    /** A Choice rule or Catcher whose Next is the next state added. */
    Workflow pending(ObjectNode rule) {
        openEnds.add(rule);
        return this;
    }

    /** A best-effort SNS message to the stack's topic: a failure to send never fails the run. */
    Workflow notify(String name, String subjectFormat, String messageFormat) {
        ObjectNode catcher = Asl.catchAll("$.notificationError", null);
        ObjectNode state = obj("Type", "Task", "Resource", Asl.SNS_PUBLISH,
                "Parameters", obj("TopicArn", Asl.TOPIC, "Subject.$", subjectFormat, "Message.$", messageFormat),
                "ResultPath", null, "TimeoutSeconds", Asl.SNS_TIMEOUT_SECONDS, "Retry", Asl.notificationRetries(),
                "Catch", Asl.array(catcher));
        then(name, state);
        openEnds.add(catcher);
        return this;
    }

    /**
     * The failure tail every Catch leads to: the workflow's failure handler names the error and says what
     * stands, then the execution fails with that; if the handler itself fails, with the original error.
     */
    Workflow failureTail(String comment, Class<?> handler, String failState, String notifyName, String notifySubject,
                         String notifyMessage) {
        String unreported = failState + "Unreported";
        ObjectNode report = lambda(comment, Asl.LAMBDA_INVOKE, handler,
                // A caught error has an Error and "usually" a Cause (Step Functions guide, "Error handling"): a path
                // to a missing Cause would end the run with States.Runtime, so the handler reads it from the state.
                obj("error.$", "$.failure.Error", "state.$", "$"),
                obj("error.$", "$.Payload.error", "cause.$", "$.Payload.cause"), "$.report",
                Asl.array(Asl.catchAll("$.reportFailure", unreported)));
        report.put("Next", notifyName != null ? notifyName : failState);
        aside(failureState, report);
        if (notifyName != null) {
            ObjectNode catcher = Asl.catchAll("$.notificationError", failState);
            aside(notifyName, obj("Type", "Task", "Resource", Asl.SNS_PUBLISH,
                    "Parameters", obj("TopicArn", Asl.TOPIC, "Subject.$", notifySubject, "Message.$", notifyMessage),
                    "ResultPath", null, "TimeoutSeconds", Asl.SNS_TIMEOUT_SECONDS, "Retry", Asl.notificationRetries(),
                    "Catch", Asl.array(catcher), "Next", failState));
        }
        aside(failState, obj("Type", "Fail", "ErrorPath", "$.report.error", "CausePath", "$.report.cause"));
        return aside(unreported, obj("Comment", "The failure report itself failed: surface the original error as is.",
                "Type", "Fail", "ErrorPath", "$.failure.Error", "CausePath", "$.failure.Cause"));
    }

    /** The finished definition. */
    ObjectNode definition() {
        if (!openEnds.isEmpty()) {
            throw new IllegalStateException("the workflow ends with states that have no successor: " + openEnds);
        }
        return obj("Comment", comment, "StartAt", startAt, "States", states);
    }

    /** The handler classes whose functions the definition invokes. */
    Set<Class<?>> handlers() {
        return handlers;
    }

    /** Copies every field of a check's answer (PollState) into the loop's record. */
    private static ObjectNode pollSelector() {
        ObjectNode selector = JSON.createObjectNode();
        for (RecordComponent c : PollState.class.getRecordComponents()) {
            selector.put(c.getName() + ".$", "$.Payload." + c.getName());
        }
        return selector;
    }

    private void put(String name, ObjectNode state) {
        if (states.has(name)) {
            throw new IllegalStateException("two states named " + name);
        }
        states.set(name, state);
    }
}
