package dev.pollux.protocol;

/** C0 and C1 control characters and DEL, which a request may not carry, encoded or not. */
final class ControlCharacters {

    private ControlCharacters() {
    }

    static boolean containsAny(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }
}
