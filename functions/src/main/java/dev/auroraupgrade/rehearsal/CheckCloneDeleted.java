package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.checks.CheckRequest;
import dev.auroraupgrade.checks.PollingCheck;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.common.Json;
import dev.auroraupgrade.rds.RdsLookup;
import software.amazon.awssdk.services.rds.RdsClient;

/** Ready when the clone no longer exists (DescribeDBClusters answers DBClusterNotFound). */
public class CheckCloneDeleted extends PollingCheck<CheckRequest> {
    private final RdsLookup lookup;

    public CheckCloneDeleted() {
        this(AwsClients.rds());
    }

    public CheckCloneDeleted(RdsClient rds) {
        super(Json.type(CheckRequest.class));
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected Observation observe(CheckRequest request) {
        return lookup.cluster(request.identifier()).map(c -> new Observation(false, c.status(), "clone '"
                + request.identifier() + "' is " + c.status())).orElseGet(() -> new Observation(true, "deleted",
                "clone '" + request.identifier() + "' is gone"));
    }

    @Override
    protected String resource(CheckRequest request) {
        return request.identifier();
    }
}
