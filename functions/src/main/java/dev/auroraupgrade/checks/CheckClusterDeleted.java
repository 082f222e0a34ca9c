package dev.auroraupgrade.checks;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.rds.RdsLookup;
import software.amazon.awssdk.services.rds.RdsClient;

/** Ready when the DB cluster no longer exists (DescribeDBClusters answers DBClusterNotFound). */
public class CheckClusterDeleted extends PollingCheck<CheckRequest> {
    private final RdsLookup lookup;

    public CheckClusterDeleted() {
        this(AwsClients.rds());
    }

    public CheckClusterDeleted(RdsClient rds) {
        super(Json.type(CheckRequest.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected String resource(CheckRequest request) {
        return request.identifier();
    }

    @Override
    protected Observation observe(CheckRequest request) {
        String id = request.identifier();
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("identifier", "is required");
        }
        return lookup.cluster(id).map(c -> new Observation(false, c.status(), "DB cluster '" + id + "' is '" + c.status() + "'"))
                .orElseGet(() -> new Observation(true, "deleted", "DB cluster '" + id + "' is deleted"));
    }
}
