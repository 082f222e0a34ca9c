package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.checks.CheckRequest;
import dev.auroraupgrade.checks.PollingCheck;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.rds.ResourceStatus;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Ready when the clone's deletion can be tried again: its instances are gone, or none is busy (each available, so
 * RDS accepts its deletion), or the clone itself is gone.
 */
public class CheckCloneDeletable extends PollingCheck<CheckRequest> {
    private final RdsLookup lookup;

    public CheckCloneDeletable() {
        this(AwsClients.rds());
    }

    public CheckCloneDeletable(RdsClient rds) {
        super(Json.type(CheckRequest.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected Observation observe(CheckRequest request) {
        if (lookup.cluster(request.identifier()).isEmpty()) {
            return new Observation(true, "deleted", "clone '" + request.identifier() + "' is gone");
        }
        List<DBInstance> instances = lookup.clusterInstances(request.identifier());
        List<String> busy = instances.stream().filter(i -> !ResourceStatus.isAvailable(i.dbInstanceStatus()))
                .map(i -> i.dbInstanceIdentifier() + " " + i.dbInstanceStatus()).toList();
        boolean deletable = instances.isEmpty() || busy.isEmpty();
        return new Observation(deletable, deletable ? "deletable" : "busy", deletable ? "the clone can be deleted"
                : "waiting for " + String.join(", ", busy));
    }

    @Override
    protected String resource(CheckRequest request) {
        return request.identifier();
    }
}
