package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTests {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<String> decoded = new ArrayList<>();

    @Test
    void checksATokenSentAgainOnlyOnce() {
        JwtDecoder decoder = cachingDecoder(Duration.ofMinutes(5), token -> jwtExpiringIn(Duration.ofHours(1)));

        Jwt first = decoder.decode("token-a");
        Jwt second = decoder.decode("token-a");

        assertThat(second).isSameAs(first);
        assertThat(decoded).containsExactly("token-a");
    }

    @Test
    void checksATokenAgainOnceItHasExpiredSoThatItIsRefused() {
        JwtDecoder decoder = cachingDecoder(Duration.ofHours(2), token -> {
            if (decoded.size() > 1) {
                throw new BadJwtException("expired");
            }
            return jwtExpiringIn(Duration.ofSeconds(30));
        });
        decoder.decode("token-a");

        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> decoder.decode("token-a")).isInstanceOf(BadJwtException.class);
        assertThat(decoded).hasSize(2);
    }

    @Test
    void checksATokenAgainAfterTheTimeToLiveEvenBeforeItExpires() {
        JwtDecoder decoder = cachingDecoder(Duration.ofMinutes(5), token -> jwtExpiringIn(Duration.ofHours(1)));
        decoder.decode("token-a");

        clock.advance(Duration.ofMinutes(6));
        decoder.decode("token-a");

        assertThat(decoded).hasSize(2);
    }

    @Test
    void neverRemembersATokenThatFailedToDecode() {
        JwtDecoder decoder = cachingDecoder(Duration.ofMinutes(5), token -> {
            throw new BadJwtException("bad signature");
        });

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(decoded).hasSize(2);
    }

    private JwtDecoder cachingDecoder(Duration timeToLive, JwtDecoder checks) {
        JwtDecoder counting = token -> {
            decoded.add(token);
            return checks.decode(token);
        };
        return new CachingJwtDecoder(counting, new ApiSecurityProperties.TokenCache(100, timeToLive), clock);
    }

    private Jwt jwtExpiringIn(Duration left) {
        Instant now = clock.instant();
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("storefront")
                .issuedAt(now).expiresAt(now.plus(left)).build();
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
