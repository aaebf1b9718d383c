package dev.upshift.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** The parts of Flink's REST API the standalone cluster uses: submit a jar, watch jobs, stop them with a savepoint. */
public final class FlinkRest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A cluster reached at {@code baseUrl}: a standalone JobManager, or a MiniCluster's REST endpoint. */
    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Uploads an application jar (POST /jars/upload) and returns its id on the cluster. */
    String uploadJar(Path jar) {
        String boundary = "upshift-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            HttpRequest request = request("/jars/upload").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                    .build();
            String filename = send(request).path("filename").asText();
            return Path.of(filename).getFileName().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the application jar " + jar, e);
        }
    }

    /** Runs an uploaded jar's entry class as a new job (POST /jars/:id/run), from a savepoint when one is given. */
    String runJar(String jarId, String entryClass, List<String> arguments, int parallelism, String savepointPath) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("entryClass", entryClass).put("parallelism", parallelism);
        arguments.forEach(body.putArray("programArgsList")::add);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
        }
        return send(post("/jars/" + jarId + "/run", body)).path("jobid").asText();
    }

    /** The job's state: RUNNING, RESTARTING, FINISHED, FAILED, ... */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when the job runs and every one of its tasks does: it processes records, not only "is scheduled". */
    public boolean isFullyRunning(String jobId) {
        JsonNode job = get("/jobs/" + jobId);
        return job.path("state").asText().equals("RUNNING") && StreamSupport.stream(job.path("vertices").spliterator(), false)
                .allMatch(vertex -> vertex.path("status").asText().equals("RUNNING"));
    }

    /** When the job last entered {@code state} (epoch millis), or 0 if it never did. */
    public long enteredAt(String jobId, String state) {
        return get("/jobs/" + jobId).path("timestamps").path(state).asLong();
    }

    /** How often the job has restarted since it was submitted. */
    public long restarts(String jobId) {
        return jobMetric(jobId, "numRestarts").orElse(0L);
    }

    /** The number of completed checkpoints of the job. */
    public long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /**
     * The job's checkpoint statistics (GET /jobs/:id/checkpoints): counts, a summary of sizes and durations, and the
     * latest completed checkpoint, whose {@code state_size} is the full state (with incremental checkpoints too).
     */
    public JsonNode checkpointStatistics(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** The TaskManagers registered with the JobManager, with their ids. */
    JsonNode taskManagers() {
        return get("/taskmanagers").path("taskmanagers");
    }

    /** A job-level metric, e.g. numRestarts, when the job reports it. */
    Optional<Long> jobMetric(String jobId, String metric) {
        for (JsonNode node : get("/jobs/" + jobId + "/metrics?get=" + metric)) {
            if (node.path("id").asText().equals(metric)) {
                return Optional.of(Long.parseLong(node.path("value").asText()));
            }
        }
        return Optional.empty();
    }

    /**
     * The sum over all subtasks of the job's operators of a metric whose name ends with {@code suffix} (e.g.
     * {@code upshift.recordsIn.events}), or 0 when none reports it yet.
     */
    public double sumOfMetric(String jobId, String suffix) {
        double sum = 0;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (JsonNode metric : get(path)) {
                String id = metric.path("id").asText();
                if (id.endsWith(suffix)) {
                    sum += get(path + "?get=" + id).path(0).path("sum").asDouble();
                }
            }
        }
        return sum;
    }

    /**
     * Stops the job with a savepoint (POST /jobs/:id/stop) and waits until the job has ended, so that its sinks have
     * committed what the savepoint holds (they commit only after it completes); with {@code drain}, event time first
     * advances to its end, as at the end of a bounded input. Returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, boolean drain, Duration timeout) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("targetDirectory", targetDirectory).put("drain", drain);
        String requestId = send(post("/jobs/" + jobId + "/stop", body)).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + requestId);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint of job " + jobId + " failed: "
                            + operation.path("failure-cause").path("stack-trace").asText().lines().findFirst().orElse(""));
                }
                awaitEnded(jobId, deadline);
                return operation.path("location").asText();
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("stop-with-savepoint of job " + jobId + " did not complete within " + timeout);
    }

    private void awaitEnded(String jobId, long deadline) {
        while (!List.of("FINISHED", "CANCELED", "FAILED").contains(jobState(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " took its savepoint but did not end (state " + jobState(jobId) + ")");
            }
            pause(Duration.ofMillis(100));
        }
    }

    public void cancel(String jobId) {
        send(request("/jobs/" + jobId + "?mode=cancel").method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** True once the REST endpoint answers. */
    boolean isUp() {
        try {
            HttpResponse<String> response = http.send(request("/config").GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest post(String path, JsonNode body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri(), e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
