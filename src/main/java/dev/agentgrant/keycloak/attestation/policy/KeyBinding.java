package dev.agentgrant.keycloak.attestation.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * How evidence that binds a key ({@code cnf}, RFC 7800 §3) must relate to the agent instance key that signed the
 * presentation. A bearer SVID or workload token stolen from another instance carries that instance's key, not the
 * presenter's, so binding turns a stolen token into a refused one.
 */
public enum KeyBinding {

    /** Every evidence item that binds a key binds the instance key, and at least one item of a policy source does. */
    REQUIRED("required"),
    /** Every evidence item that binds a key binds the instance key; evidence without {@code cnf} is fine. */
    IF_PRESENT("if_present"),
    /** Bound keys are not compared. */
    OFF("off");

    private final String wireName;

    KeyBinding(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Optional<KeyBinding> byWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
