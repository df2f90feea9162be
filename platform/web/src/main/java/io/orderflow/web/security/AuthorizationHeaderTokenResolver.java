package io.orderflow.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Reads a well-formed bearer token from the authorization header with a loop, and leaves every other request to
 * {@link DefaultBearerTokenResolver}, which answers it as before (no token, or a malformed one refused). The default
 * matches a regular expression over the whole token on every request, which cost 4 % of order-service's request
 * threads at 500 orders/s.
 */
final class AuthorizationHeaderTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    private final BearerTokenResolver fallback = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && isToken68(authorization, SCHEME.length())) {
            return authorization.substring(SCHEME.length());
        }
        return fallback.resolve(request);
    }

    /**
     * Tells whether {@code value} from {@code start} is RFC 6750's b64token:
     * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
     */
    private static boolean isToken68(String value, int start) {
        int end = value.length();
        while (end > start && value.charAt(end - 1) == '=') {
            end--;
        }
        if (end == start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
