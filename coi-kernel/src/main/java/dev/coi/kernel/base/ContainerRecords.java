package dev.coi.kernel.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Records the keeper works from, one JSON file per container in a folder of {@code ~/.coi}, readable by the user
 * alone and written atomically; a damaged one is removed when read, so that it is not read again every tick.
 *
 * @param <T> the record
 */
public final class ContainerRecords<T> {

    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path folder;
    private final Class<T> type;
    private final String what;

    /**
     * @param folder the folder
     * @param type the record's class
     * @param what what a record says, for the error when one cannot be written ("the deadline")
     */
    public ContainerRecords(Path folder, Class<T> type, String what) {
        this.folder = folder;
        this.type = type;
        this.what = what;
    }

    public void save(String container, T record) {
        try {
            LocalFiles.writeAtomically(file(container), MAPPER.writeValueAsBytes(record), "rw-------");
        } catch (IOException e) {
            throw CoiException.failure("cannot record " + what + " of " + container + " in " + folder + ": "
                    + e.getMessage());
        }
    }

    public Optional<T> find(String container) {
        try {
            return Optional.of(MAPPER.readValue(Files.readAllBytes(file(container)), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            remove(container);
            return Optional.empty();
        }
    }

    /** The containers that have a record. */
    public List<String> containers() {
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

    /** Whether the container has a record: cheap enough to ask after every stop and delete. */
    public boolean has(String container) {
        return Files.exists(file(container));
    }

    /** Forgets the record of a container, when there is one. Never fails: the keeper drops it at a later look. */
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
