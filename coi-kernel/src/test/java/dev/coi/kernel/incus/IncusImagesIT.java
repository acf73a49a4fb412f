package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image store of the real Incus daemon: import, aliases, listing, delete. */
class IncusImagesIT {

    private final IncusClient client = IncusClient.local(null);

    @TempDir
    Path dir;

    @Test
    void importsATarballWithAliasesAndPropertiesThenDeletesIt() throws IOException {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String alias = TestInstances.PREFIX + "image-" + unique;
        Path tarball = TestImage.build(dir, "coi image test " + unique);
        String fingerprint = null;
        try {
            fingerprint = client.images().importTarball(tarball, List.of(alias), Map.of("coi.test", unique), false);

            assertEquals(TestImage.sha256(tarball), fingerprint, "a unified tarball's fingerprint is its SHA-256");
            ImageInfo image = client.images().image(fingerprint).orElseThrow();
            assertEquals(unique, image.properties().get("coi.test"));
            assertEquals("coi image test " + unique, image.properties().get("description"));
            assertEquals(List.of(alias), image.aliases().stream().map(ImageAlias::name).toList());
            assertTrue(image.size() > 0);
            assertNotNull(image.createdAt());
            assertNotNull(image.uploadedAt());
            String listed = fingerprint;
            assertTrue(client.images().list().stream().anyMatch(each -> each.fingerprint().equals(listed)));
            assertEquals(fingerprint, client.images().alias(alias).orElseThrow().target());

            String second = alias + "-2";
            client.images().createAlias(second, fingerprint, "a second name");
            assertEquals("a second name", client.images().alias(second).orElseThrow().description());
            String target = fingerprint;
            assertThrows(IncusConflictException.class, () -> client.images().createAlias(second, target, ""));
            client.images().deleteAlias(second);
            assertTrue(client.images().alias(second).isEmpty());
            assertThrows(IncusNotFoundException.class, () -> client.images().deleteAlias(second));
        } finally {
            if (fingerprint != null) {
                client.images().delete(fingerprint);
            }
        }
        assertTrue(client.images().image(fingerprint).isEmpty());
        assertTrue(client.images().alias(alias).isEmpty());
    }

    @Test
    void reimportingTheSameTarballFails() throws IOException {
        String fingerprint = TestImage.fingerprint(client);
        Path tarball = TestImage.build(dir, "coi test image (busybox)");
        assertEquals(fingerprint, TestImage.sha256(tarball), "the test image builds the same bytes every time");

        IncusOperationException failure = assertThrows(IncusOperationException.class,
                () -> client.images().importTarball(tarball, List.of(), Map.of(), false));

        assertTrue(failure.incusError().contains("already exists"), failure.incusError());
    }
}
