package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * A major version upgrade needs parameter groups of the new family, and a DBA's settings must come along. The
 * parameters a user set in a group (Source=user, DescribeDBClusterParameters / DescribeDBParameters) are written
 * into the new-family group one by one: RDS itself says which ones the new family no longer has (it refuses them),
 * and those are reported, never silently dropped.
 */
public final class ParameterCarryOver {
    /** What was carried into the new group, and what the new family refused (name: RDS's reason). */
    public record Result(List<String> carried, List<String> dropped) {
        public String summary(String to) {
            return "carried " + carried.size() + " custom parameter(s) into " + to
                    + (dropped.isEmpty() ? "" : "; not carried (the new family refused them): " + String.join(", ", dropped));
        }
    }

    private ParameterCarryOver() {
    }

    /** The user-set parameters of a cluster parameter group, written into another (skipping {@code except}). */
    public static Result clusterParameters(RdsClient rds, String from, String to, String except) {
        List<Parameter> user = rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(from).source("user"))
                .parameters().stream().filter(ParameterCarryOver::userSet).filter(p -> !p.parameterName().equals(except)).toList();
        Map<String, String> there = values(rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(to)
                .source("user")).parameters());
        return apply(user, there, p -> rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(to).parameters(p)));
    }

    /** The user-set parameters of a DB (instance) parameter group, written into another. */
    public static Result instanceParameters(RdsClient rds, String from, String to) {
        List<Parameter> user = rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(from).source("user"))
                .parameters().stream().filter(ParameterCarryOver::userSet).toList();
        Map<String, String> there = values(rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(to).source("user"))
                .parameters());
        return apply(user, there, p -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(to).parameters(p)));
    }

    /** The Source=user filter, applied again: an API that ignores it must not carry engine defaults. */
    private static boolean userSet(Parameter p) {
        return p.parameterValue() != null && (p.source() == null || "user".equals(p.source()));
    }

    private static Map<String, String> values(software.amazon.awssdk.core.pagination.sync.SdkIterable<Parameter> parameters) {
        Map<String, String> values = new java.util.HashMap<>();
        parameters.forEach(p -> values.put(p.parameterName(), p.parameterValue()));
        return values;
    }

    private static Result apply(List<Parameter> parameters, Map<String, String> there,
                                java.util.function.Consumer<Parameter> modify) {
        List<String> carried = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.parameterValue().equals(there.get(p.parameterName()))) {
                // Already there (a re-run): writing it again would put the group's instances pending-reboot.
                carried.add(p.parameterName());
                continue;
            }
            // pending-reboot is accepted for static and dynamic parameters alike; the group is not in use yet.
            Parameter copy = Parameter.builder().parameterName(p.parameterName()).parameterValue(p.parameterValue())
                    .applyMethod(ApplyMethod.PENDING_REBOOT).build();
            try {
                modify.accept(copy);
                carried.add(p.parameterName());
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                // Only RDS's refusal of the parameter itself: throttling and other failures are not "dropped".
                if (!"InvalidParameterValue".equals(code) && !"InvalidParameterCombination".equals(code)) {
                    throw e;
                }
                dropped.add(p.parameterName() + " (" + (e.awsErrorDetails() == null ? e.getMessage()
                        : e.awsErrorDetails().errorMessage()) + ")");
            }
        }
        return new Result(carried, dropped);
    }
}
