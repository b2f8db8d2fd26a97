package dev.agentgrant.keycloak.approval;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The unit a guessing budget is kept for: one IPv4 address, or one IPv6 /64 — the smallest prefix an ISP hands a
 * customer or a site assigns to one link (RFC 6177 §2, RFC 7421 §1), so one party can use every address in it at
 * once. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}, RFC 4291 §2.5.5.2) is its IPv4 address. Anything else
 * the connection reports is its own bucket, verbatim.
 */
final class AddressBucket {

    /** Only IP literals are parsed: a name must never cause a DNS lookup here. */
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]{2,45}(%[0-9A-Za-z._-]{1,32})?]?");

    private AddressBucket() {}

    static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String trimmed = address.trim();
        boolean v4 = IPV4.matcher(trimmed).matches();
        boolean v6 = !v4 && trimmed.indexOf(':') >= 0 && IPV6.matcher(trimmed).matches();
        if (!v4 && !v6) {
            return "other:" + trimmed;
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(v6 ? withoutZoneAndBrackets(trimmed) : trimmed);
        } catch (UnknownHostException | SecurityException e) {
            return "other:" + trimmed;
        }
        if (parsed instanceof Inet4Address) {
            // Also where the JDK itself turned an IPv4-mapped IPv6 literal into its IPv4 address.
            return "ipv4:" + parsed.getHostAddress();
        }
        if (parsed instanceof Inet6Address) {
            byte[] bytes = parsed.getAddress();
            if (mapped(bytes)) {
                return "ipv4:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                        + (bytes[15] & 0xff);
            }
            StringBuilder prefix = new StringBuilder("ipv6:");
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format(Locale.ROOT, "%x", ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
                prefix.append(':');
            }
            return prefix.append(":/64").toString();
        }
        return "other:" + trimmed;
    }

    private static boolean mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String withoutZoneAndBrackets(String address) {
        String plain =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = plain.indexOf('%');
        return zone < 0 ? plain : plain.substring(0, zone);
    }
}
