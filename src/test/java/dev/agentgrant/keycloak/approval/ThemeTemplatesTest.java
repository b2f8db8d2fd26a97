package dev.agentgrant.keycloak.approval;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
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
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The approval pages in themes/templates, rendered by the FreeMarker Keycloak 26.7.3 ships and configured as Keycloak
 * configures it (DefaultFreeMarkerProvider: HTML output format, so every ${...} is escaped; no ?new), with the
 * message bundles in themes/messages. The login theme's own template.ftl is replaced by a stand-in (see
 * src/test/resources/.../stand-in-theme/template.ftl), and the page attributes are maps, as the pages only read
 * named members.
 */
class ThemeTemplatesTest {

    private static final Path TEMPLATES = Path.of("themes/templates");
    private static final Path MESSAGES = Path.of("themes/messages");
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN);

    /** Markup, an attribute break-out and a right-to-left override, appended to every text a page shows. */
    private static final String HOSTILE = "<script>alert(1)</script>\" onfocus=\"alert(2)\" '\u202Egnp.exe";
    /** {@link #HOSTILE} as HTML escaping must print it; the override stays, and must sit inside an isolate. */
    private static final String HOSTILE_ESCAPED =
            "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;alert(2)&quot; &#39;\u202Egnp.exe";

    private static final Map<String, String> PLAIN = Map.ofEntries(
            Map.entry("actionUrl", "https://sso.example/realms/test/agent-grant/verify"),
            Map.entry("userCode", "BCDF-GHJK"),
            Map.entry("agentName", "Release bot"),
            Map.entry("agentClientId", "release-bot"),
            Map.entry("owner0", "alice"),
            Map.entry("owner1", "platform-team"),
            Map.entry("fact0.name", "kubernetes.namespace"),
            Map.entry("fact0.value", "ci"),
            Map.entry("requestedAt", "1 September 2026, 10:15 UTC"),
            Map.entry("requestAddress", "203.0.113.7"),
            Map.entry("purpose", "Tag release 1.4 and publish the changelog"),
            Map.entry("audienceName", "Git server"),
            Map.entry("audienceClientId", "git"),
            Map.entry("scope0.name", "repo:write"),
            Map.entry("scope0.consentText", "Push to repositories"),
            Map.entry("scope1.name", "repo:read"),
            Map.entry("scope2.name", "admin"),
            Map.entry("scope2.consentText", "Administer the server"),
            Map.entry("signedInAs", "alice"),
            Map.entry("delegate0.name", "Changelog writer"),
            Map.entry("delegate0.clientId", "changelog-writer"),
            Map.entry("delegate1.clientId", "release-notes"),
            Map.entry("summary0", "Running in Kubernetes namespace ci."),
            Map.entry("csrf", "csrf-token"),
            Map.entry("expiresAt", "1 September 2026, 12:15 UTC"),
            Map.entry("myGrantsUrl", "https://sso.example/realms/test/agent-grant/my-grants"),
            Map.entry("switchUrl", "https://sso.example/realms/test/agent-grant/verify/switch"));

    // ---- the pages, each with the attribute its controller sets ----------------------------------------------------

    enum Page {
        VERIFY(
                "agent-grant-verify.ftl",
                "agentGrantVerify",
                "Enter the agent&#39;s code",
                List.of("actionUrl", "userCode")),
        CONSENT(
                "agent-grant-consent.ftl",
                "agentGrant",
                "Review an agent&#39;s request",
                List.of(
                        "actionUrl",
                        "userCode",
                        "agentName",
                        "agentClientId",
                        "owner0",
                        "owner1",
                        "fact0.name",
                        "fact0.value",
                        "requestedAt",
                        "requestAddress",
                        "purpose",
                        "audienceName",
                        "audienceClientId",
                        "scope0.name",
                        "scope0.consentText",
                        "scope1.name",
                        "scope2.name",
                        "scope2.consentText",
                        "signedInAs",
                        "csrf",
                        "summary0",
                        "delegate0.name",
                        "delegate0.clientId",
                        "delegate1.clientId")),
        RESULT(
                "agent-grant-result.ftl",
                "agentGrantResult",
                "Request approved",
                List.of(
                        "agentName",
                        "scope0.name",
                        "scope0.consentText",
                        "scope1.name",
                        "delegate0.name",
                        "delegate1.clientId",
                        "expiresAt",
                        "myGrantsUrl")),
        WRONG_USER(
                "agent-grant-wrong-user.ftl",
                "agentGrantWrongUser",
                "This request is for another account",
                List.of("signedInAs", "switchUrl", "csrf"));

        final String template;
        final String attribute;
        final String englishHeading;
        /** The texts of {@link #attributes} the page shows (or posts back). */
        final List<String> texts;

        Page(String template, String attribute, String englishHeading, List<String> texts) {
            this.template = template;
            this.attribute = attribute;
            this.englishHeading = englishHeading;
            this.texts = texts;
        }

        Map<String, Object> attributes(UnaryOperator<String> text) {
            return switch (this) {
                case VERIFY -> mapOf("actionUrl", text.apply("actionUrl"), "userCode", text.apply("userCode"));
                case CONSENT -> consent(text);
                case RESULT ->
                    mapOf(
                            "outcome",
                            "approved",
                            "agentName",
                            text.apply("agentName"),
                            "scopes",
                            List.of(
                                    mapOf(
                                            "name",
                                            text.apply("scope0.name"),
                                            "consentText",
                                            text.apply("scope0.consentText"),
                                            "sensitive",
                                            true),
                                    mapOf("name", text.apply("scope1.name"), "sensitive", false)),
                            "delegates",
                            List.of(text.apply("delegate0.name"), text.apply("delegate1.clientId")),
                            "expiresAt",
                            text.apply("expiresAt"),
                            "expiresAtIso",
                            "2026-09-01T12:15:00Z",
                            "myGrantsUrl",
                            text.apply("myGrantsUrl"));
                case WRONG_USER ->
                    mapOf(
                            "signedInAs",
                            text.apply("signedInAs"),
                            "switchUrl",
                            text.apply("switchUrl"),
                            "csrf",
                            text.apply("csrf"));
            };
        }
    }

    private static Map<String, Object> consent(UnaryOperator<String> text) {
        return mapOf(
                "agentName", text.apply("agentName"),
                "agentClientId", text.apply("agentClientId"),
                "owners", List.of(text.apply("owner0"), text.apply("owner1")),
                "facts", List.of(mapOf("name", text.apply("fact0.name"), "value", text.apply("fact0.value"))),
                "summary", List.of(text.apply("summary0")),
                "requestedAt", text.apply("requestedAt"),
                "requestedAtIso", "2026-09-01T10:15:00Z",
                "requestAddress", text.apply("requestAddress"),
                "userCode", text.apply("userCode"),
                "purpose", text.apply("purpose"),
                "audienceName", text.apply("audienceName"),
                "audienceClientId", text.apply("audienceClientId"),
                "scopes",
                        List.of(
                                scope(text.apply("scope0.name"), text.apply("scope0.consentText"), true, true),
                                scope(text.apply("scope1.name"), null, false, true),
                                scope(text.apply("scope2.name"), text.apply("scope2.consentText"), true, false)
                                        .with("sensitive", true)),
                "lifetimes",
                        List.of(
                                lifetime(1800, 30, "minutes", false),
                                lifetime(7200, 2, "hours", true),
                                lifetime(86400, 1, "days", false)),
                "maxUses", 5,
                "delegates",
                        List.of(
                                delegate(text.apply("delegate0.name"), text.apply("delegate0.clientId")),
                                delegate(text.apply("delegate1.clientId"), text.apply("delegate1.clientId"))),
                "signedInAs", text.apply("signedInAs"),
                "csrf", text.apply("csrf"),
                "actionUrl", text.apply("actionUrl"));
    }

    /** A sub-agent as the consent page lists it: its display name, and its client_id beside it when they differ. */
    private static Map<String, Object> delegate(String name, String clientId) {
        return mapOf("name", name, "clientId", clientId, "named", !name.equals(clientId), "checked", true);
    }

    private static Attributes scope(String name, String consentText, boolean checked, boolean available) {
        Attributes scope = new Attributes();
        scope.putAll(mapOf("name", name, "consentText", consentText, "checked", checked, "available", available));
        return scope;
    }

    /** A page attribute map that can be extended inline. */
    private static final class Attributes extends HashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        Attributes with(String name, Object value) {
            put(name, value);
            return this;
        }
    }

    private static Map<String, Object> lifetime(long seconds, long amount, String unit, boolean selected) {
        return mapOf("seconds", seconds, "amount", amount, "unit", unit, "selected", selected);
    }

    /** A map of name/value pairs that, like a getter returning null, leaves out the members whose value is null. */
    private static Map<String, Object> mapOf(Object... namesAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }

    // ---- the login themes a realm may use: the class names the pages read from `properties` ------------------------

    enum ThemeStyle {
        /** keycloak.v2 (the default login theme in 26.7): PatternFly 5. */
        KEYCLOAK_V2(Map.ofEntries(
                Map.entry("kcFormClass", "pf-v5-c-form pf-v5-u-w-100"),
                Map.entry("kcFormGroupClass", "pf-v5-c-form__group"),
                Map.entry("kcFormGroupLabelClass", "pf-v5-c-form__group-label pf-v5-u-pb-xs"),
                Map.entry("kcLabelClass", "pf-v5-c-form__label"),
                Map.entry("kcFormLabelClass", "pf-v5-c-form__label"),
                Map.entry("kcInputClass", "pf-v5-c-form-control"),
                Map.entry("kcFormActionGroupClass", "pf-v5-c-form__actions pf-v5-u-pt-xs"),
                Map.entry("kcButtonClass", "pf-v5-c-button"),
                Map.entry("kcButtonPrimaryClass", "pf-v5-c-button pf-m-primary"),
                Map.entry("kcButtonSecondaryClass", "pf-v5-c-button pf-m-secondary"),
                Map.entry("kcButtonBlockClass", "pf-m-block"),
                Map.entry("kcCheckboxClass", "pf-v5-c-check"),
                Map.entry("kcCheckboxInputClass", "pf-v5-c-check__input"),
                Map.entry("kcCheckboxLabelClass", "pf-v5-c-check__label"))),
        /** keycloak (the previous login theme): PatternFly 4 and Bootstrap grid classes. */
        KEYCLOAK(Map.ofEntries(
                Map.entry("kcFormClass", "form-horizontal"),
                Map.entry("kcFormGroupClass", "form-group"),
                Map.entry("kcLabelWrapperClass", "col-xs-12 col-sm-12 col-md-12 col-lg-12"),
                Map.entry("kcLabelClass", "pf-c-form__label pf-c-form__label-text"),
                Map.entry("kcInputWrapperClass", "col-xs-12 col-sm-12 col-md-12 col-lg-12"),
                Map.entry("kcInputClass", "pf-c-form-control"),
                Map.entry("kcFormButtonsClass", "col-xs-12 col-sm-12 col-md-12 col-lg-12"),
                Map.entry("kcButtonClass", "pf-c-button"),
                Map.entry("kcButtonPrimaryClass", "pf-m-primary"),
                Map.entry("kcButtonDefaultClass", "btn-default"),
                Map.entry("kcButtonBlockClass", "pf-m-block"),
                Map.entry("kcButtonLargeClass", "btn-lg"),
                Map.entry("kcCheckClass", "pf-c-check"),
                Map.entry("kcCheckInputClass", "pf-c-check__input"),
                Map.entry("kcCheckLabelClass", "pf-c-check__label"),
                Map.entry("kcInputClassRadioCheckboxLabelDisabled", "pf-m-disabled"))),
        /** A theme derived from base that defines none of the class names. */
        BARE(Map.of());

        final Properties properties = new Properties();

        ThemeStyle(Map<String, String> classes) {
            properties.putAll(classes);
        }
    }

    // ---- rendering -------------------------------------------------------------------------------------------------

    private static final Configuration FREEMARKER = keycloaksConfiguration();

    /** As org.keycloak.theme.freemarker.DefaultFreeMarkerProvider sets FreeMarker up for a theme's *.ftl. */
    private static Configuration keycloaksConfiguration() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_32);
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        try {
            // The theme's templates first, then the extension's theme resources: Keycloak's lookup order.
            configuration.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                new ClassTemplateLoader(ThemeTemplatesTest.class, "stand-in-theme"),
                new FileTemplateLoader(TEMPLATES.toFile())
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return configuration;
    }

    private static String render(Page page, Map<String, Object> attributes, ThemeStyle style, Locale locale) {
        return render(page, attributes, style, locale, Map.of());
    }

    private static String render(
            Page page, Map<String, Object> attributes, ThemeStyle style, Locale locale, Map<String, Object> more) {
        // What FreeMarkerLoginFormsProvider puts next to the page's attribute (the part the pages and stand-in read).
        Map<String, Object> model = new HashMap<>(more);
        model.put(page.attribute, attributes);
        model.put("msg", new Messages(bundle(locale), locale));
        model.put("properties", style.properties);
        model.put("realm", Map.of("displayName", "Test realm"));
        model.put("url", Map.of("resourcesPath", "/resources/v1/login/keycloak.v2"));
        model.put("lang", locale.getLanguage());
        model.put("pageId", page.template.replace(".ftl", ""));
        model.put("title", "Sign in to Test realm");
        try {
            StringWriter out = new StringWriter();
            FREEMARKER.getTemplate(page.template).process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError("rendering " + page.template + " failed", e);
        }
    }

    private static String render(Page page, Map<String, Object> attributes) {
        return render(page, attributes, ThemeStyle.KEYCLOAK_V2, Locale.ENGLISH);
    }

    /**
     * The theme's msg(key, args...) as org.keycloak.theme.beans.MessageFormatterMethod does it: a string or number
     * argument is passed on as such, and the pattern is formatted with MessageFormat in the page's locale. Keycloak
     * prints an unknown key as it is; here it fails the test. A theme's own messages (such as those of the client
     * scopes Keycloak creates) are merged with the extension's, as Keycloak merges them.
     */
    private record Messages(Properties bundle, Locale locale) implements TemplateMethodModelEx {

        @Override
        @SuppressWarnings("rawtypes") // FreeMarker's interface takes a raw List
        public Object exec(List arguments) throws TemplateModelException {
            String key = arguments.get(0).toString();
            String pattern = bundle.getProperty(key, KEYCLOAK_MESSAGES.get(key));
            if (pattern == null) {
                throw new TemplateModelException("no message " + key + " in the " + locale + " bundle");
            }
            List<Object> formatArguments = new ArrayList<>();
            for (Object argument : arguments.subList(1, arguments.size())) {
                formatArguments.add(unwrap((TemplateModel) argument));
            }
            return new MessageFormat(pattern, locale).format(formatArguments.toArray());
        }

        private static Object unwrap(TemplateModel argument) throws TemplateModelException {
            if (argument instanceof TemplateScalarModel scalar) {
                return scalar.getAsString();
            }
            if (argument instanceof TemplateNumberModel number) {
                return number.getAsNumber();
            }
            return argument;
        }
    }

    private static final Map<String, String> KEYCLOAK_MESSAGES = Map.of("profileScopeConsentText", "User profile");

    private static Properties bundle(Locale locale) {
        Properties bundle = new Properties();
        try {
            bundle.load(
                    new StringReader(strictUtf8(MESSAGES.resolve("messages_" + locale.getLanguage() + ".properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bundle;
    }

    /** The file's text, failing on any byte sequence that is not UTF-8 (Keycloak 26 reads bundles as UTF-8). */
    private static String strictUtf8(Path file) throws IOException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
    }

    // ---- every page ------------------------------------------------------------------------------------------------

    static Stream<Arguments> everyPageInEveryThemeAndLanguage() {
        return Stream.of(Page.values())
                .flatMap(page -> Stream.of(ThemeStyle.values())
                        .flatMap(style -> LOCALES.stream().map(locale -> Arguments.of(page, style, locale))));
    }

    @ParameterizedTest(name = "{0} in {1}, {2}")
    @MethodSource("everyPageInEveryThemeAndLanguage")
    void everyTextAPageShowsIsHtmlEscaped(Page page, ThemeStyle style, Locale locale) {
        String html = render(page, page.attributes(field -> field + HOSTILE), style, locale);

        assertThat(html).doesNotContain("<script>").doesNotContain("onfocus=\"").doesNotContain("'\u202E");
        for (String field : page.texts) {
            assertThat(html).as(field).contains(field + HOSTILE_ESCAPED);
        }
    }

    @ParameterizedTest(name = "{0} in {1}, {2}")
    @MethodSource("everyPageInEveryThemeAndLanguage")
    void bidirectionalCharactersInTextThatIsNotOursStayInsideAnIsolate(Page page, ThemeStyle style, Locale locale) {
        String html = render(page, page.attributes(field -> field + HOSTILE), style, locale);

        // An override inside <bdi> ends with it; one inside an attribute value is never laid out as text.
        String outsideIsolates = html.replaceAll("(?s)<bdi>.*?</bdi>", "").replaceAll("=\"[^\"]*\"", "");
        assertThat(html).contains("\u202E");
        assertThat(outsideIsolates).doesNotContain("\u202E");
    }

    @ParameterizedTest(name = "{0} in {1}, {2}")
    @MethodSource("everyPageInEveryThemeAndLanguage")
    void everyPageSetsItsOwnDocumentTitleAndHeadingInsideTheLayout(Page page, ThemeStyle style, Locale locale) {
        String html = render(page, page.attributes(PLAIN::get), style, locale);
        String heading = between(html, "<h1 id=\"kc-page-title\">", "</h1>").strip();

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("data-page-id=\"login-" + page.template.replace(".ftl", "") + "\"");
        assertThat(heading).isNotEmpty();
        if (locale.equals(Locale.ENGLISH)) {
            assertThat(heading).isEqualTo(page.englishHeading);
        }
        // Keycloak's own "Sign in to <realm>" is replaced by the page's heading and the realm.
        assertThat(between(html, "<title>", "</title>")).isEqualTo(heading + " - Test realm");
        assertThat(html)
                .contains("<link rel=\"stylesheet\" href=\"/resources/v1/login/keycloak.v2/css/agent-grant.css\">");
    }

    static Stream<Arguments> everyPageInEveryTheme() {
        return Stream.of(Page.values())
                .flatMap(page -> Stream.of(ThemeStyle.values()).map(style -> Arguments.of(page, style)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyPageInEveryTheme")
    void controlsCarryTheThemesClassesTheWayTheThemeExpectsThem(Page page, ThemeStyle style) {
        String html = render(page, page.attributes(PLAIN::get), style, Locale.ENGLISH);
        boolean hasTextOrSelect = page == Page.VERIFY || page == Page.CONSENT;

        switch (style) {
            // PatternFly 5 wraps the control, as keycloak.v2's field.ftl does: <span
            // class="pf-v5-c-form-control"><input>.
            case KEYCLOAK_V2 -> {
                assertThat(html).doesNotContainPattern("<(input|select)[^>]*pf-v5-c-form-control");
                assertThat(html.contains("<span class=\"pf-v5-c-form-control\">"))
                        .isEqualTo(hasTextOrSelect);
            }
            // PatternFly 4 styles the control itself: <input class="pf-c-form-control">.
            case KEYCLOAK -> {
                assertThat(html).doesNotContain("<span class=\"pf-c-form-control\">");
                assertThat(Pattern.compile("<(input|select)[^>]*class=\"pf-c-form-control")
                                .matcher(html)
                                .find())
                        .isEqualTo(hasTextOrSelect);
            }
            case BARE -> assertThat(html).doesNotContainPattern("class=\"[^\"]*(pf-|kc[A-Z])");
        }
        assertThat(html).doesNotContain("class=\" ").doesNotContainPattern("class=\"[^\"]*( {2}| \")");
    }

    // ---- agent-grant-verify.ftl ------------------------------------------------------------------------------------

    @Test
    void theCodeFieldIsLabelledPrefilledAndPostedAsUserCode() {
        String html = render(Page.VERIFY, Page.VERIFY.attributes(PLAIN::get), ThemeStyle.KEYCLOAK_V2, Locale.ENGLISH);

        assertThat(tag(html, "form", "agent-grant-verify-form"))
                .contains("action=\"https://sso.example/realms/test/agent-grant/verify\"", "method=\"post\"");
        assertThat(html)
                .contains("<label for=\"user_code\" class=\"pf-v5-c-form__label\">Code</label>")
                .contains("<span class=\"pf-v5-c-form-control\">");
        assertThat(tag(html, "input", "user_code"))
                .contains(
                        "name=\"user_code\"",
                        "type=\"text\"",
                        "value=\"BCDF-GHJK\"",
                        "autocomplete=\"off\"",
                        "autocapitalize=\"characters\"",
                        "autofocus")
                .doesNotContain("aria-invalid");
        assertThat(tag(html, "button", "agent-grant-submit-code"))
                .contains("type=\"submit\"", "class=\"pf-v5-c-button pf-m-primary pf-m-block\"");
    }

    @Test
    void withoutACodeTheFieldIsEmptyAndAnErrorMarksItInvalid() {
        Map<String, Object> attributes = mapOf("actionUrl", PLAIN.get("actionUrl"));
        Map<String, Object> error = Map.of("message", Map.of("type", "error", "summary", "Unknown code"));

        String html = render(Page.VERIFY, attributes, ThemeStyle.KEYCLOAK, Locale.ENGLISH, error);

        assertThat(tag(html, "input", "user_code"))
                .contains("value=\"\"", "aria-invalid=\"true\"", "class=\"pf-c-form-control");
        assertThat(html).contains("<div class=\"alert-error\">Unknown code</div>");
    }

    // ---- agent-grant-consent.ftl -----------------------------------------------------------------------------------

    @Test
    void theConsentFormPostsTheCsrfTokenTheScopesTheLifetimeAndADecision() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get));
        String form = between(html, "<form id=\"agent-grant-consent-form\"", "</form>");

        assertThat(form)
                .startsWith(
                        " class=\"pf-v5-c-form pf-v5-u-w-100\" action=\"https://sso.example/realms/test/agent-grant/verify\" method=\"post\">")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token\">");
        assertThat(tag(form, "button", "agent-grant-approve"))
                .contains("type=\"submit\"", "name=\"decision\"", "value=\"approve\"", "pf-m-primary");
        assertThat(tag(form, "button", "agent-grant-deny"))
                .contains("type=\"submit\"", "name=\"decision\"", "value=\"deny\"", "pf-m-secondary");
        assertThat(between(form, "<select id=\"agent-grant-lifetime\" name=\"lifetime\"", "</select>"))
                .contains(
                        "<option value=\"1800\">30 minutes</option>",
                        "<option value=\"7200\" selected>2 hours</option>",
                        "<option value=\"86400\">1 day</option>");
        assertThat(form)
                .contains("<dt><label for=\"agent-grant-lifetime\">Valid for</label></dt>")
                .contains("<span id=\"agent-grant-max-uses\">up to 5 uses</span>");
        assertThat(html).contains("You are signed in as <strong><bdi>alice</bdi></strong>");
        // The decision comes right after the request, before what the server verified about the agent.
        assertThat(html.indexOf("agent-grant-approve")).isLessThan(html.indexOf("agent-grant-facts-heading"));
    }

    @Test
    void scopesAreCheckboxesInAFieldsetAndOnesTheUserCannotGrantAreDisabledUntickedAndExplained() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get));
        String fieldset = between(html, "<fieldset id=\"agent-grant-scopes\"", "</fieldset>");

        assertThat(fieldset).startsWith(" class=\"agent-grant-scopes\" aria-labelledby=\"agent-grant-scopes-label\">");
        assertThat(html).contains("<dt id=\"agent-grant-scopes-label\">Permissions</dt>");
        assertThat(tag(fieldset, "input", "agent-grant-scope-0"))
                .contains("type=\"checkbox\"", "name=\"scope\"", "value=\"repo:write\"", " checked")
                .doesNotContain("disabled");
        assertThat(tag(fieldset, "input", "agent-grant-scope-1"))
                .contains("value=\"repo:read\"")
                .doesNotContain("checked", "disabled");
        assertThat(tag(fieldset, "input", "agent-grant-scope-2"))
                .contains("value=\"admin\"", " disabled", "aria-describedby=\"agent-grant-scope-2-note\"")
                .as("offered checked, but the user cannot grant it")
                .doesNotContain("checked");
        assertThat(fieldset)
                .contains("<span id=\"agent-grant-scope-2-note\" class=\"agent-grant-note\">"
                        + "You cannot grant this: your own account does not have this permission.</span>");
        assertThat(fieldset).doesNotContain("agent-grant-scope-0-note", "agent-grant-scope-1-note");
        // A label per checkbox: the consent text and the scope's name, or the name alone.
        assertThat(squash(between(fieldset, "<label for=\"agent-grant-scope-0\"", "</label>")))
                .endsWith("><bdi>Push to repositories</bdi> <code dir=\"ltr\" class=\"agent-grant-scope-name\">"
                        + "<bdi>repo:write</bdi></code>");
        assertThat(squash(between(fieldset, "<label for=\"agent-grant-scope-1\"", "</label>")))
                .endsWith("><code dir=\"ltr\"><bdi>repo:read</bdi></code>");
        // A scope an admin marked sensitive says so in its label, in words.
        assertThat(squash(between(fieldset, "<label for=\"agent-grant-scope-2\"", "</label>")))
                .endsWith(
                        "<span id=\"agent-grant-scope-2-sensitive\" class=\"agent-grant-badge agent-grant-sensitive\">"
                                + "Sensitive</span>");
        assertThat(fieldset).containsOnlyOnce("agent-grant-sensitive");
    }

    @Test
    void subAgentsAreTickedCheckboxesInAFieldsetWithALegendAndTheirExplanationUnderTheDecision() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get));
        String fieldset = between(html, "<fieldset id=\"agent-grant-delegates\"", "</fieldset>");

        assertThat(fieldset)
                .startsWith(" class=\"agent-grant-delegates\" aria-describedby=\"agent-grant-delegates-help\">")
                .contains("<legend id=\"agent-grant-delegates-legend\">May hand this task to</legend>")
                .contains("<span id=\"agent-grant-delegates-help\" class=\"agent-grant-note\">A sub-agent proves its"
                        + " own identity before each token and gets at most this task&#39;s permissions.</span>");
        assertThat(tag(fieldset, "input", "agent-grant-delegate-0"))
                .contains("type=\"checkbox\"", "name=\"delegate\"", "value=\"changelog-writer\"", " checked");
        assertThat(tag(fieldset, "input", "agent-grant-delegate-1"))
                .contains("name=\"delegate\"", "value=\"release-notes\"", " checked");
        // Named as the agent is: the client's name with its client_id beside it, or the client_id alone.
        assertThat(squash(between(fieldset, "<label for=\"agent-grant-delegate-0\"", "</label>")))
                .endsWith("><bdi>Changelog writer</bdi> <code dir=\"ltr\" class=\"agent-grant-scope-name\">"
                        + "<bdi>changelog-writer</bdi></code>");
        assertThat(squash(between(fieldset, "<label for=\"agent-grant-delegate-1\"", "</label>")))
                .endsWith("><bdi>release-notes</bdi>");
        // Right under the decision, inside the form (the ticks are posted), before what the server verified.
        assertThat(html.indexOf("<fieldset id=\"agent-grant-delegates\""))
                .isGreaterThan(html.indexOf("agent-grant-deny"))
                .isLessThan(html.indexOf("</form>"))
                .isLessThan(html.indexOf("agent-grant-facts-heading"));
    }

    @Test
    void withoutSubAgentsThereIsNoDelegationSection() {
        Map<String, Object> grant = Page.CONSENT.attributes(PLAIN::get);
        grant.put("delegates", List.of());
        String empty = render(Page.CONSENT, grant);
        grant.remove("delegates");
        String absent = render(Page.CONSENT, grant, ThemeStyle.BARE, Locale.GERMAN);

        assertThat(empty).doesNotContain("agent-grant-delegate", "May hand this task to");
        assertThat(absent).doesNotContain("agent-grant-delegate", "weitergeben");
    }

    @Test
    void theUserCodeIsShownWithTheInstructionToCompareIt() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get));

        assertThat(squash(html))
                .contains(
                        "<dt>Code</dt><dd><code id=\"agent-grant-user-code\" class=\"agent-grant-user-code\" dir=\"ltr\">"
                                + "<bdi>BCDF-GHJK</bdi></code><span id=\"agent-grant-user-code-help\" class=\"agent-grant-note\">"
                                + "must match the agent&#39;s code; if not, deny</span></dd>");
        assertThat(html.indexOf("agent-grant-user-code-help")).isLessThan(html.indexOf("agent-grant-approve"));
    }

    @Test
    void thePurposeIsQuotedUnderItsOwnHeadingAsTheAgentsWords() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get));

        assertThat(squash(html))
                .contains("<dt>Task</dt><dd>"
                        + "<blockquote id=\"agent-grant-purpose\" class=\"agent-grant-agent-words\" dir=\"auto\""
                        + " aria-describedby=\"agent-grant-purpose-unverified\">"
                        + "<p><bdi>Tag release 1.4 and publish the changelog</bdi></p></blockquote>"
                        + "<span id=\"agent-grant-purpose-unverified\" class=\"agent-grant-badge agent-grant-unverified\">"
                        + "In the agent&#39;s own words, not verified</span></dd>");
    }

    @Test
    void theAgentItsVerifiedFactsAndTheAudienceAreDescriptionLists() {
        String html = squash(render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get)));

        assertThat(html)
                .contains("<dt>Agent</dt><dd><strong id=\"agent-grant-agent-name\"><bdi>Release bot</bdi></strong>"
                        + "<span id=\"agent-grant-owners\" class=\"agent-grant-owners\">owned by <bdi>alice</bdi>, "
                        + "<bdi>platform-team</bdi></span></dd>")
                .contains("<dt>Client ID</dt><dd><code dir=\"ltr\"><bdi>release-bot</bdi></code></dd>")
                .contains("<dt>Requested at</dt><dd><time datetime=\"2026-09-01T10:15:00Z\">"
                        + "<bdi>1 September 2026, 10:15 UTC</bdi></time></dd>")
                .contains("<dt>Requested from</dt><dd><code dir=\"ltr\"><bdi>203.0.113.7</bdi></code></dd>")
                .contains(
                        "<p id=\"agent-grant-attestation-summary\"><bdi>Running in Kubernetes namespace ci.</bdi></p>")
                .contains("<details id=\"agent-grant-facts-details\"><summary>Show all verified facts</summary>")
                .contains(
                        "<dl id=\"agent-grant-facts\" class=\"agent-grant-details\"><dt><code dir=\"ltr\"><bdi>kubernetes.namespace</bdi></code></dt><dd><bdi>ci</bdi></dd></dl></details>")
                .contains(
                        "<dt>Access to</dt><dd id=\"agent-grant-audience\"><strong><bdi>Git server</bdi></strong></dd>")
                .contains("<dt>Service client ID</dt><dd><code dir=\"ltr\"><bdi>git</bdi></code></dd>");
    }

    @Test
    void missingOptionalDetailsAreLeftOutOrSaidPlainly() {
        Map<String, Object> grant = Page.CONSENT.attributes(PLAIN::get);
        grant.remove("agentName");
        grant.remove("audienceName");
        grant.remove("requestAddress");
        grant.remove("maxUses");
        grant.remove("delegates");
        grant.put("owners", List.of());
        grant.put("facts", List.of());

        String html = squash(render(Page.CONSENT, grant, ThemeStyle.BARE, Locale.ENGLISH));

        assertThat(html)
                .contains("<strong id=\"agent-grant-agent-name\"><bdi>release-bot</bdi></strong></dd>")
                .contains("<dt>Owners</dt><dd>None recorded</dd>")
                .contains("<p>No verified facts.</p>")
                .contains("<dd id=\"agent-grant-audience\"><strong><bdi>git</bdi></strong></dd>")
                .doesNotContain(
                        "Requested from",
                        "agent-grant-facts-help",
                        "agent-grant-max-uses",
                        "agent-grant-owners",
                        "agent-grant-attestation-summary",
                        "agent-grant-delegates");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ${profileScopeConsentText}  | <bdi>User profile</bdi>
            Bob's {0} files             | <bdi>Bob&#39;s {0} files</bdi>
            ${not a key}                | <bdi>${not a key}</bdi>
            Push ${profileScopeConsentText} | <bdi>Push ${profileScopeConsentText}</bdi>
            """)
    void consentTextsInKeycloaksKeyFormAreLookedUpAndAnyOtherTextIsShownAsTyped(String consentText, String shown) {
        Map<String, Object> grant = Page.CONSENT.attributes(PLAIN::get);
        grant.put("scopes", List.of(scope("files", consentText, true, true)));

        String html = render(Page.CONSENT, grant);

        assertThat(squash(between(html, "<label for=\"agent-grant-scope-0\"", "</label>")))
                .endsWith(">" + shown + " <code dir=\"ltr\" class=\"agent-grant-scope-name\"><bdi>files</bdi></code>");
    }

    @ParameterizedTest(name = "{0}: {2} {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            en | 60     | 1    | minutes | 1 minute
            en | 1800   | 30   | minutes | 30 minutes
            en | 3600   | 1    | hours   | 1 hour
            en | 86400  | 1    | days    | 1 day
            en | 45     | 45   | seconds | 45 seconds
            de | 60     | 1    | minutes | 1 Minute
            de | 7200   | 2    | hours   | 2 Stunden
            de | 172800 | 2    | days    | 2 Tage
            de | 1      | 1    | seconds | 1 Sekunde
            """)
    void lifetimesAreLabelledInTheirUnitAndLanguage(
            String language, long seconds, long amount, String unit, String label) {
        Map<String, Object> grant = Page.CONSENT.attributes(PLAIN::get);
        grant.put("lifetimes", List.of(lifetime(seconds, amount, unit, true)));

        String html = render(Page.CONSENT, grant, ThemeStyle.KEYCLOAK, Locale.forLanguageTag(language));

        assertThat(html).contains("<option value=\"" + seconds + "\" selected>" + label + "</option>");
        assertThat(html).contains("<select id=\"agent-grant-lifetime\" name=\"lifetime\" class=\"pf-c-form-control\"");
    }

    @Test
    void germanPagesSpeakGerman() {
        String html = render(Page.CONSENT, Page.CONSENT.attributes(PLAIN::get), ThemeStyle.KEYCLOAK_V2, Locale.GERMAN);

        assertThat(html)
                .contains("<title>Agenten-Anfrage prüfen - Test realm</title>")
                .contains(">Aussage des Agenten, ungeprüft</span>")
                .contains(">Sensibel</span>")
                .contains(">Genehmigen</button>", ">Ablehnen</button>")
                .contains("bis zu 5 Nutzungen");
    }

    // ---- agent-grant-result.ftl ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            approved        | Request approved       | The agent can now use the access you approved.
            denied          | Request denied         | The agent gets no access.
            gone            | Request no longer open | This request has expired or has already been approved or denied, so nothing was changed.
            error           | Something went wrong   | Your decision could not be processed.
            <b>surprise</b> | Something went wrong   | Your decision could not be processed.
            """)
    void eachOutcomeHasItsOwnHeadingAndSentenceAndSaysTheWindowCanBeClosed(
            String outcome, String heading, String sentence) {
        String html = render(Page.RESULT, mapOf("outcome", outcome));

        assertThat(between(html, "<h1 id=\"kc-page-title\">", "</h1>").strip()).isEqualTo(heading);
        assertThat(html)
                .contains("<p id=\"agent-grant-result-text\">" + sentence)
                .contains("<p id=\"agent-grant-result-close\">You can close this window now. Nothing was sent to your "
                        + "browser for the agent: the agent gets the result from the server directly.</p>")
                .doesNotContain("agent-grant-my-grants", "<dl", "<b>");
    }

    @Test
    void anApprovalListsTheAgentItsPermissionsAndTheirExpiryAndLinksToMyGrants() {
        String html = squash(render(Page.RESULT, Page.RESULT.attributes(PLAIN::get)));

        assertThat(html)
                .contains("<dt>Agent</dt><dd><bdi>Release bot</bdi></dd>")
                .contains("<dt>Permissions</dt><dd><ul id=\"agent-grant-result-scopes\">"
                        + "<li><bdi>Push to repositories</bdi> <code dir=\"ltr\" class=\"agent-grant-scope-name\">"
                        + "<bdi>repo:write</bdi></code> <span class=\"agent-grant-badge agent-grant-sensitive\">Sensitive</span></li>"
                        + "<li><code dir=\"ltr\"><bdi>repo:read</bdi></code></li></ul></dd>")
                .contains(
                        "<dt>May be handed to</dt><dd id=\"agent-grant-result-delegates\"><bdi>Changelog writer</bdi>,"
                                + " <bdi>release-notes</bdi></dd>")
                .contains(
                        "<dt>Valid until</dt><dd id=\"agent-grant-result-expires\"><time datetime=\"2026-09-01T12:15:00Z\">"
                                + "<bdi>1 September 2026, 12:15 UTC</bdi></time></dd>")
                .contains(
                        "<a id=\"agent-grant-my-grants\" href=\"https://sso.example/realms/test/agent-grant/my-grants\">Review your agent grants</a>");
    }

    @Test
    void anApprovalWithoutOptionalDetailsStillRenders() {
        String html = render(Page.RESULT, mapOf("outcome", "approved"), ThemeStyle.BARE, Locale.GERMAN);

        assertThat(html).contains("Anfrage genehmigt").doesNotContain("<dt>", "agent-grant-my-grants");
    }

    // ---- agent-grant-wrong-user.ftl --------------------------------------------------------------------------------

    @Test
    void theWrongUserPageNamesTheSignedInUserAndPostsTheSwitchWithItsCsrfToken() {
        String html = render(Page.WRONG_USER, Page.WRONG_USER.attributes(PLAIN::get));
        String form = between(html, "<form id=\"agent-grant-switch-account-form\"", "</form>");

        assertThat(html)
                .contains("You are signed in as <strong><bdi>alice</bdi></strong>")
                .contains("The agent addressed this request to someone else. Only that person can approve it.");
        assertThat(form)
                .contains("action=\"https://sso.example/realms/test/agent-grant/verify/switch\" method=\"post\"")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token\">");
        assertThat(tag(form, "button", "agent-grant-switch-account")).contains("type=\"submit\"");
        assertThat(squash(between(form, "id=\"agent-grant-switch-account\"", "</button>")))
                .endsWith(">Sign in with another account");
    }

    // ---- templates and bundles -------------------------------------------------------------------------------------

    @Test
    void everyMessageKeyATemplateNamesIsInBothBundles() throws IOException {
        Set<String> named = keysNamedByTemplates();

        assertThat(named).hasSizeGreaterThan(40);
        for (Locale locale : LOCALES) {
            assertThat(bundle(locale).stringPropertyNames())
                    .as(locale.toString())
                    .containsAll(named);
        }
    }

    @Test
    void bothBundlesHoldTheSameNamespacedKeysAndEveryOneIsUsed() throws IOException {
        Set<String> english = bundle(Locale.ENGLISH).stringPropertyNames();

        assertThat(bundle(Locale.GERMAN).stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english);
        assertThat(english).allMatch(key -> key.startsWith("agentGrant"), "starts with agentGrant");
        // The console's texts (agentGrantConsole.*) are named by its scripts; ConsoleMessagesTest checks them.
        assertThat(keysNamedByTemplates())
                .containsExactlyInAnyOrderElementsOf(english.stream()
                        .filter(key -> !key.startsWith("agentGrantConsole."))
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void everyMessageIsAValidPatternWithoutAStrayApostrophe(Locale locale) {
        // MessageFormat reads a single ' as the start of a quote and drops it: "agent's" would print "agents".
        bundle(locale).forEach((key, pattern) -> {
            assertThat((String) pattern)
                    .as((String) key)
                    .doesNotContainPattern("(?<!')'(?!')")
                    .isNotBlank();
            assertThat(new MessageFormat((String) pattern, locale).format(new Object[] {2, "b"}))
                    .as((String) key)
                    .isNotBlank();
        });
    }

    static Stream<Locale> locales() {
        return LOCALES.stream();
    }

    @Test
    void theGermanBundleIsUtf8AndWritesUmlautsAsSuch() throws IOException {
        String german = strictUtf8(MESSAGES.resolve("messages_de.properties"));

        assertThat(german).contains("prüfen", "Gültig").doesNotContain("\\u00");
    }

    @Test
    void noTemplateTurnsAutoEscapingOff() throws IOException {
        for (Path template : templates()) {
            String source = Files.readString(template);
            if (template.startsWith(TEMPLATES.resolve("text"))) {
                // A plain-text email is no HTML: it declares so on its first line, as Keycloak's own text emails do,
                // and says nothing else about output formats.
                assertThat(source).as(template.toString()).startsWith("<#ftl output_format=\"plainText\">\n");
                source = source.substring(source.indexOf('\n') + 1);
            }
            assertThat(source)
                    .as(template.toString())
                    .doesNotContain(
                            "no_esc",
                            "noautoesc",
                            "noAutoEsc",
                            "outputformat",
                            "output_format",
                            "outputFormat",
                            "?html",
                            "kcSanitize");
        }
    }

    /** The model attributes the pages read (agentGrant for the consent page, and one per other page). */
    private static final Set<String> PAGE_ATTRIBUTES = Set.of(
            "agentGrant",
            "agentGrantVerify",
            "agentGrantResult",
            "agentGrantWrongUser",
            "agentGrantMyGrants",
            "agentGrantNotice");

    private static Set<String> keysNamedByTemplates() throws IOException {
        // Every key is a string literal in a template (msg("..."), a heading key passed on, or one chosen by a switch)
        // or in the Java code that renders the pages (an error message key given to LoginFormsProvider.setError).
        Pattern literal = Pattern.compile("\"(agentGrant[A-Za-z0-9]*)\"");
        Set<String> keys = new TreeSet<>();
        List<Path> sources = new ArrayList<>(templates());
        for (String pkg : List.of("approval", "notice")) {
            try (Stream<Path> java = Files.list(Path.of("src/main/java/dev/agentgrant/keycloak", pkg))) {
                java.filter(file -> file.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        for (Path template : sources) {
            Matcher matcher = literal.matcher(Files.readString(template));
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
            // The Java code also names the pages' model attributes, which are not message keys.
            keys.removeAll(PAGE_ATTRIBUTES);
        }
        return keys;
    }

    private static List<Path> templates() throws IOException {
        // The pages, and the emails' html/ and text/ templates.
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(file -> file.toString().endsWith(".ftl"))
                    .sorted()
                    .toList();
        }
    }

    // ---- reading the HTML ------------------------------------------------------------------------------------------

    /** The start tag of the element with the given id. */
    private static String tag(String html, String name, String id) {
        Matcher matcher = Pattern.compile("<" + name + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
                .matcher(html);
        assertThat(matcher.find()).as("<%s id=\"%s\"> in the page", name, id).isTrue();
        return matcher.group();
    }

    private static String between(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as(start + " in the page").isNotNegative();
        int to = html.indexOf(end, from + start.length());
        assertThat(to).as(end + " after " + start).isNotNegative();
        return html.substring(from + start.length(), to);
    }

    /** The markup without the templates' line breaks and indentation, so expectations can be written on one line. */
    private static String squash(String html) {
        return html.replaceAll("\\s*\\R\\s*", "");
    }
}
