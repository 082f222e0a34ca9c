package dev.auroraupgrade.iac;

/**
 * The one table of what this tool changes, by its name in CloudFormation and in the Terraform AWS provider.
 * Checked against the CloudFormation template reference (AWS::RDS::DBCluster: EngineVersion, EngineMode,
 * DBClusterParameterGroupName, ServerlessV2ScalingConfiguration with MinCapacity, MaxCapacity; AWS::RDS::DBInstance:
 * DBInstanceClass, DBParameterGroupName) and the provider's aws_rds_cluster (engine_version, engine_mode,
 * db_cluster_parameter_group_name, serverlessv2_scaling_configuration { min_capacity, max_capacity }) and
 * aws_rds_cluster_instance (instance_class, db_parameter_group_name). CDK's L1 CfnDBCluster/CfnDBInstance use the
 * CloudFormation names in camel case; Pulumi's aws.rds.Cluster/ClusterInstance the Terraform ones in camel case.
 */
public enum IacProperty {
    CLUSTER_IDENTIFIER(Resource.CLUSTER, "DBClusterIdentifier", "cluster_identifier"),
    ENGINE_VERSION(Resource.CLUSTER, "EngineVersion", "engine_version"),
    ENGINE_MODE(Resource.CLUSTER, "EngineMode", "engine_mode"),
    CLUSTER_PARAMETER_GROUP(Resource.CLUSTER, "DBClusterParameterGroupName", "db_cluster_parameter_group_name"),
    MIN_CAPACITY(Resource.CLUSTER, "ServerlessV2ScalingConfiguration.MinCapacity",
            "serverlessv2_scaling_configuration.min_capacity"),
    MAX_CAPACITY(Resource.CLUSTER, "ServerlessV2ScalingConfiguration.MaxCapacity",
            "serverlessv2_scaling_configuration.max_capacity"),
    SECONDS_UNTIL_AUTO_PAUSE(Resource.CLUSTER, "ServerlessV2ScalingConfiguration.SecondsUntilAutoPause",
            "serverlessv2_scaling_configuration.seconds_until_auto_pause"),
    INSTANCE_CLASS(Resource.INSTANCE, "DBInstanceClass", "instance_class"),
    INSTANCE_PARAMETER_GROUP(Resource.INSTANCE, "DBParameterGroupName", "db_parameter_group_name");

    /** The two resource types, by CloudFormation type and Terraform resource. */
    public enum Resource {
        CLUSTER("cluster", "AWS::RDS::DBCluster", "aws_rds_cluster"),
        INSTANCE("instance", "AWS::RDS::DBInstance", "aws_rds_cluster_instance");

        public final String kind;
        public final String cloudFormationType;
        public final String terraformResource;

        Resource(String kind, String cloudFormationType, String terraformResource) {
            this.kind = kind;
            this.cloudFormationType = cloudFormationType;
            this.terraformResource = terraformResource;
        }
    }

    public final Resource resource;
    public final String cloudFormation;
    public final String terraform;

    IacProperty(Resource resource, String cloudFormation, String terraform) {
        this.resource = resource;
        this.cloudFormation = cloudFormation;
        this.terraform = terraform;
    }
}
