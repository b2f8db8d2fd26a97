package dev.agentgrant.keycloak.support;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * One server option of a provider factory, set as {@code --spi-<spi>--<provider>--<name>} or
 * {@code KC_SPI_<SPI>__<PROVIDER>__<NAME>}. Its name and default are declared once: the factory lists the option in
 * {@code getConfigMetadata()} (Keycloak's declaration of provider options) and reads it with {@link #read}, so the
 * declared default is the one in force.
 *
 * @param <T> the value's type, as {@link Config.Scope} reads it
 */
public final class ServerOption<T> {

    @FunctionalInterface
    private interface Reader<T> {
        T read(Config.Scope config, String name, T defaultValue);
    }

    private final String name;
    private final String type;
    private final T defaultValue;
    private final String helpText;
    private final Reader<T> reader;

    private ServerOption(String name, String type, T defaultValue, String helpText, Reader<T> reader) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.helpText = helpText;
        this.reader = reader;
    }

    /** A whole number of seconds. */
    public static ServerOption<Long> seconds(String name, long defaultValue, String helpText) {
        return new ServerOption<>(
                name, ProviderConfigProperty.INTEGER_TYPE, defaultValue, helpText, Config.Scope::getLong);
    }

    /** A count or size. */
    public static ServerOption<Integer> integer(String name, int defaultValue, String helpText) {
        return new ServerOption<>(
                name, ProviderConfigProperty.INTEGER_TYPE, defaultValue, helpText, Config.Scope::getInt);
    }

    /** A switch. */
    public static ServerOption<Boolean> flag(String name, boolean defaultValue, String helpText) {
        return new ServerOption<>(
                name, ProviderConfigProperty.BOOLEAN_TYPE, defaultValue, helpText, Config.Scope::getBoolean);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The configured value, or the declared default when the option is not set. */
    public T read(Config.Scope config) {
        return reader.read(config, name, defaultValue);
    }

    /** The options as Keycloak's provider configuration metadata, in the order given. */
    public static List<ProviderConfigProperty> metadata(List<ServerOption<?>> options) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (ServerOption<?> option : options) {
            builder.property()
                    .name(option.name)
                    .type(option.type)
                    .helpText(option.helpText)
                    .defaultValue(option.defaultValue)
                    .add();
        }
        return builder.build();
    }
}
