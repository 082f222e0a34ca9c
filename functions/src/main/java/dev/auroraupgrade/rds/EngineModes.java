package dev.auroraupgrade.rds;

/** DBCluster.EngineMode values this project acts on. */
public final class EngineModes {
    /** Aurora Serverless v1. */
    public static final String SERVERLESS_V1 = "serverless";
    /** Provisioned, which includes Serverless v2 (db.serverless instances in a provisioned cluster). */
    public static final String PROVISIONED = "provisioned";

    private EngineModes() {
    }
}
