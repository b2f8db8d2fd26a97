package dev.agentgrant.keycloak.testing.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentgrant.keycloak.testing.HarnessSettings;
import dev.agentgrant.keycloak.testing.RealmFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoServerTest {

    private static final Path PROJECT = HarnessSettings.fromSystemProperties().projectDirectory();
    private static final Path DEMO_REALM = PROJECT.resolve("realm-exports/agent-grant-demo.json");

    /** RFC 4648 §10 test vectors, without the padding authenticator apps do not want. */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(value = {"'',''", "f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB", "foobar,MZXW6YTBOI"})
    void base32FollowsRfc4648(String input, String expected) {
        assertThat(DemoOtp.base32(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @Test
    void theBannerPrintsEveryDemoCredentialAndThePagesToOpen() {
        String banner = DemoServer.banner("http://localhost:8080", List.of(DEMO_REALM), PROJECT.resolve(".demo"));

        assertThat(banner)
                .contains(
                        "User           alice / alice",
                        "User           bob / bob",
                        "Client         demo-agent / demo-agent-secret   (agent)",
                        "Client         demo-calendar-helper / demo-calendar-helper-secret   (agent)",
                        "Client         demo-api / demo-api-secret",
                        "http://localhost:8080/realms/agent-grant-demo/agent-grant/verify",
                        "http://localhost:8080/realms/agent-grant-demo/agent-grant/my-grants",
                        "http://localhost:8080/realms/master/agent-grant/console/");
        assertThat(banner)
                .contains(
                        "OTP          secret " + aliceOtp().base32Secret() + " (TOTP SHA1, 6 digits, 30 s)",
                        "otpauth://totp/Agent%20Grant%20demo:alice?secret="
                                + aliceOtp().base32Secret()
                                + "&issuer=Agent%20Grant%20demo&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void theReadmePublishesTheOtpSecretTheDemoRealmHolds() throws IOException {
        String readme = Files.readString(PROJECT.resolve("README.md"));

        assertThat(readme).contains(aliceOtp().base32Secret());
        assertThat(readme).contains(aliceOtp().uri("Agent Grant demo", "alice"));
    }

    private static DemoOtp aliceOtp() {
        for (JsonNode user : RealmFiles.read(DEMO_REALM).path("users")) {
            if ("alice".equals(user.path("username").asText())) {
                for (JsonNode credential : user.path("credentials")) {
                    var otp = DemoOtp.of(credential);
                    if (otp.isPresent()) {
                        return otp.get();
                    }
                }
            }
        }
        throw new AssertionError("alice has no OTP credential in " + DEMO_REALM);
    }
}
