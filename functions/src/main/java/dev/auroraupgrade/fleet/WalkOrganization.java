package dev.auroraupgrade.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.JsonHandler;

/**
 * One step of the organization walk (fleet input organization): takes the current OU's listing (its accounts and its
 * child OUs, which the fleet state machine read with AWS SDK integrations: this build has no Organizations SDK module)
 * into the walk and names the next OU to list (FleetOrganization.walk). Makes no AWS call.
 */
public class WalkOrganization extends JsonHandler<WalkOrganization.Request, OrganizationWalk> {
    /** The walk so far and its current OU's pages of accounts and of child OUs, nested as States.Array built them. */
    public record Request(OrganizationWalk walk, JsonNode accounts, JsonNode children) {
    }

    public WalkOrganization() {
        super(Request.class);
    }

    @Override
    protected OrganizationWalk handle(Request request, Context context) {
        return FleetOrganization.walk(request.walk(), request.accounts(), request.children());
    }
}
