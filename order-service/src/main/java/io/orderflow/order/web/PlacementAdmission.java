package io.orderflow.order.web;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.orderflow.web.ProblemResponses;

/**
 * Admits at most {@code limit} placements ({@code POST /api/orders}) at a time, in front of the servlet: a placement
 * beyond that is answered 503 with {@code Retry-After} at once, before Spring, security, validation or the database
 * see it and without parsing its body. The connection stays open, so a storefront under overload keeps its
 * connections and gets every answer quickly: a 201, or a 503 to send again in a moment with the same
 * {@code Idempotency-Key}. The placements let in wait for the order intake's group commit; the limit bounds that wait.
 */
final class PlacementAdmission extends Handler.Wrapper {

    private static final String PATH = "/api/orders";
    private static final byte[] AT_CAPACITY = ProblemResponses.json(OrderController.atCapacity());

    private final AtomicInteger inProgress = new AtomicInteger();
    private final int limit;
    private final Counter refused;

    /**
     * @param handler the server's handler, which gets every request that is not refused
     * @param limit the most placements in progress at once
     * @param refused counts the placements refused
     */
    PlacementAdmission(Handler handler, int limit, Counter refused) {
        super(handler);
        this.limit = limit;
        this.refused = refused;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod()) || !PATH.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        if (inProgress.incrementAndGet() > limit) {
            inProgress.decrementAndGet();
            refused.increment();
            refuse(response, callback);
            return true;
        }
        Callback admitted = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                inProgress.decrementAndGet();
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                inProgress.decrementAndGet();
                super.failed(failure);
            }
        };
        try {
            if (super.handle(request, response, admitted)) {
                return true;
            }
        }
        catch (Exception | Error ex) {
            inProgress.decrementAndGet();
            throw ex;
        }
        inProgress.decrementAndGet();
        return false;
    }

    /** Returns how many placements are in progress now. */
    int inProgress() {
        return inProgress.get();
    }

    private static void refuse(Response response, Callback callback) {
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, AT_CAPACITY.length);
        response.write(true, ByteBuffer.wrap(AT_CAPACITY), callback);
    }
}
