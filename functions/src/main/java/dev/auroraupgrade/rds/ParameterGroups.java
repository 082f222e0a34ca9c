package dev.auroraupgrade.rds;

import dev.auroraupgrade.errors.InvalidInputException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;

/** Checks parameter groups an operator names in the input. */
public final class ParameterGroups {
    private ParameterGroups() {
    }

    /** The named group must exist and be of the target version's family. */
    public static void requireFamily(RdsClient rds, String field, String name, EngineVersion target, boolean clusterGroup) {
        if (name == null) {
            return;
        }
        String family;
        try {
            family = clusterGroup
                    ? rds.describeDBClusterParameterGroups(r -> r.dbClusterParameterGroupName(name))
                        .dbClusterParameterGroups().get(0).dbParameterGroupFamily()
                    : rds.describeDBParameterGroups(r -> r.dbParameterGroupName(name))
                        .dbParameterGroups().get(0).dbParameterGroupFamily();
        } catch (DbParameterGroupNotFoundException e) {
            throw new InvalidInputException(field, "= '" + name + "' names no existing parameter group");
        }
        if (!target.parameterGroupFamily().equals(family)) {
            throw new InvalidInputException(field, "= '" + name + "' is of family " + family + "; the target "
                    + target + " needs family " + target.parameterGroupFamily());
        }
    }
}
