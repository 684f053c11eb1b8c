package io.lakehouse.shared.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BindPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1", "127.0.0.2"})
    void loopbackNeedsNoToken(String address) {
        assertThatCode(() -> BindPolicy.check(address, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "192.168.0.7", "no-such-host.invalid"})
    void otherAddressesNeedAToken(String address) {
        assertThatThrownBy(() -> BindPolicy.check(address, false))
                .isInstanceOf(BindPolicy.InsecureBindException.class)
                .hasMessageContaining("refusing to listen on " + address)
                .hasMessageContaining("LAKEHOUSE_AUTH_TOKEN");
        assertThatCode(() -> BindPolicy.check(address, true)).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void unsetAddressMeansAllInterfaces() {
        assertThatThrownBy(() -> BindPolicy.check(null, false)).hasMessageContaining("all interfaces");
    }
}
