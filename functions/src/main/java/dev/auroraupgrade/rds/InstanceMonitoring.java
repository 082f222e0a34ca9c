package dev.auroraupgrade.rds;

import java.util.Optional;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The writer's Performance Insights and Enhanced Monitoring, as a new instance of its cluster should take them:
 * Database Insights needs every instance of a cluster to have the same settings ("Considerations for Database
 * Insights for Amazon Aurora"), and no document says a new Aurora instance inherits them, so they are passed on
 * CreateDBInstance. Enhanced Monitoring passes its role (iam:PassRole, "Setting up and enabling Enhanced
 * Monitoring"): only the one role this stack may pass is copied; another is named in {@link #note()}.
 */
public record InstanceMonitoring(Boolean performanceInsights, String performanceInsightsKmsKeyId,
                                 Integer performanceInsightsRetentionDays, Integer monitoringIntervalSeconds,
                                 String monitoringRoleArn, String note) {
    /** The stack setting naming the one Enhanced Monitoring role its functions may pass. */
    public static final String PASSABLE_ROLE_SETTING = "ENHANCED_MONITORING_ROLE_ARN";

    /** What a new instance copies from {@code writer}; {@code passableRoleArn} may be null (no role may be passed). */
    public static InstanceMonitoring of(DBInstance writer, String passableRoleArn) {
        if (writer == null) {
            return new InstanceMonitoring(null, null, null, null, null, null);
        }
        boolean pi = Boolean.TRUE.equals(writer.performanceInsightsEnabled());
        Integer interval = writer.monitoringInterval();
        String role = writer.monitoringRoleArn();
        String note = null;
        if (interval != null && interval > 0 && role != null && !role.equals(passableRoleArn)) {
            note = "Enhanced Monitoring (every " + interval + " s) is not copied to the new instances: the writer uses role "
                    + role + ", and this stack may pass only " + Optional.ofNullable(passableRoleArn).orElse("no role")
                    + " (stack parameter EnhancedMonitoringRoleName); enable it on them afterwards";
            interval = null;
            role = null;
        } else if (interval == null || interval == 0) {
            interval = null;
            role = null;
        }
        return new InstanceMonitoring(pi ? true : null, pi ? writer.performanceInsightsKMSKeyId() : null,
                pi ? writer.performanceInsightsRetentionPeriod() : null, interval, role, note);
    }

    /** Sets what is copied on a CreateDBInstance request; unset fields keep AWS's defaults (off). */
    public CreateDbInstanceRequest.Builder applyTo(CreateDbInstanceRequest.Builder request) {
        return request.enablePerformanceInsights(performanceInsights)
                .performanceInsightsKMSKeyId(performanceInsightsKmsKeyId)
                .performanceInsightsRetentionPeriod(performanceInsightsRetentionDays)
                .monitoringInterval(monitoringIntervalSeconds).monitoringRoleArn(monitoringRoleArn);
    }

    /** What is copied, in a few words ("" when nothing is on). */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (Boolean.TRUE.equals(performanceInsights)) {
            s.append("Performance Insights (").append(performanceInsightsRetentionDays).append(" days)");
        }
        if (monitoringIntervalSeconds != null) {
            s.append(s.isEmpty() ? "" : " and ").append("Enhanced Monitoring every ").append(monitoringIntervalSeconds).append(" s");
        }
        return s.toString();
    }
}
