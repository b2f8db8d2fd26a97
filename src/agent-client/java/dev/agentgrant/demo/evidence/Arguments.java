package dev.agentgrant.demo.evidence;

import dev.agentgrant.demo.client.UsageError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed options: {@code --name value}, {@code --name=value}, flags; no positional arguments. */
final class Arguments {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    static Arguments parse(Command command, List<String> args) {
        Map<String, Option> known = new LinkedHashMap<>();
        command.allOptions().forEach(o -> known.put(o.name(), o));
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i).equals("-h") ? "--help" : args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageError("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inline = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Option option = known.get(name);
            if (option == null) {
                throw new UsageError("unknown option --" + name);
            }
            if (option.kind() == Option.Kind.FLAG) {
                if (inline != null) {
                    throw new UsageError("--" + name + " takes no value");
                }
                parsed.values.put(name, List.of("true"));
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageError("--" + name + " needs a value (" + option.valueName() + ")");
                }
                value = args.get(++i);
            }
            List<String> list = parsed.values.computeIfAbsent(name, n -> new ArrayList<>());
            if (option.kind() == Option.Kind.VALUE && !list.isEmpty()) {
                throw new UsageError("--" + name + " is given twice");
            }
            list.add(value);
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null ? fallback : list.get(0);
    }

    String required(String name) {
        String value = value(name, null);
        if (value == null) {
            throw new UsageError("--" + name + " is required");
        }
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    long integer(String name, long fallback, long min, long max) {
        String value = value(name, null);
        if (value == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageError("--" + name + " must be a whole number");
        }
        if (number < min || number > max) {
            throw new UsageError("--" + name + " must be between " + min + " and " + max);
        }
        return number;
    }

    Path dir() {
        return Path.of(value("dir", StateDir.DEFAULT));
    }
}
