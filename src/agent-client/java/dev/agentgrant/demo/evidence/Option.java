package dev.agentgrant.demo.evidence;

/** One option of a command: {@code --name VALUE}, a flag, or a repeatable {@code --name VALUE}. */
record Option(String name, String valueName, String help, Kind kind) {

    enum Kind {
        VALUE,
        FLAG,
        REPEATED
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help, Kind.VALUE);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help, Kind.FLAG);
    }

    static Option repeated(String name, String valueName, String help) {
        return new Option(name, valueName, help, Kind.REPEATED);
    }
}
