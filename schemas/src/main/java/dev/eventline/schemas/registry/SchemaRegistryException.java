package dev.eventline.schemas.registry;

/**
 * The registry refused a request (an HTTP status and Confluent's error code, e.g. 409
 * incompatible, 40401 subject not found, 42201 invalid schema) or could not be reached.
 */
public final class SchemaRegistryException extends RuntimeException {

    /** Status used when no HTTP answer came back at all. */
    public static final int UNREACHABLE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's error code from the body, or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    public boolean isRetriable() {
        return httpStatus == UNREACHABLE || httpStatus >= 500 || httpStatus == 429;
    }
}
