package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionUserTest {

    @Test
    void theUserWithUid1000IsTheSessionUserWithItsHome() {
        String passwd = "root:x:0:0:root:/root:/bin/bash\ncode:x:1000:1000:code:/home/code:/bin/bash\n";

        assertEquals(Optional.of(SessionUser.CODE), SessionUser.fromPasswd(passwd));
        assertEquals(Optional.of(new SessionUser(1000, 100, "/srv/dev")),
                SessionUser.fromPasswd("dev:x:1000:100::/srv/dev:/bin/sh\n"));
    }

    @Test
    void anImageWithoutUid1000HasNone() {
        assertEquals(Optional.empty(), SessionUser.fromPasswd("root:x:0:0:root:/root:/bin/sh\nx:x:10000:10000::/x:/bin/sh\n"));
    }
}
