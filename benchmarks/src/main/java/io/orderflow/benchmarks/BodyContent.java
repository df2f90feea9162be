package io.orderflow.benchmarks;

import java.nio.ByteBuffer;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;

/**
 * Hands a JSON request body that is already bytes to the HTTP client as one last chunk. Jetty's general byte
 * contents serialize their demands and sum their buffers with a stream for every request; this one needs neither.
 */
final class BodyContent implements Request.Content {

    private final byte[] body;
    private boolean read;
    private Throwable failure;

    BodyContent(byte[] body) {
        this.body = body;
    }

    @Override
    public String getContentType() {
        return Http.JSON_TYPE;
    }

    @Override
    public long getLength() {
        return body.length;
    }

    @Override
    public synchronized Content.Chunk read() {
        if (failure != null) {
            return Content.Chunk.from(failure, true);
        }
        if (read) {
            return Content.Chunk.EOF;
        }
        read = true;
        return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    /** Calls back at once: there is always something to read. */
    @Override
    public void demand(Runnable demandCallback) {
        demandCallback.run();
    }

    @Override
    public synchronized void fail(Throwable failure) {
        if (this.failure == null) {
            this.failure = failure;
        }
    }

    @Override
    public synchronized boolean rewind() {
        if (failure != null) {
            return false;
        }
        read = false;
        return true;
    }
}
