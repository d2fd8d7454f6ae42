package io.primehub.imagebuilder.it.e2e;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.k8s.controller.Informers;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code status.phase} each job of a namespace passes through, in order, as the API server's watch reports
 * them (polling could miss a short Pending). Repeats of the same phase are kept once.
 */
public final class JobPhaseRecorder implements AutoCloseable {

    private final SharedInformerFactory factory;
    private final SharedIndexInformer<ImageSpecJobResource> jobs;
    private final Map<String, List<String>> phases = new ConcurrentHashMap<>();

    private JobPhaseRecorder(ApiClient client, String namespace) {
        factory = new SharedInformerFactory(Informers.watchClient(client));
        jobs = factory.sharedIndexInformerFor(
                CustomResources.imageSpecJobs(Informers.watchClient(client)),
                ImageSpecJobResource.class,
                0L,
                namespace);
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ImageSpecJobResource job) {
                record(job);
            }

            @Override
            public void onUpdate(ImageSpecJobResource before, ImageSpecJobResource after) {
                record(after);
            }

            @Override
            public void onDelete(ImageSpecJobResource job, boolean finalStateUnknown) {}
        });
    }

    public static JobPhaseRecorder start(ApiClient client, String namespace, Duration syncTimeout) {
        JobPhaseRecorder recorder = new JobPhaseRecorder(client, namespace);
        recorder.factory.startAllRegisteredInformers();
        try {
            await("the job informer to sync").atMost(syncTimeout).until(recorder.jobs::hasSynced);
        } catch (RuntimeException | Error e) {
            recorder.close();
            throw e;
        }
        return recorder;
    }

    /** The phases the job went through so far, e.g. {@code [Pending, Running, Succeeded]}. */
    public List<String> phases(String jobName) {
        List<String> seen = phases.getOrDefault(jobName, List.of());
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void record(ImageSpecJobResource job) {
        if (job.getStatus() == null || job.getStatus().getPhase() == null) {
            return;
        }
        List<String> seen = phases.computeIfAbsent(job.getMetadata().getName(), name -> new ArrayList<>());
        synchronized (seen) {
            String phase = job.getStatus().getPhase();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase)) {
                seen.add(phase);
            }
        }
    }

    @Override
    public void close() {
        factory.stopAllRegisteredInformers(true);
    }
}
