package cn.docsearch.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortsTest {

    /** Ports the kernel's bind(0) drew from its ephemeral range repeated within a few hundred draws. */
    @Test
    void portsHandedOutAreDistinctAndOutsideTheEphemeralRange() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ports.add(Ports.free());
        }

        assertThat(ports).hasSize(500).allSatisfy(port -> assertThat(port).isBetween(Ports.LOWEST, Ports.HIGHEST - 1));
    }
}
