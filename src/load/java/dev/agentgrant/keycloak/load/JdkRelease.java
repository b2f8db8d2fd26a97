package dev.agentgrant.keycloak.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What a JDK says of itself in its {@code release} file (vendor and runtime version), for the report. */
final class JdkRelease {

    private JdkRelease() {}

    static String describe(Path javaHome) {
        Properties release = new Properties();
        try (Reader reader = Files.newBufferedReader(javaHome.resolve("release"))) {
            release.load(reader);
        } catch (IOException e) {
            return javaHome.toString();
        }
        String vendor = unquote(release.getProperty("IMPLEMENTOR", ""));
        String version = unquote(release.getProperty("JAVA_RUNTIME_VERSION", release.getProperty("JAVA_VERSION", "?")));
        return (vendor.isEmpty() ? "" : vendor + " ") + "JDK " + version;
    }

    private static String unquote(String value) {
        return value.replaceAll("^\"|\"$", "");
    }
}
