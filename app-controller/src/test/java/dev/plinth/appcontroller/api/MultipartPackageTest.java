package dev.plinth.appcontroller.api;

import dev.plinth.kit.errors.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartPackageTest {

    private static final String BOUNDARY = "----plinth-test-boundary";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private static byte[] form(String... partsAndContents) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < partsAndContents.length; i += 2) {
            text.append("--").append(BOUNDARY).append("\r\n").append(partsAndContents[i]).append("\r\n\r\n")
                    .append(partsAndContents[i + 1]).append("\r\n");
        }
        text.append("--").append(BOUNDARY).append("--\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String disposition(String name) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"app.zip\"\r\nContent-Type: application/zip";
    }

    @Test
    void findsTheFieldAfterOthersAndStreamsItsBytesExactly() throws IOException {
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        String content = new String(binary, StandardCharsets.ISO_8859_1);
        byte[] body = form("Content-Disposition: form-data; name=\"note\"", "first", disposition("package"), content);
        try (InputStream in = MultipartPackage.field(TYPE, new ByteArrayInputStream(body), "package")) {
            assertArrayEquals(binary, in.readAllBytes());
        }
    }

    @Test
    void answersNullWhenTheFieldIsMissing() {
        byte[] body = form(disposition("file"), "zip bytes");
        assertNull(MultipartPackage.field(TYPE, new ByteArrayInputStream(body), "package"));
    }

    @Test
    void aBodyThatBreaksOffInsideThePackageIsABadRequest() {
        byte[] body = form(disposition("package"), "x".repeat(10_000));
        byte[] cut = Arrays.copyOf(body, body.length / 2);
        ApiException e = assertThrows(ApiException.class, () -> {
            try (InputStream in = MultipartPackage.field(TYPE, new ByteArrayInputStream(cut), "package")) {
                in.readAllBytes();
            }
        });
        assertEquals(400, e.status().getCode());
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void aContentTypeWithoutBoundaryIsABadRequest() {
        ApiException e = assertThrows(ApiException.class,
                () -> MultipartPackage.field("multipart/form-data", new ByteArrayInputStream(new byte[0]), "package"));
        assertEquals(400, e.status().getCode());
        assertTrue(e.getMessage().contains("boundary"), e.getMessage());
    }

    @Test
    void readsTheFieldNameFromContentDisposition() {
        assertEquals("package", MultipartPackage.fieldName("content-disposition: form-data; name=package; filename=\"a.zip\""));
        assertNull(MultipartPackage.fieldName("Content-Type: application/zip"));
    }
}
