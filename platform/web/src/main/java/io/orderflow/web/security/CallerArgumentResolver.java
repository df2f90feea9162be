package io.orderflow.web.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller the {@link Caller} of the request, read from its access token. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final String customerClaim;

    CallerArgumentResolver(String customerClaim) {
        this.customerClaim = customerClaim;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return callerOf(SecurityContextHolder.getContext().getAuthentication(), customerClaim);
    }

    /** Returns the caller that {@code authentication} names; an anonymous one is a client without a subject. */
    static Caller callerOf(Authentication authentication, String customerClaim) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return new Caller(jwt.getSubject(), jwt.getClaimAsString(customerClaim));
        }
        return new Caller(null, null);
    }
}
