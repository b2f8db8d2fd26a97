package dev.agentgrant.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code application/x-www-form-urlencoded} bodies and queries (WHATWG URL Standard §5.1, with the stricter steps of
 * {@link UrlEncodedForm}): any bytes are a form or a {@link UrlEncodedForm.Malformed}. An accepted form encoded again
 * parses to the same parameters, values and order.
 */
class UrlEncodedFormFuzzTest {

    @FuzzTest
    void body(byte[] input) throws UrlEncodedForm.Malformed {
        UrlEncodedForm form;
        try {
            form = UrlEncodedForm.parse(input, StrictForms.MAX_BODY_BYTES);
        } catch (UrlEncodedForm.Malformed malformed) {
            assertThat(malformed.reason()).isNotBlank();
            return;
        }
        assertThat(form.parameters()).hasSizeLessThanOrEqualTo(UrlEncodedForm.MAX_PARAMETERS);
        byte[] encoded = encode(form.parameters()).getBytes(StandardCharsets.US_ASCII);
        assertThat(UrlEncodedForm.parse(encoded, Integer.MAX_VALUE).parameters())
                .isEqualTo(form.parameters());
    }

    @FuzzTest
    void query(byte[] input) throws UrlEncodedForm.Malformed {
        UrlEncodedForm form;
        try {
            form = UrlEncodedForm.parseQuery(new String(input, StandardCharsets.UTF_8), StrictForms.MAX_QUERY_BYTES);
        } catch (UrlEncodedForm.Malformed malformed) {
            assertThat(malformed.reason()).isNotBlank();
            return;
        }
        assertThat(UrlEncodedForm.parseQuery(encode(form.parameters()), Integer.MAX_VALUE)
                        .parameters())
                .isEqualTo(form.parameters());
    }

    private static String encode(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream()
                .flatMap(parameter -> parameter.getValue().stream()
                        .map(value -> URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
