package dev.coi.kernel.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@link NetworkRecord}s on the host: one JSON file per container under {@code ~/.coi/network}. */
final class NetworkRecords {

    private static final String SUFFIX = ".json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path folder;

    NetworkRecords(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    void save(NetworkRecord record) {
        try {
            LocalFiles.writeAtomically(file(record.container()), MAPPER.writeValueAsBytes(record), "rw-------");
        } catch (IOException e) {
            throw CoiException.failure("cannot record the network rules of " + record.container() + " in " + folder
                    + ": " + e.getMessage());
        }
    }

    Optional<NetworkRecord> find(String container) {
        try {
            return Optional.of(MAPPER.readValue(Files.readAllBytes(file(container)), NetworkRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a damaged record is no record: the rules are still found by their owner in the firewall
            return Optional.empty();
        }
    }

    List<String> containers() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = new ArrayList<>();
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && !name.startsWith(LocalFiles.WORK_PREFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            return List.of();
        }
    }

    void delete(String container) {
        try {
            Files.deleteIfExists(file(container));
        } catch (IOException e) {
            throw CoiException.failure("cannot remove the network record " + file(container) + ": " + e.getMessage());
        }
    }

    private Path file(String container) {
        return folder.resolve(container + SUFFIX);
    }
}
