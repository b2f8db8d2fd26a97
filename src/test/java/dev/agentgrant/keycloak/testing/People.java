package dev.agentgrant.keycloak.testing;

import java.util.List;
import java.util.Map;

/** People of a realm, created through the admin API for one test. */
public final class People {

    private People() {}

    /**
     * Creates an enabled person with a verified email, a name and a password that is not temporary: a complete
     * profile, so no required action stands between them and a token. Answers their user id.
     */
    public static String create(AdminApi admin, String realm, Profile person) {
        admin.post(
                        "/realms/" + realm + "/users",
                        Map.of(
                                "username",
                                person.username(),
                                "enabled",
                                true,
                                "email",
                                person.email(),
                                "emailVerified",
                                true,
                                "firstName",
                                person.firstName(),
                                "lastName",
                                person.lastName(),
                                "credentials",
                                List.of(Map.of("type", "password", "value", person.password(), "temporary", false))))
                .expect(201);
        return admin.userId(realm, person.username());
    }

    /** What a new person is created with. */
    public record Profile(String username, String email, String firstName, String lastName, String password) {

        /** A person whose email is {@code username@example.com} and whose password is their username. */
        public static Profile named(String username, String firstName, String lastName) {
            return new Profile(username, username + "@example.com", firstName, lastName, username);
        }

        public Profile withEmail(String otherEmail) {
            return new Profile(username, otherEmail, firstName, lastName, password);
        }

        public Profile withPassword(String otherPassword) {
            return new Profile(username, email, firstName, lastName, otherPassword);
        }
    }
}
