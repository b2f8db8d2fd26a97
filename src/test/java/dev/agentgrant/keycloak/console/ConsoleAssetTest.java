package dev.agentgrant.keycloak.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths name a console file, and as what it is served; nothing else reaches the class path. */
class ConsoleAssetTest {

    @Test
    void plainFileNamesOfServedKindsAreAssetsWithTheirContentType() {
        assertThat(ConsoleAsset.named("js/main.js"))
                .contains(new ConsoleAsset("js/main.js", "text/javascript; charset=utf-8"));
        assertThat(ConsoleAsset.named("js/pages/grants.js").map(ConsoleAsset::resource))
                .contains("dev/agentgrant/keycloak/console/static/js/pages/grants.js");
        assertThat(ConsoleAsset.named("vendor/patternfly/patternfly.min.css").map(ConsoleAsset::contentType))
                .contains("text/css; charset=utf-8");
        assertThat(ConsoleAsset.named("vendor/patternfly/assets/fonts/RedHatText/RedHatText-Regular.woff2")
                        .map(ConsoleAsset::contentType))
                .contains("font/woff2");
        assertThat(ConsoleAsset.named("img/logo.svg").map(ConsoleAsset::contentType))
                .contains("image/svg+xml");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/",
                "js",
                "js/",
                "/js/main.js",
                "js//main.js",
                "../index.html",
                "js/../main.js",
                "js/..main.js",
                "js/main..js",
                "..",
                "./js/main.js",
                "js/./main.js",
                ".hidden.js",
                "js/.hidden/main.js",
                "js\\main.js",
                "js/main.js%00.css",
                "js/main%2ejs",
                "js/main.js\u0000.css",
                "js/main.class",
                "index.html",
                "META-INF/beans.xml",
                "js/main.JS.map",
                "js/main",
                "js/mäin.js",
                "js/main.js?x=1",
                "js/main.js#x",
                "C:/js/main.js"
            })
    void everythingElseIsNoAsset(String path) {
        assertThat(ConsoleAsset.named(path)).as(path).isEmpty();
    }

    @Test
    void overlongPathsAreNoAssets() {
        assertThat(ConsoleAsset.named("a/".repeat(100) + "main.js")).isEmpty();
        assertThat(ConsoleAsset.named(null)).isEmpty();
    }
}
