package dev.agentgrant.keycloak.load;

/**
 * One operation every task-grant exchange makes, measured alone: the CPU it costs the thread making it and, for a
 * database statement, the CPU it costs the PostgreSQL backend serving it.
 *
 * @param name          what it is
 * @param stage         the stage of the server's profile that makes it ({@link ServerProfile})
 * @param clientMicros  CPU of the calling thread per operation, µs
 * @param backendMicros CPU of the database backend per operation, µs (0 for in-process cryptography; NaN when the
 *                      backend's CPU could not be read)
 * @param inFloor       false for an operation shown beside the floor for comparison, not counted in it
 */
record FloorOperation(String name, String stage, double clientMicros, double backendMicros, boolean inFloor) {

    double totalMicros() {
        return clientMicros + (Double.isNaN(backendMicros) ? 0 : backendMicros);
    }
}
