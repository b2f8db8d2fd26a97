package dev.agentgrant.keycloak.notice;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.FileTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The email templates in themes/templates/html and text, rendered as Keycloak's FreeMarkerEmailTemplateProvider does
 * (Keycloak's FreeMarker setup: HTML output format; the attributes it adds: msg, locale, ltr, realmName) with the
 * attribute {@link NoticeMail} composes, in both languages.
 */
class NoticeTemplatesTest {

    private static final Path TEMPLATES = Path.of("themes/templates");
    private static final Path MESSAGES = Path.of("themes/messages");
    private static final String HOSTILE = "<script>alert(1)</script> & \"quoted\"";
    private static final Notice.Agent AGENT = new Notice.Agent("uuid", "release-bot");

    private static final Configuration FREEMARKER = configuration();

    private static Configuration configuration() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_32);
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        try {
            configuration.setTemplateLoader(new FileTemplateLoader(TEMPLATES.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configuration;
    }

    static Stream<Arguments> messages() {
        List<Arguments> all = new ArrayList<>();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
            for (NoticeMail.Message message : compose(locale)) {
                all.add(Arguments.of(message.template(), locale, message));
            }
        }
        return all.stream();
    }

    /** One message of each kind, every text that is not ours carrying markup. */
    private static List<NoticeMail.Message> compose(Locale locale) {
        List<Notice> notices = List.of(
                new Notice.RequestWaiting(
                        "r",
                        "alice",
                        AGENT,
                        "Purpose " + HOSTILE,
                        "BCDF-GHJK",
                        "https://sso.example/realms/r/agent-grant/verify",
                        "https://sso.example/realms/r/agent-grant/verify?user_code=BCDF-GHJK",
                        Instant.parse("2026-09-01T12:15:00Z")),
                new Notice.GrantEnded(
                        "r", "u", Notice.How.EXHAUSTED, "g1", AGENT, "Used " + HOSTILE, "https://sso.example/my"),
                new Notice.GrantEnded(
                        "r",
                        "u",
                        Notice.How.REVOKED_BY_ADMIN,
                        "g2",
                        AGENT,
                        "First " + HOSTILE,
                        "https://sso.example/my"),
                new Notice.GrantEnded(
                        "r", "u", Notice.How.REVOKED_BY_ADMIN, "g3", AGENT, "Second task", "https://sso.example/my"));
        return NoticeMail.compose(notices, (realm, agent) -> "Bot " + HOSTILE, to -> locale);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("messages")
    void theHtmlEscapesEveryTextThatIsNotOursAndIsolatesThePurpose(
            String template, Locale locale, NoticeMail.Message message) {
        String html = render("html/" + template, message, locale);

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).containsPattern("<bdi>[^<]*&lt;script&gt;");
        assertThat(html).startsWith("<html lang=\"" + locale.getLanguage() + "\" dir=\"ltr\">");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("messages")
    void theTextIsPlainTextWithTheWordsAsWritten(String template, Locale locale, NoticeMail.Message message) {
        String text = render("text/" + template, message, locale);

        assertThat(text).contains(HOSTILE).doesNotContain("&lt;").doesNotContain("&amp;");
        assertThat(text).doesNotContain("<#").doesNotContain("${");
    }

    @Test
    void theRequestMailCarriesTheCodeAndBothLinks() {
        NoticeMail.Message request = compose(Locale.ENGLISH).get(0);

        String text = render("text/" + request.template(), request, Locale.ENGLISH);
        String html = render("html/" + request.template(), request, Locale.ENGLISH);

        assertThat(text)
                .contains("The code the agent shows: BCDF-GHJK")
                .contains("open this link and sign in: "
                        + "https://sso.example/realms/r/agent-grant/verify?user_code=BCDF-GHJK")
                .contains("Or go to https://sso.example/realms/r/agent-grant/verify and enter the code BCDF-GHJK.")
                .contains("in the agent's own words");
        assertThat(html).contains("href=\"https://sso.example/realms/r/agent-grant/verify?user_code=BCDF-GHJK\"");
    }

    @Test
    void aRevocationListsEachGrantAndItsCount() {
        NoticeMail.Message revoked = compose(Locale.ENGLISH).get(2);

        String text = render("text/" + revoked.template(), revoked, Locale.ENGLISH);

        assertThat(text)
                .contains("An administrator of Test realm revoked these 2 grants")
                .contains("\"First " + HOSTILE + "\"")
                .contains("\"Second task\"")
                .contains("Your requests and grants: https://sso.example/my")
                .doesNotContain("more");
        assertThat(subject(revoked, Locale.ENGLISH)).isEqualTo("An administrator revoked 2 agent grants of yours");
        assertThat(subject(revoked, Locale.GERMAN))
                .isEqualTo("Ein Administrator hat 2 Ihrer Agenten-Freigaben widerrufen");
    }

    @Test
    void subjectsAreOneLineInEitherLanguage() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
            for (NoticeMail.Message message : compose(locale)) {
                assertThat(subject(message, locale)).doesNotContain("\n").doesNotContain("{");
            }
        }
        assertThat(subject(compose(Locale.ENGLISH).get(0), Locale.ENGLISH))
                .isEqualTo("Bot <script>alert(1)</script> & \"quoted\" asks for your approval");
    }

    @Test
    void everyEmailTemplateHasItsTwinAndTheTextOnesArePlainText() throws IOException {
        List<String> html = names("html");
        assertThat(html)
                .containsExactlyInAnyOrder(
                        NoticeMail.REQUEST_TEMPLATE, NoticeMail.REVOKED_TEMPLATE, NoticeMail.EXHAUSTED_TEMPLATE);
        assertThat(names("text")).containsExactlyInAnyOrderElementsOf(html);
        for (String name : names("text")) {
            assertThat(Files.readString(TEMPLATES.resolve("text").resolve(name)))
                    .startsWith("<#ftl output_format=\"plainText\">");
        }
    }

    private static List<String> names(String folder) throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES.resolve(folder))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String subject(NoticeMail.Message message, Locale locale) {
        return new MessageFormat(bundle(locale).getProperty(message.subjectKey()), locale)
                .format(message.subjectArguments().toArray());
    }

    private static String render(String template, NoticeMail.Message message, Locale locale) {
        Map<String, Object> model = new HashMap<>();
        model.put(NoticeMail.ATTRIBUTE, message.attribute());
        model.put("msg", new Messages(bundle(locale), locale));
        model.put("locale", locale);
        model.put("ltr", true);
        model.put("realmName", "Test realm");
        try {
            StringWriter out = new StringWriter();
            FREEMARKER.getTemplate(template).process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError("rendering " + template + " failed", e);
        }
    }

    /** msg(key, args...) as Keycloak's MessageFormatterMethod: strings and numbers passed on, MessageFormat. */
    private record Messages(Properties bundle, Locale locale) implements TemplateMethodModelEx {

        @Override
        @SuppressWarnings("rawtypes") // FreeMarker's interface takes a raw List
        public Object exec(List arguments) throws TemplateModelException {
            String key = arguments.get(0).toString();
            String pattern = bundle.getProperty(key);
            if (pattern == null) {
                throw new TemplateModelException("no message " + key + " in the " + locale + " bundle");
            }
            List<Object> values = new ArrayList<>();
            for (Object argument : arguments.subList(1, arguments.size())) {
                TemplateModel model = (TemplateModel) argument;
                if (model instanceof TemplateNumberModel number) {
                    values.add(number.getAsNumber());
                } else if (model instanceof TemplateScalarModel scalar) {
                    values.add(scalar.getAsString());
                } else {
                    values.add(model);
                }
            }
            return new MessageFormat(pattern, locale).format(values.toArray());
        }
    }

    private static Properties bundle(Locale locale) {
        Properties bundle = new Properties();
        try (Reader reader = new InputStreamReader(
                Files.newInputStream(MESSAGES.resolve("messages_" + locale.getLanguage() + ".properties")),
                StandardCharsets.UTF_8)) {
            bundle.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bundle;
    }
}
