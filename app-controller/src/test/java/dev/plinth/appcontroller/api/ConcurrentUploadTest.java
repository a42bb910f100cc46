package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.testing.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packages of several megabytes uploaded at the same time, with the default size limits. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class ConcurrentUploadTest extends ApiTestBase {

    /**
     * Several large uploads at once arrive byte for byte: each is inspected whole (a damaged entry
     * would be a 422) and the first is stored under the sha256 of what was sent.
     */
    @Test
    void concurrentLargeUploadsArriveIntact() throws Exception {
        byte[] noise = new byte[6 * 1024 * 1024];
        new java.util.Random(11).nextBytes(noise);
        byte[] zip = Zips.valid().file("lib/data.bin", noise).bytes();
        String sha = UploadApiTest.sha256(zip);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> upload(ada, zip)));
            }
            int stored = 0;
            for (java.util.concurrent.Future<Reply> f : replies) {
                Reply reply = f.get();
                assertTrue(reply.status() == 201 || reply.status() == 409, "intact, so stored or already there: " + reply);
                if (reply.status() == 201) {
                    stored++;
                    assertEquals(sha, reply.json().path("sha256").asText());
                }
            }
            assertEquals(1, stored, "one version stored, the rest refused as that version exists");
        } finally {
            pool.shutdown();
            pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        assertEquals(List.of(), uploadLeftovers());
    }
}
