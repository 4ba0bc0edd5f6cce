package dev.pollux.actuate;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

import io.netty.util.internal.PlatformDependent;

/**
 * Direct memory in use and its limit. Netty allocates most of its buffers without the JDK's cleaner and counts them
 * itself, so the JVM's "direct" buffer pool sees only the rest: the two are added.
 */
final class DirectMemory {

    private DirectMemory() {
    }

    static double used() {
        long netty = PlatformDependent.usedDirectMemory();
        return Math.max(netty, 0) + jvmDirectPool();
    }

    static double max() {
        return PlatformDependent.maxDirectMemory();
    }

    private static long jvmDirectPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
