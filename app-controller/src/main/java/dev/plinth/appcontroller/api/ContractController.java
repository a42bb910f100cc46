package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.contract.ContractBundle;
import dev.plinth.kit.errors.ApiException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The developer contract, for anyone: the bundle, or one of its files. */
@Controller("/api/contract")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ContractController {

    private final ContractBundle bundle;

    public ContractController(ContractBundle bundle) {
        this.bundle = bundle;
    }

    /** @return the bundle as {@code plinth-contract.zip} */
    @Get
    public HttpResponse<byte[]> bundle() {
        return HttpResponse.ok(bundle.zip())
                .contentType(MediaType.of("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + ContractBundle.FILE_NAME + "\"");
    }

    /** @return {@code schema.json}, {@code guide.md}, {@code example.zip} or {@code container-example.zip} */
    @Get("/{file}")
    public HttpResponse<byte[]> file(String file) {
        ContractBundle.File which = ContractBundle.File.byUrlName(file).orElseThrow(() -> ApiException.notFound(
                "contract file '" + file + "' (the files are " + Arrays.stream(ContractBundle.File.values())
                        .map(ContractBundle.File::urlName).collect(Collectors.joining(", ")) + ")"));
        var response = HttpResponse.ok(bundle.file(which)).contentType(MediaType.of(which.mediaType()));
        String downloadName = ContractBundle.downloadName(which);
        if (downloadName != null) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + downloadName + "\"");
        }
        return response;
    }
}
