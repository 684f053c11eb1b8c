package io.lakehouse.pathwayd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Command;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The ADD body read straight into the command gives what the tree gives, and leaves every error to the tree. */
class BodiesTest {
    private final Bodies bodies = new Bodies(new PathwaydProperties.Limits(1000, 20, 100, 1000));
    private final JsonMapper json = JsonMapper.builder().build();

    private Command.Add fast(String body) {
        return bodies.addOrNull(body.getBytes(StandardCharsets.UTF_8), json);
    }

    @Test
    void validBodiesGiveTheTreesCommand() {
        for (String body : new String[] {
                "{\"content\":\"x\"}",
                "{\"kind\":\"procedure\",\"content\":\"é ü\",\"steps\":[\"a\",{\"b\":[1,2.5,null]}],"
                        + "\"scope\":{\"user_id\":\"u1\",\"agent_id\":null,\"run_id\":\"r\"},"
                        + "\"metadata\":{\"n\":12345678901,\"f\":0.1,\"s\":\"t\",\"o\":{}}}",
                "{\"kind\":null,\"content\":\"x\",\"steps\":null,\"scope\":null,\"metadata\":null}",
                " {\"scope\":{},\"content\":\"x\"} \n"}) {
            Command.Add viaTree = bodies.add(json.readTree(body), "body");
            assertThat(fast(body)).as(body).isEqualTo(viaTree);
        }
    }

    @Test
    void anythingElseIsLeftToTheTree() {
        for (String body : new String[] {"[1]", "{}", "{broken", "{\"content\":\"x\"} {}", "{\"content\":1}",
                "{\"content\":\" \"}", "{\"content\":\"123456789012345678901\"}", "{\"content\":\"x\",\"kind\":\"belief\"}",
                "{\"content\":\"x\",\"colour\":1}", "{\"content\":\"x\",\"steps\":{}}", "{\"content\":\"x\",\"metadata\":[]}",
                "{\"content\":\"x\",\"scope\":{\"user_id\":\"\"}}", "{\"content\":\"x\",\"scope\":{\"team\":\"t\"}}",
                "{\"content\":\"x\",\"scope\":[]}", "{\"content\":\"x\",\"content\":\"y\"}",
                "{\"content\":\"x\",\"scope\":{\"user_id\":\"a\",\"user_id\":\"b\"}}"}) {
            assertThat(fast(body)).as(body).isNull();
        }
    }
}
