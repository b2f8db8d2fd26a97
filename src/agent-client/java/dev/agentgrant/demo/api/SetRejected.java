package dev.agentgrant.demo.api;

/**
 * Why a Security Event Token was not accepted: an error code of RFC 8935 §2.4 ({@code invalid_request},
 * {@code invalid_key}, {@code invalid_issuer}, {@code invalid_audience}, {@code authentication_failed},
 * {@code access_denied}) and a description for the transmitter's log, the body of a 400 (§2.3).
 */
final class SetRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String err;

    SetRejected(String err, String description) {
        super(description);
        this.err = err;
    }

    String err() {
        return err;
    }

    String description() {
        return getMessage();
    }
}
