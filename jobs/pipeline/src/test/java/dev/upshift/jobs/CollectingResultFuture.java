package dev.upshift.jobs;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;

/** Collects what an async function completes with, for tests that call it directly. */
public final class CollectingResultFuture<T> implements ResultFuture<T> {
    private final CompletableFuture<Collection<T>> results = new CompletableFuture<>();

    /** The one result, waiting up to 30 seconds for it. */
    public T single() throws Exception {
        return results.get(30, TimeUnit.SECONDS).iterator().next();
    }

    @Override
    public void complete(Collection<T> result) {
        results.complete(result);
    }

    @Override
    public void completeExceptionally(Throwable error) {
        results.completeExceptionally(error);
    }

    @Override
    public void complete(CollectionSupplier<T> supplier) {
        try {
            results.complete(supplier.get());
        } catch (Exception e) {
            results.completeExceptionally(e);
        }
    }
}
