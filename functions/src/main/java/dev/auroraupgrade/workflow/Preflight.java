package dev.auroraupgrade.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import java.time.Instant;

/**
 * A workflow's first step: reads the execution input strictly (unknown fields and wrong types are named
 * errors), checks everything it can and returns the plan every later step follows. It only reads.
 */
public abstract class Preflight<I, P> extends JsonHandler<PreflightRequest, P> {
    private final Class<I> inputType;

    protected Preflight(Class<I> inputType) {
        super(PreflightRequest.class);
        this.inputType = inputType;
    }

    @Override
    protected final P handle(PreflightRequest request, Context context) {
        Instant started = Instant.now();
        if (request.input() == null || !request.input().isObject()) {
            throw new InvalidInputException("input", "is required: the execution input must be a JSON object");
        }
        return plan(Json.read(request.input(), inputType), request.executionName(), started);
    }

    protected abstract P plan(I input, String executionName, Instant startedAt);
}
