package io.primehub.imagebuilder.it.controller;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Records every write (anything but GET) that a client sends: method and path. */
final class WriteCounter implements Interceptor {

    private final List<String> writes = new CopyOnWriteArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        String method = chain.request().method();
        if (!"GET".equals(method)) {
            writes.add(method + " " + chain.request().url().encodedPath());
        }
        return chain.proceed(chain.request());
    }

    List<String> writes() {
        return List.copyOf(writes);
    }

    void reset() {
        writes.clear();
    }
}
