package io.lakehouse.observerd.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonDiffTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static List<JsonDiff.Difference> diff(String e, String a) {
        return JsonDiff.diff(JSON.readTree(e), JSON.readTree(a), 100);
    }

    @Test
    void memberOrderIsIgnoredAndNumbersCompareByValue() {
        assertThat(diff("{\"a\":1,\"b\":[1.0,{\"c\":true}]}", "{\"b\":[1,{\"c\":true}],\"a\":1e0}")).isEmpty();
    }

    @Test
    void differencesCarryNormalizedPathsAndWhatChanged() {
        List<JsonDiff.Difference> d = diff("{\"a\":1,\"gone\":2,\"list\":[1,2],\"t\":\"x\"}",
                "{\"a\":2,\"new\":3,\"list\":[1],\"t\":5}");
        assertThat(d).extracting(JsonDiff.Difference::path, JsonDiff.Difference::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("$['a']", "value"),
                org.assertj.core.groups.Tuple.tuple("$['gone']", "missing"),
                org.assertj.core.groups.Tuple.tuple("$['list'][1]", "missing"),
                org.assertj.core.groups.Tuple.tuple("$['new']", "unexpected"),
                org.assertj.core.groups.Tuple.tuple("$['t']", "type"));
    }

    @Test
    void ignorePathsCoverMatchesAndWhatLiesBelowThem() {
        JsonNode e = JSON.readTree("{\"errors\":[{\"reason\":\"a\"},{\"reason\":\"b\"}],\"n\":1}");
        JsonNode a = JSON.readTree("{\"errors\":[{\"reason\":\"x\"},{\"reason\":\"y\"}],\"n\":1}");
        IgnorePaths ignore = IgnorePaths.compile(List.of("$.errors[*].reason"));
        Set<String> hit = ignore.matches(e.toString(), a.toString());
        assertThat(JsonDiff.diff(e, a, 100)).allMatch(d -> IgnorePaths.covers(hit, d.path()));
        assertThat(IgnorePaths.covers(Set.of("$['errors']"), "$['errors'][0]['reason']")).isTrue();
        assertThat(IgnorePaths.covers(Set.of("$['errors']"), "$['n']")).isFalse();
        assertThatThrownBy(() -> IgnorePaths.compile(List.of("$["))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsAreOriginsOnTheAllowList() {
        TargetPolicy p = new TargetPolicy(List.of("http://127.0.0.1:*", "https://parity.example:8443"));
        assertThat(p.allows(TargetPolicy.parse("http://127.0.0.1:3221"))).isTrue();
        assertThat(p.allows(TargetPolicy.parse("https://parity.example:8443/"))).isTrue();
        assertThat(p.allows(TargetPolicy.parse("https://parity.example"))).isFalse();
        assertThat(p.allows(TargetPolicy.parse("http://127.0.0.2:3221"))).isFalse();
        assertThat(p.allows(URI.create("http://localhost:3221"))).isFalse();
        assertThatThrownBy(() -> TargetPolicy.parse("http://u@127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetPolicy.parse("file:///etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetPolicy.parse("http://127.0.0.1:1/path")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void capturesBoundWhatTheyGenerate() {
        String big = "[{\"request\":{\"path\":\"/x\",\"body_fill\":{\"byte\":\"a\",\"length\":40000000}},\"response\":{\"status\":200}},"
                + "{\"request\":{\"path\":\"/x\",\"body_fill\":{\"byte\":\"a\",\"length\":40000000}},\"response\":{\"status\":200}}]";
        assertThatThrownBy(() -> Capture.parse(JSON.readTree(big), 10)).hasMessageContaining("add up to");
        assertThatThrownBy(() -> Capture.parse(JSON.readTree("[{\"request\":{\"path\":\"@evil/\"},\"response\":{\"status\":1}}]"), 10))
                .hasMessageContaining("single /");
    }
}
