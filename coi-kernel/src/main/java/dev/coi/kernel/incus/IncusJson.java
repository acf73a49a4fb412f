package dev.coi.kernel.incus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;

/** The one Jackson mapper of the Incus client: building a mapper is slow, using a shared one is cheap. */
final class IncusJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("incus-time").addDeserializer(Instant.class, new InstantDeserializer()))
            .build();

    private IncusJson() {
    }

    /** Incus writes Go's RFC 3339 times; the JSR-310 module would be a whole jar for this one type. */
    private static final class InstantDeserializer extends StdDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            return text == null || text.isEmpty() ? null : Instant.parse(text);
        }
    }
}
