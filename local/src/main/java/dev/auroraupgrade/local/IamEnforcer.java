package dev.auroraupgrade.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.*;

/**
 * Checks every AWS call a handler makes against its function's policy in template.yaml before the call leaves,
 * and answers AccessDenied (HTTP 403) as AWS would. The function is known from the thread the local Lambda
 * endpoint runs it on; calls made outside a handler (test setup) are not checked. Resource ARNs follow the RDS
 * Service Authorization Reference: each action is authorised against the resources it names.
 */
final class IamEnforcer implements ExecutionInterceptor {
    private static final ThreadLocal<String> FUNCTION = new ThreadLocal<>();
    private final IamPolicies policies;
    private final RdsClient moto;
    /** The role every call is checked against, whichever function makes it; null: the function's own role. */
    private final String role;

    IamEnforcer(IamPolicies policies, RdsClient moto) {
        this(policies, moto, null);
    }

    private IamEnforcer(IamPolicies policies, RdsClient moto, String role) {
        this.policies = policies;
        this.moto = moto;
        this.role = role;
    }

    /** The same checks for clients that act through one role of the template (a member account's FleetMemberRole). */
    IamEnforcer as(String templateRole) {
        return new IamEnforcer(policies, moto, templateRole);
    }

    /** Runs a handler as the function: its calls are checked against that function's role. */
    static void runAs(String function, Runnable handler) {
        FUNCTION.set(function);
        try {
            handler.run();
        } finally {
            FUNCTION.remove();
        }
    }

    /** The function whose handler runs on this thread, or null outside a handler. */
    static String currentFunction() {
        return FUNCTION.get();
    }

    IamPolicies policies() {
        return policies;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String function = FUNCTION.get();
        if (function == null) {
            return;
        }
        if (role != null) {
            function = role;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        Map<String, List<String>> checks = new java.util.LinkedHashMap<>();
        switch (service) {
            case "Rds" -> rdsChecks(operation, request, checks);
            case "CloudWatch" -> checks.put("cloudwatch:" + operation, List.of("*"));
            case "Sfn" -> {
                // Service Authorization Reference, Step Functions: ListExecutions is authorized on the state machine.
                if (request instanceof software.amazon.awssdk.services.sfn.model.ListExecutionsRequest x) {
                    checks.put("states:ListExecutions", List.of(x.stateMachineArn()));
                } else {
                    checks.put("states:" + operation, List.of("*"));
                }
            }
            // Service Authorization Reference, Systems Manager: GetParameter and PutParameter are authorised on the
            // parameter, arn:...:parameter/<name without its leading slash>.
            case "Ssm" -> {
                String name = request instanceof software.amazon.awssdk.services.ssm.model.GetParameterRequest g ? g.name()
                        : request instanceof software.amazon.awssdk.services.ssm.model.PutParameterRequest pp ? pp.name() : "*";
                checks.put("ssm:" + operation, List.of("arn:aws:ssm:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT
                        + ":parameter/" + (name.startsWith("/") ? name.substring(1) : name)));
            }
            // Service Authorization Reference, Amazon S3: PutObject is authorised on the object, arn:aws:s3:::<bucket>/<key>.
            case "S3" -> checks.put("s3:" + operation, List.of(request
                    instanceof software.amazon.awssdk.services.s3.model.PutObjectRequest x
                    ? "arn:aws:s3:::" + x.bucket() + "/" + x.key() : "*"));
            default -> {
                return; // SNS: the topic's ARN is a CloudFormation reference here; the action is what matters
            }
        }
        // A member stack's function acts in its member account (LocalLambdaEndpoint.memberAccount): its policy is the
        // template's with ${AWS::AccountId} = that account, so its ARNs there are checked as the local account's.
        String member = LocalLambdaEndpoint.memberAccount();
        for (var c : checks.entrySet()) {
            List<String> arns = member == null ? c.getValue() : c.getValue().stream().map(a -> inLocalAccount(a, member)).toList();
            IamPolicies.Decision d = policies.decide(function, c.getKey(), arns, this::tagsOf);
            if (!d.allowed()) {
                throw AwsServiceException.builder().statusCode(403).message("User: local role of " + function
                                + " " + d.reason())
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").serviceName(service)
                                .errorMessage(d.reason()).build()).build();
            }
        }
    }

    /** {@code arn} with the member account replaced by the local one, when it names that member account. */
    private static String inLocalAccount(String arn, String member) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[4].equals(member)) {
            parts[4] = IamPolicies.ACCOUNT;
            return String.join(":", parts);
        }
        return arn;
    }

    private static String arn(String type, String name) {
        if (name != null && name.startsWith("arn:")) {
            return name;
        }
        return "arn:aws:rds:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":" + type + ":" + (name == null ? "*" : name);
    }

    private void rdsChecks(String op, SdkRequest request, Map<String, List<String>> checks) {
        List<String> r = new ArrayList<>();
        String action = "rds:" + op;
        if (request instanceof DescribeDbClustersRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
        } else if (request instanceof DescribeDbInstancesRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof DescribeDbClusterSnapshotsRequest x) {
            r.add(arn("cluster-snapshot", x.dbClusterSnapshotIdentifier()));
        } else if (request instanceof DescribeBlueGreenDeploymentsRequest x) {
            r.add(arn("deployment", x.blueGreenDeploymentIdentifier()));
        } else if (request instanceof DescribeDbClusterParameterGroupsRequest x) {
            r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
        } else if (request instanceof DescribeDbClusterParametersRequest x) {
            r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
        } else if (request instanceof DescribeDbParameterGroupsRequest x) {
            r.add(arn("pg", x.dbParameterGroupName()));
        } else if (request instanceof DescribeDbParametersRequest x) {
            r.add(arn("pg", x.dbParameterGroupName()));
        } else if (request instanceof CreateDbParameterGroupRequest x) {
            r.add(arn("pg", x.dbParameterGroupName()));
        } else if (request instanceof ModifyDbParameterGroupRequest x) {
            r.add(arn("pg", x.dbParameterGroupName()));
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DescribeGlobalClustersRequest x) {
            r.add(x.globalClusterIdentifier() == null ? "arn:aws:rds::" + IamPolicies.ACCOUNT + ":global-cluster:*"
                    : "arn:aws:rds::" + IamPolicies.ACCOUNT + ":global-cluster:" + x.globalClusterIdentifier());
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DescribeIntegrationsRequest x) {
            r.add(arn("integration", x.integrationIdentifier()));
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DescribeDbProxiesRequest x) {
            r.add(arn("db-proxy", x.dbProxyName()));
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DescribeDbProxyTargetsRequest x) {
            // Authorised on the proxy and its target group (Service Authorization Reference for Amazon RDS).
            r.add(arn("db-proxy", x.dbProxyName()));
            r.add(arn("target-group", x.targetGroupName()));
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DescribeAccountAttributesRequest) {
            r.add("*"); // no resource type (Service Authorization Reference for Amazon RDS)
        } else if (request instanceof DescribeDbEngineVersionsRequest
                || request instanceof software.amazon.awssdk.services.rds.model.DescribeDbMajorEngineVersionsRequest) {
            r.add("*");
        } else if (request instanceof DescribeOrderableDbInstanceOptionsRequest) {
            r.add("*"); // no resource type (Service Authorization Reference for Amazon RDS)
        } else if (request instanceof software.amazon.awssdk.services.rds.model.FailoverDbClusterRequest x) {
            // Authorised on the cluster and on the instance it promotes (IamPolicies.RDS_RESOURCE_TYPES).
            r.add(arn("cluster", x.dbClusterIdentifier()));
            if (x.targetDBInstanceIdentifier() != null) {
                r.add(arn("db", x.targetDBInstanceIdentifier()));
            }
        } else if (request instanceof CreateDbClusterSnapshotRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
            r.add(arn("cluster-snapshot", x.dbClusterSnapshotIdentifier()));
        } else if (request instanceof RestoreDbClusterFromSnapshotRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
            r.add(arn("cluster-snapshot", x.snapshotIdentifier()));
            if (x.dbClusterParameterGroupName() != null) {
                r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
            }
            if (x.dbSubnetGroupName() != null) {
                r.add(arn("subgrp", x.dbSubnetGroupName()));
            }
        } else if (request instanceof RestoreDbClusterToPointInTimeRequest x) {
            // The new cluster and the source are both authorised (Service Authorization Reference for Amazon RDS).
            r.add(arn("cluster", x.dbClusterIdentifier()));
            r.add(arn("cluster", x.sourceDBClusterIdentifier()));
            if (x.dbClusterParameterGroupName() != null) {
                r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
            }
            if (x.dbSubnetGroupName() != null) {
                r.add(arn("subgrp", x.dbSubnetGroupName()));
            }
        } else if (request instanceof DeleteDbClusterRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
        } else if (request instanceof DescribeEventsRequest) {
            r.add("*"); // no resource type (Service Authorization Reference for Amazon RDS)
        } else if (request instanceof DescribeDbLogFilesRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof DownloadDbLogFilePortionRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof CreateDbInstanceRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
            r.add(arn("cluster", x.dbClusterIdentifier()));
            if (x.dbParameterGroupName() != null) {
                r.add(arn("pg", x.dbParameterGroupName()));
            }
            // Dependent actions (Service Authorization Reference, CreateDBInstance): the Enhanced Monitoring role is
            // passed ("Setting up and enabling Enhanced Monitoring"); a Performance Insights key is granted to RDS.
            if (x.monitoringRoleArn() != null) {
                checks.put("iam:PassRole", List.of(x.monitoringRoleArn()));
            }
            if (x.performanceInsightsKMSKeyId() != null) {
                String key = x.performanceInsightsKMSKeyId().startsWith("arn:") ? x.performanceInsightsKMSKeyId()
                        : "arn:aws:kms:" + IamPolicies.REGION + ":" + IamPolicies.ACCOUNT + ":key/" + x.performanceInsightsKMSKeyId();
                checks.put("kms:CreateGrant", List.of(key));
                checks.put("kms:DescribeKey", List.of(key));
            }
        } else if (request instanceof ModifyDbClusterRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
            if (x.dbClusterParameterGroupName() != null) {
                r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
            }
            if (x.dbInstanceParameterGroupName() != null) {
                r.add(arn("pg", x.dbInstanceParameterGroupName()));
            }
        } else if (request instanceof ModifyDbInstanceRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest x) {
            r.add(arn("cluster", x.dbClusterIdentifier()));
            // A final snapshot taken by the delete is authorised on it too (IamPolicies.RDS_RESOURCE_TYPES).
            if (x.finalDBSnapshotIdentifier() != null) {
                r.add(arn("cluster-snapshot", x.finalDBSnapshotIdentifier()));
            }
        } else if (request instanceof software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof RebootDbInstanceRequest x) {
            r.add(arn("db", x.dbInstanceIdentifier()));
        } else if (request instanceof AddTagsToResourceRequest x) {
            r.add(x.resourceName());
        } else if (request instanceof ListTagsForResourceRequest x) {
            r.add(x.resourceName());
        } else if (request instanceof RemoveTagsFromResourceRequest x) {
            r.add(x.resourceName());
        } else if (request instanceof CreateDbClusterParameterGroupRequest x) {
            r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
        } else if (request instanceof CopyDbClusterParameterGroupRequest x) {
            r.add(arn("cluster-pg", x.sourceDBClusterParameterGroupIdentifier()));
            r.add(arn("cluster-pg", x.targetDBClusterParameterGroupIdentifier()));
        } else if (request instanceof ModifyDbClusterParameterGroupRequest x) {
            r.add(arn("cluster-pg", x.dbClusterParameterGroupName()));
        } else if (request instanceof CreateBlueGreenDeploymentRequest x) {
            String blue = x.source().substring(x.source().lastIndexOf(':') + 1);
            r.add(arn("deployment", "*"));
            r.add(x.source());
            if (x.targetDBClusterParameterGroupName() != null) {
                r.add(arn("cluster-pg", x.targetDBClusterParameterGroupName()));
            }
            if (x.targetDBParameterGroupName() != null) {
                r.add(arn("pg", x.targetDBParameterGroupName()));
            }
            // Dependent actions (Aurora User Guide, "Authorizing access to blue/green deployment operations"),
            // against a green of RDS's own naming.
            String green = blue + "-green-local0";
            checks.put("rds:CreateDBCluster", List.of(arn("cluster", green)));
            checks.put("rds:CreateDBInstance", List.of(arn("db", green + "-1"), arn("cluster", green)));
            checks.put("rds:CreateDBClusterEndpoint", List.of(arn("cluster", green)));
        } else if (request instanceof SwitchoverBlueGreenDeploymentRequest x) {
            r.add(arn("deployment", x.blueGreenDeploymentIdentifier()));
            deployment(x.blueGreenDeploymentIdentifier()).ifPresent(d -> {
                checks.put("rds:ModifyDBCluster", List.of(d.source(), d.target()));
                checks.put("rds:PromoteReadReplicaDBCluster", List.of(d.target()));
            });
        } else if (request instanceof DeleteBlueGreenDeploymentRequest x) {
            r.add(arn("deployment", x.blueGreenDeploymentIdentifier()));
            // The Aurora guide lists the dependent deletes for every delete of a deployment, with or without DeleteTarget.
            {
                deployment(x.blueGreenDeploymentIdentifier()).ifPresent(d -> {
                    String green = d.target();
                    checks.put("rds:DeleteDBCluster", List.of(green));
                    List<String> instances = new ArrayList<>();
                    moto.describeDBInstances(q -> q.filters(Filter.builder().name("db-cluster-id")
                            .values(green.substring(green.lastIndexOf(':') + 1)).build()))
                            .dbInstances().forEach(i -> instances.add(i.dbInstanceArn()));
                    if (!instances.isEmpty()) {
                        checks.put("rds:DeleteDBInstance", instances);
                    }
                });
            }
        } else {
            throw new IllegalStateException("no local IAM rule for rds:" + op + ": add its resources to IamEnforcer");
        }
        checks.put(action, r);
        // Tags given on a create are authorised as rds:AddTagsToResource on the new resource (RDS User Guide,
        // "Tagging Amazon RDS resources": tag-on-create needs both actions).
        List<software.amazon.awssdk.services.rds.model.Tag> tags = tagsOnCreate(request);
        if (tags != null && !tags.isEmpty() && !r.isEmpty()) {
            checks.put("rds:AddTagsToResource", List.of(r.get(request instanceof CreateDbClusterSnapshotRequest
                    || request instanceof CopyDbClusterParameterGroupRequest ? 1 : 0)));
        }
    }

    private static List<software.amazon.awssdk.services.rds.model.Tag> tagsOnCreate(SdkRequest request) {
        if (request instanceof CreateDbClusterSnapshotRequest x) {
            return x.tags();
        } else if (request instanceof RestoreDbClusterFromSnapshotRequest x) {
            return x.tags();
        } else if (request instanceof RestoreDbClusterToPointInTimeRequest x) {
            return x.tags();
        } else if (request instanceof CreateDbInstanceRequest x) {
            return x.tags();
        } else if (request instanceof CreateDbClusterParameterGroupRequest x) {
            return x.tags();
        } else if (request instanceof CreateDbParameterGroupRequest x) {
            return x.tags();
        } else if (request instanceof CopyDbClusterParameterGroupRequest x) {
            return x.tags();
        } else if (request instanceof CreateBlueGreenDeploymentRequest x) {
            return x.tags();
        }
        return null;
    }

    private java.util.Optional<BlueGreenDeployment> deployment(String id) {
        try {
            return moto.describeBlueGreenDeployments(q -> q.blueGreenDeploymentIdentifier(id)).blueGreenDeployments()
                    .stream().findFirst();
        } catch (BlueGreenDeploymentNotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /** A resource's tags, for aws:ResourceTag conditions; none when it does not exist (yet). */
    private Map<String, String> tagsOf(String arn) {
        Map<String, String> tags = new HashMap<>();
        if (arn.endsWith("*")) {
            return tags;
        }
        try {
            moto.listTagsForResource(q -> q.resourceName(arn)).tagList().forEach(t -> tags.put(t.key(), t.value()));
        } catch (RdsException e) {
            // not there: no tags
        }
        return tags;
    }
}
