package io.orderflow.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends each answer whole, with its {@code Content-Length}, in one write when the request is done. Spring MVC flushes
 * a response as soon as its body is written, which makes the web server send it chunked, in two writes; the API's
 * answers are small, so holding each until the end costs a copy of a few hundred bytes and saves a system call and the
 * chunk framing on both sides.
 */
final class BufferedResponseFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        }
        finally {
            buffered.copyBodyToResponse();
        }
    }
}
