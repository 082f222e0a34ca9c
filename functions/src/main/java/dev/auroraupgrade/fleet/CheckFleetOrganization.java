package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;

/**
 * An organization-wide fleet's first step (input {@code organization}): the OUs are checked (FleetOrganization) before
 * the fleet state machine lists any OU, so bad input fails by name before any Organizations call; the answer starts
 * the walk. Makes no AWS call.
 */
public class CheckFleetOrganization extends JsonHandler<FleetRequest, CheckFleetOrganization.Checked> {
    /** The walk's start: the named OUs, in the input's order, the first one to be listed first. */
    public record Checked(OrganizationWalk walk) {
    }

    public CheckFleetOrganization() {
        super(FleetRequest.class);
    }

    @Override
    protected Checked handle(FleetRequest request, Context context) {
        JsonNode in = request.input();
        if (in == null || !in.isObject()) {
            throw new InvalidInputException("input", "is required: the execution input must be a JSON object");
        }
        return new Checked(FleetOrganization.startWalk(FleetOrganization.validate(in.get("organization"),
                in.hasNonNull("targets"), in.hasNonNull("clusters"), in.hasNonNull("selector"),
                FleetTargets.homeRegion(request.fleetStateMachineArn()))));
    }
}
