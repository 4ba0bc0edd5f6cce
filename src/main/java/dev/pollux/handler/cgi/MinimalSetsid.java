package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A 165-byte static executable for x86-64 Linux that does the one thing Pollux needs of
 * setsid(1): setsid(2), then execve(2) of its arguments in the same process (exit status 127 if
 * that fails). It has no dynamic loader and no libc, and that is the point: starting a
 * dynamically linked program runs the loader and libc's start-up, which probes the CPU with
 * {@code cpuid}, a trap under virtualisation. On the 2-core VM Pollux is measured on, util-linux's
 * setsid(1) costs about 550 us of CPU per script, this one about 100 us; the script itself pays
 * its own start-up either way.
 *
 * <p>The file is built here from the instructions below (not shipped as a binary blob), written to
 * a new private temporary directory (mode 700), and used only after one trial run shows that it
 * starts a program as the leader of a new session; anywhere else (another architecture, a
 * {@code noexec} temporary directory) setsid(1) is used.
 */
final class MinimalSetsid {

    private static final long BASE = 0x400000;
    private static final int ELF_HEADER = 64;
    private static final int PROGRAM_HEADER = 56;

    // x86-64: at entry, [rsp] is argc, [rsp+8] argv[0], [rsp+16] argv[1], envp follows argv's NULL
    private static final byte[] CODE = {
            (byte) 0xb8, 0x70, 0, 0, 0,                 // mov eax, 112      setsid
            0x0f, 0x05,                                 // syscall
            0x48, (byte) 0x8b, 0x7c, 0x24, 0x10,        // mov rdi, [rsp+16] path: argv[1]
            0x48, (byte) 0x8d, 0x74, 0x24, 0x10,        // lea rsi, [rsp+16] argv: &argv[1]
            0x48, (byte) 0x8b, 0x0c, 0x24,              // mov rcx, [rsp]    argc
            0x48, (byte) 0x8d, 0x54, (byte) 0xcc, 0x10, // lea rdx, [rsp+rcx*8+16] envp: &argv[argc + 1]
            (byte) 0xb8, 0x3b, 0, 0, 0,                 // mov eax, 59       execve
            0x0f, 0x05,                                 // syscall
            (byte) 0xbf, 0x7f, 0, 0, 0,                 // mov edi, 127      (execve failed)
            (byte) 0xb8, (byte) 0xe7, 0, 0, 0,          // mov eax, 231      exit_group
            0x0f, 0x05,                                 // syscall
    };

    private MinimalSetsid() {
    }

    /** The executable, installed and tried, where this is x86-64 Linux and it works. */
    static Optional<Path> install() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return Optional.empty();
        }
        try {
            Path directory = Files.createTempDirectory("pollux-cgi-");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve("setsid");
            Files.write(file, image());
            file.toFile().deleteOnExit();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
            return startsASession(file) ? Optional.of(file) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** An ELF file with one loadable segment: the headers, then the code. */
    static byte[] image() {
        int size = ELF_HEADER + PROGRAM_HEADER + CODE.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0); // 64-bit, little-endian, version 1, System V
        elf.putShort((short) 2).putShort((short) 0x3e).putInt(1);          // executable, x86-64, version 1
        elf.putLong(BASE + ELF_HEADER + PROGRAM_HEADER);                    // entry point: the code
        elf.putLong(ELF_HEADER).putLong(0).putInt(0);                       // program headers, no sections, flags
        elf.putShort((short) ELF_HEADER).putShort((short) PROGRAM_HEADER).putShort((short) 1);
        elf.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5);                                           // loadable, read and execute
        elf.putLong(0).putLong(BASE).putLong(BASE);                         // the whole file, at BASE
        elf.putLong(size).putLong(size).putLong(0x1000);
        elf.put(CODE);
        return elf.array();
    }

    /** One trial run: a shell started through it must find itself leading its own session. */
    private static boolean startsASession(Path setsid) {
        try {
            Process trial = new ProcessBuilder(setsid.toString(), "/bin/sh", "-c",
                    "read -r pid name state parent group session rest < /proc/self/stat; [ \"$pid\" = \"$session\" ]")
                    .redirectErrorStream(true)
                    .start();
            trial.getInputStream().transferTo(OutputStream.nullOutputStream());
            return trial.waitFor(10, TimeUnit.SECONDS) && trial.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
