package dev.auroraupgrade.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsNames;
import dev.auroraupgrade.workflow.FailureHandler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The rehearsal's failure tail: names the error and deletes the clone whatever failed (its writer, then the clone,
 * only when tagged as this rehearsal). It cannot wait: what RDS refused now, the next rehearsal of this cluster
 * finishes (it reuses the clone and deletes it at its end). The source was never changed.
 */
public class ConcludeRehearsalFailure extends FailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConcludeRehearsalFailure.class);
    private final RdsClient rds;

    public ConcludeRehearsalFailure() {
        this(AwsClients.rds());
    }

    public ConcludeRehearsalFailure(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    protected String workflow() {
        return dev.auroraupgrade.workflow.WorkflowKind.REHEARSE.id();
    }

    @Override
    protected Conclusion conclude(String error, JsonNode state) {
        String source = state.path("plan").path("clusterIdentifier").asText(null);
        if (source == null) {
            return Conclusion.of("the rehearsal stopped at pre-flight: nothing was created, and the source was not changed");
        }
        String clone = state.path("plan").path("cloneIdentifier").asText(RdsNames.rehearsalClone(source));
        List<String> sentences = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try {
            CloneCleanup.Pass pass = CloneCleanup.run(rds, source, clone);
            if (pass.gone()) {
                sentences.add("no clone stands");
            } else if (pass.clusterDeleting()) {
                deleted.add(clone);
                deleted.addAll(pass.instancesDeleting());
                sentences.add("the clone " + clone + " and its writer are being deleted (no final snapshot)");
            } else {
                deleted.addAll(pass.instancesDeleting());
                sentences.add("the clone " + clone + " could not be deleted yet (" + pass.waitingFor() + "): its writer's "
                        + "deletion started, and the next rehearsal of " + source + " reuses it and deletes it at its end "
                        + "(or delete it yourself: it is tagged " + PreflightRehearsal.REHEARSAL_OF + "=" + source + ")");
            }
        } catch (RuntimeException e) {
            LOG.error("clean-up of {} failed", clone, e);
            sentences.add("the clean-up of " + clone + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): delete it yourself, or run the rehearsal again");
        }
        sentences.add("the source " + source + " was not changed");
        return new Conclusion(sentences, List.of(), deleted);
    }
}
