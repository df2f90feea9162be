package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class AllowedHeaderValuesTests {

    private final AllowedHeaderValues allowed = new AllowedHeaderValues();

    @ParameterizedTest
    @ValueSource(strings = { "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjLTQyIn0.c2ln", "a\tb" })
    void allowsATokenAndATab(String value) {
        assertThat(allowed.test(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a\r\nSet-Cookie: x", "a\u0000", "a\u0085", "\uFFFF" })
    void refusesALineBreakANulAControlOrANonCharacter(String value) {
        assertThat(allowed.test(value)).isFalse();
    }

    @Test
    void judgesEveryValueAsTheFirewallsOwnRuleDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(6);
            for (int c = 0; c < length; c++) {
                int bound = switch (random.nextInt(3)) {
                    case 0 -> 0x80;
                    case 1 -> 0x10000;
                    default -> Character.MAX_CODE_POINT + 1;
                };
                value.appendCodePoint(random.nextInt(bound));
            }
            String text = value.toString();
            assertThat(allowed.test(text)).as("%s", text.codePoints().boxed().toList())
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
        }
    }
}
