package cn.docsearch.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternalTokenTest {

    @Test
    void theInternalTokenAdmitsItselfOnly() {
        InternalToken token = new InternalToken("令牌-s3cret");
        assertThat(token.admits("令牌-s3cret")).isTrue();
        assertThat(token.admits("令牌-s3cre")).isFalse();
        assertThat(token.admits(null)).isFalse();
        assertThatThrownBy(() -> new InternalToken("")).isInstanceOf(IllegalArgumentException.class);
    }
}
