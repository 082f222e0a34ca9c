package dev.auroraupgrade.rds;

import java.util.ArrayList;
import java.util.List;

/** Instances as the cost tests bill them. */
final class ExtendedSupportCostTestSupport {
    private ExtendedSupportCostTestSupport() {
    }

    static List<ExtendedSupportCost.Billed> provisioned(String instanceClass, int count) {
        List<ExtendedSupportCost.Billed> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(ExtendedSupportCost.Billed.provisioned("i" + i, instanceClass));
        }
        return out;
    }
}
