package dev.pollux.handler.fastcgi;

import io.netty.buffer.ByteBuf;

/**
 * One record as the application sent it (FastCGI 1.0, section 3.3), padding dropped. The receiver releases
 * {@code content}.
 */
record FastCgiRecord(int type, int requestId, ByteBuf content) {

    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;

    static final int BEGIN_REQUEST = 1;
    static final int ABORT_REQUEST = 2;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;

    /** END_REQUEST protocol statuses (section 5.5). */
    static final int REQUEST_COMPLETE = 0;
}
