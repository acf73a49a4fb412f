package dev.coi.kernel.sessions.launch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.WorkspaceWidening;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workspace config files the user allowed to loosen the sandbox, {@code ~/.coi/trusted-workspaces.json}: the
 * workspace folder mapped to the SHA-256 of the {@code .coi.toml} content approved there. Any edit of the file
 * changes the hash, so the next container of that workspace asks again.
 */
public final class WorkspaceApprovals {

    /** The file's name under coi's home. */
    public static final String FILE_NAME = "trusted-workspaces.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;

    /** @param coiHome {@code ~/.coi} */
    public WorkspaceApprovals(Path coiHome) {
        this.file = coiHome.resolve(FILE_NAME);
    }

    /** @return whether the user allowed exactly this content of the file in this workspace */
    public boolean approved(WorkspaceWidening widening) {
        return widening.sha256().equals(read().get(widening.workspace().toString()));
    }

    /** Remembers that the user allowed this content of the file in this workspace, replacing an older approval. */
    public void approve(WorkspaceWidening widening) {
        Map<String, String> approvals = read();
        approvals.put(widening.workspace().toString(), widening.sha256());
        try {
            LocalFiles.writeAtomically(file, MAPPER.writeValueAsBytes(approvals), "rw-------");
        } catch (IOException e) {
            throw CoiException.failure("cannot save the approval in " + file + ": " + e.getMessage()
                    + "; check that the folder is writable");
        }
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() { }));
        } catch (IOException e) {
            // nothing counts as approved when the file cannot be read, and it is not overwritten: the user decides
            throw CoiException.failure("cannot read " + file + ": " + e.getMessage() + "; fix or delete it (coi then"
                    + " asks again before using a workspace's .coi.toml that loosens the sandbox)");
        }
    }
}
