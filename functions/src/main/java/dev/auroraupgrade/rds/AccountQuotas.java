package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.QuotaExceededException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AccountQuota;

/**
 * The account's RDS quotas in the Region (DescribeAccountAttributes: AccountQuotaName DBClusters and DBInstances,
 * each with Used and Max; Aurora User Guide, "Quotas and constraints": 40 of each by default). A pre-flight asks
 * for what its run adds at its peak, before anything is created.
 */
public final class AccountQuotas {
    public static final String CLUSTERS = "DBClusters";
    public static final String INSTANCES = "DBInstances";

    private AccountQuotas() {
    }

    /** What is used of a quota, and its maximum. */
    public record Quota(String name, int used, int max) {
        public int room() {
            return Math.max(0, max - used);
        }

        @Override
        public String toString() {
            return name + " " + used + " of " + max + " used";
        }
    }

    /** The DBClusters and DBInstances quotas, by name; empty when the endpoint cannot tell. */
    public static java.util.Map<String, Quota> read(RdsClient rds) {
        java.util.Map<String, Quota> out = new java.util.LinkedHashMap<>();
        try {
            for (AccountQuota q : rds.describeAccountAttributes(r -> { }).accountQuotas()) {
                if ((CLUSTERS.equals(q.accountQuotaName()) || INSTANCES.equals(q.accountQuotaName())) && q.used() != null
                        && q.max() != null) {
                    out.put(q.accountQuotaName(), new Quota(q.accountQuotaName(), q.used().intValue(), q.max().intValue()));
                }
            }
        } catch (SdkException e) {
            if (!EngineVersionCatalog.notImplemented(e)) {
                throw e;
            }
        }
        return out;
    }

    /**
     * Refuses by name when adding {@code clusters} clusters and {@code instances} instances would pass a quota.
     * Returns a notice when the endpoint cannot tell (the call is not implemented there), else null.
     */
    public static String requireRoom(RdsClient rds, int clusters, int instances, String why) {
        List<AccountQuota> quotas;
        try {
            quotas = rds.describeAccountAttributes(r -> { }).accountQuotas();
        } catch (SdkException e) {
            if (!EngineVersionCatalog.notImplemented(e)) {
                throw e;
            }
            return "account quotas not checked: DescribeAccountAttributes is not available here";
        }
        List<String> short_ = new ArrayList<>();
        for (AccountQuota q : quotas) {
            int need = CLUSTERS.equals(q.accountQuotaName()) ? clusters : INSTANCES.equals(q.accountQuotaName()) ? instances : 0;
            if (need > 0 && q.used() != null && q.max() != null && q.used() + need > q.max()) {
                short_.add(q.accountQuotaName() + ": " + q.used() + " of " + q.max() + " used, this run needs " + need
                        + " more at its peak");
            }
        }
        if (!short_.isEmpty()) {
            throw new QuotaExceededException(String.join("; ", short_) + " (" + why + "). Nothing was changed: delete "
                    + "what is no longer needed (an old blue, for example) or ask AWS for a higher quota (Service Quotas, "
                    + "Amazon RDS)");
        }
        return null;
    }
}
