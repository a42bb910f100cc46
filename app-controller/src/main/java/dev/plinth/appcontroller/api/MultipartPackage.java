package dev.plinth.appcontroller.api;

import dev.plinth.kit.errors.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Finds one field of a {@code multipart/form-data} request body as it streams in, with Apache
 * Commons FileUpload's {@link MultipartInput}, and hands out that field's bytes as a stream.
 *
 * <p>The upload endpoint reads the raw body this way rather than through the server's own
 * multipart decoding: under concurrent uploads of several megabytes that decoding now and then
 * handed the controller damaged bytes (about one package in a hundred arrived with a broken
 * entry), which a platform that refuses damaged zips turns into spurious refusals.</p>
 */
final class MultipartPackage {

    /** Longest header block of one part that is read; a part's headers are a few lines. */
    private static final int MAX_PART_HEADERS = 16 * 1024;

    private MultipartPackage() {
    }

    /**
     * @param contentType the request's Content-Type, which names the boundary
     * @param body        the raw request body
     * @param field       the form field to find
     * @return the field's content, streamed, or null when the body has no such field
     * @throws ApiException 400 when the body is not a well-formed multipart form
     */
    @Nullable
    static InputStream field(@Nullable String contentType, InputStream body, String field) {
        String boundary = boundary(contentType);
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(body)
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .setMaxPartHeaderSize(MAX_PART_HEADERS)
                    .get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            boolean more = input.skipPreamble();
            while (more) {
                String headers = input.readHeaders();
                if (field.equals(fieldName(headers))) {
                    return new Malformed(input.newInputStream());
                }
                input.discardBodyData();
                more = input.readBoundary();
            }
            return null;
        } catch (FileUploadException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "the upload ended early (" + e.getMessage() + "); send it again");
        }
    }

    private static String boundary(@Nullable String contentType) {
        if (contentType != null) {
            ParameterParser parser = new ParameterParser();
            parser.setLowerCaseNames(true);
            String boundary = parser.parse(contentType, new char[] {';', ','}).get("boundary");
            if (boundary != null && !boundary.isBlank() && boundary.length() <= 70) {
                return boundary;
            }
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "the multipart form names no boundary in its Content-Type; "
                + "send the package as a form file field, as in: curl -F package=@app.zip …/api/apps");
    }

    /** @return the {@code name} of a part's Content-Disposition, or null */
    @Nullable
    static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-disposition")) {
                ParameterParser parser = new ParameterParser();
                parser.setLowerCaseNames(true);
                Map<String, String> parameters = parser.parse(line.substring(colon + 1), ';');
                return parameters.get("name");
            }
        }
        return null;
    }

    private static ApiException malformed(Exception e) {
        return new ApiException(HttpStatus.BAD_REQUEST, "the multipart form is malformed (" + e.getMessage()
                + "); send the package as a form file field, as in: curl -F package=@app.zip …/api/apps");
    }

    /** The field's bytes; a body that breaks off inside them is a 400, not a server error. */
    private static final class Malformed extends FilterInputStream {

        Malformed(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (FileUploadException e) {
                throw malformed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (FileUploadException e) {
                throw malformed(e);
            }
        }
    }
}
