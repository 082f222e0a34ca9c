package dev.auroraupgrade.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * scripts/run-local --workflow fleet --organization: a demo organization on the emulator whose management account is
 * the orchestrator's. Two OUs, and under databases the nested OUs prod and, below it, team-a (a platform team's accounts
 * sit that deep; the fleet names only the two top OUs and walks the rest); four ACTIVE member accounts with member
 * stacks and demo clusters tagged as the demo fleet (one of them a converted MySQL 5.7 that in place without a target
 * refuses by name, as in the single-account demo; one in team-a, two levels below a named OU); a fifth member, closed
 * (SUSPENDED), with a tagged cluster the fleet must leave alone.
 */
public final class DemoOrganization {
    /** The fleet input (its OUs are moto's ids, known only once created) and what was created, one line each. */
    public record Demo(String input, List<String> created) {
    }

    private DemoOrganization() {
    }

    public static Demo seed(LocalEnvironment env, String orchestrator, String fleetStateMachineArn) {
        var org = new LocalOrganization(env.emulator(), orchestrator);
        String databases = org.createOrganizationalUnit("databases");
        String analytics = org.createOrganizationalUnit("analytics");
        String prod = org.createOrganizationalUnit("prod", databases);
        String teamA = org.createOrganizationalUnit("team-a", prod);
        List<String> created = new ArrayList<>();
        created.add("organization " + org.id() + " (management account " + orchestrator + "), OUs " + databases
                + " (databases), " + analytics + " (analytics), nested " + prod + " (databases/prod), " + teamA
                + " (databases/prod/team-a)");
        member(env, org, "demo-org-a", databases, fleetStateMachineArn, created, "demo-org-mysql-01", "demo-org-postgres-01");
        member(env, org, "demo-org-b", databases, fleetStateMachineArn, created, "demo-org-postgres-02", "demo-org-mysql-57");
        member(env, org, "demo-org-c", analytics, fleetStateMachineArn, created, "demo-org-postgres-03");
        member(env, org, "demo-org-team-a", teamA, fleetStateMachineArn, created, "demo-org-postgres-05");
        String closed = member(env, org, "demo-org-closed", analytics, fleetStateMachineArn, created, "demo-org-postgres-04");
        org.closeAccount(closed);
        created.add("account " + closed + " closed (SUSPENDED): the fleet leaves its cluster alone");
        var input = Map.of("workflow", "in-place",
                "organization", Map.of("organizationalUnits", List.of(databases, analytics)),
                "selector", Map.of("tags", Map.of(DemoClusters.FLEET_TAG_KEY, DemoClusters.FLEET_TAG_VALUE)),
                "defaults", Map.of("serverlessInstanceCount", 1, "maxCapacity", 8),
                "maxConcurrency", 4, "canaryCount", 1, "maxFailures", 1);
        try {
            return new Demo(new ObjectMapper().writeValueAsString(input), List.copyOf(created));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member account in {@code ou} with its member stack and these demo clusters, tagged as the demo fleet. */
    private static String member(LocalEnvironment env, LocalOrganization org, String name, String ou, String fleetArn,
                                 List<String> created, String... clusters) {
        String account = org.createAccount(name, ou);
        env.deployMemberStack(account, fleetArn);
        RdsClient rds = env.rdsIn(account);
        for (String id : clusters) {
            DemoClusters.createFleetMember(rds, id);
        }
        created.add("account " + account + " (" + name + ") in " + ou + ": member stack, " + String.join(", ", clusters));
        return account;
    }
}
