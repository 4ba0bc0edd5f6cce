package dev.pollux.protocol;

/** The status codes defined by the Gemini specification, and nothing else. */
public enum Status {
    INPUT(10),
    SENSITIVE_INPUT(11),
    SUCCESS(20),
    REDIRECT_TEMPORARY(30),
    REDIRECT_PERMANENT(31),
    TEMPORARY_FAILURE(40),
    SERVER_UNAVAILABLE(41),
    CGI_ERROR(42),
    PROXY_ERROR(43),
    SLOW_DOWN(44),
    PERMANENT_FAILURE(50),
    NOT_FOUND(51),
    GONE(52),
    PROXY_REQUEST_REFUSED(53),
    BAD_REQUEST(59),
    CLIENT_CERTIFICATE_REQUIRED(60),
    CERTIFICATE_NOT_AUTHORISED(61),
    CERTIFICATE_NOT_VALID(62);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isSuccess() {
        return code / 10 == 2;
    }

    /** The status with this two-digit code, or null when the specification defines none. */
    public static Status ofCode(int code) {
        for (Status status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return null;
    }
}
