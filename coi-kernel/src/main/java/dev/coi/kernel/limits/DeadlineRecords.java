package dev.coi.kernel.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@link DeadlineRecord}s on the host: one JSON file per container under {@code ~/.coi/deadlines}. */
public final class DeadlineRecords {

    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path folder;

    /** @param coiHome {@code ~/.coi} */
    public DeadlineRecords(Path coiHome) {
        this.folder = coiHome.resolve("deadlines");
    }

    void save(DeadlineRecord record) {
        try {
            LocalFiles.writeAtomically(file(record.container()), MAPPER.writeValueAsBytes(record), "rw-------");
        } catch (IOException e) {
            throw CoiException.failure("cannot record the deadline of " + record.container() + " in " + folder + ": "
                    + e.getMessage());
        }
    }

    Optional<DeadlineRecord> find(String container) {
        try {
            return Optional.of(MAPPER.readValue(Files.readAllBytes(file(container)), DeadlineRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a damaged record is no deadline; it is removed so that it is not read again every tick
            remove(container);
            return Optional.empty();
        }
    }

    List<String> containers() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && !name.startsWith(LocalFiles.WORK_PREFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether the container has a deadline: cheap enough to ask after every stop and delete. */
    public boolean has(String container) {
        return Files.exists(file(container));
    }

    /** Forgets the deadline of a container, when there is one: its session ended. Never fails. */
    public void remove(String container) {
        try {
            Files.deleteIfExists(file(container));
        } catch (IOException e) {
            // the keeper drops it when it sees the container stopped or gone
        }
    }

    private Path file(String container) {
        return folder.resolve(container + SUFFIX);
    }
}
