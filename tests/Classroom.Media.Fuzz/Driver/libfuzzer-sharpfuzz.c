// libFuzzer front end for a SharpFuzz target running in its own .NET process.
//
// libFuzzer lives in this small native program; the code under test runs in a .NET process that
// SharpFuzz instrumented (every branch of Classroom.Media and BouncyCastle bumps a byte of a 64 KiB
// edge map, the AFL scheme). The two talk through the protocol SharpFuzz's Fuzzer.LibFuzzer.Run
// implements on Linux:
//   - one System V shared memory segment: the edge map (64 KiB), then the input bytes (up to 1 MiB);
//     its id in __LIBFUZZER_SHM_ID;
//   - a control pipe (fd in __LIBFUZZER_CONTROL_PIPE_ID) on which we write the input's length as a
//     native int32, and a status pipe (fd in __LIBFUZZER_STATUS_PIPE_ID) on which the target writes
//     one int32 when it is ready and one after each input: 0 ok, anything else a crash (an uncaught
//     exception, printed on the target's stderr).
// After each input the edge map is copied into libFuzzer's extra counters, so libFuzzer's coverage
// ("cov:" and "ft:" in its log) is the managed code's coverage.
//
// Usage: libfuzzer-sharpfuzz --target=PROGRAM [--target-arg=ARG ...] [libFuzzer flags] [corpus dirs]
// (libFuzzer ignores flags that start with "--"). A target that dies (a stack overflow, an out of
// memory kill) is reported as a crash with its input saved, like an exception; a target that does
// not answer within -timeout is reported by libFuzzer as a timeout. Either way the target process is
// killed with us (PR_SET_PDEATHSIG), never left running.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

enum
{
    EDGE_MAP_BYTES = 1 << 16,     // SharpFuzz's MapSize
    MAX_INPUT_BYTES = 1 << 20,    // what the target maps after the edge map
    CONTROL_FD = 198,             // the fds the target finds in its environment
    STATUS_FD = 199,
    MAX_TARGET_ARGS = 16,
};

// libFuzzer folds this section into its coverage (extra counters) after every input. "used": nothing
// in this file reads the array, and without it the compiler drops the array, its section and the
// copies into it (libFuzzer then sees no coverage at all).
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t extra_counters[EDGE_MAP_BYTES];

static uint8_t *shared;           // edge map, then input
static int shm_id = -1;
static int control_fd = -1;       // we write input lengths
static int status_fd = -1;        // we read statuses
static pid_t target_pid = -1;

static void fail(const char *what)
{
    fprintf(stderr, "libfuzzer-sharpfuzz: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void release_segment(void)
{
    if (shm_id >= 0) shmctl(shm_id, IPC_RMID, NULL);
}

static const char *flag_value(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

static void write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0)
    {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("writing to the target");
        p += n;
        size -= (size_t)n;
    }
}

// One int32 from the target; false when it closed the pipe (it exited or died).
static int read_status(int32_t *status)
{
    size_t got = 0;
    char *p = (char *)status;
    while (got < sizeof *status)
    {
        ssize_t n = read(status_fd, p + got, sizeof *status - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("reading from the target");
        if (n == 0) return 0;
        got += (size_t)n;
    }
    return 1;
}

static void start_target(const char *program, char **args, int arg_count)
{
    int control[2], status[2];
    if (pipe(control) != 0 || pipe(status) != 0) fail("pipe");
    shm_id = shmget(IPC_PRIVATE, EDGE_MAP_BYTES + MAX_INPUT_BYTES, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) fail("shmget");
    atexit(release_segment);
    shared = shmat(shm_id, NULL, 0);
    if (shared == (void *)-1) fail("shmat");

    pid_t parent = getpid();
    target_pid = fork();
    if (target_pid < 0) fail("fork");
    if (target_pid == 0)
    {
        // Die with the fuzzer, whichever way it ends (a timeout ends it with _Exit, no atexit).
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(1);
        if (dup2(control[0], CONTROL_FD) < 0 || dup2(status[1], STATUS_FD) < 0) fail("dup2");
        close(control[0]);
        close(control[1]);
        close(status[0]);
        close(status[1]);
        char id[16];
        snprintf(id, sizeof id, "%d", shm_id);
        if (setenv("__LIBFUZZER_SHM_ID", id, 1) != 0 || setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1) != 0
            || setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1) != 0)
            fail("setenv");
        char *argv[MAX_TARGET_ARGS + 2];
        argv[0] = (char *)program;
        for (int i = 0; i < arg_count; i++) argv[i + 1] = args[i];
        argv[arg_count + 1] = NULL;
        execvp(program, argv);
        fail("exec of the target");
    }
    close(control[0]);
    close(status[1]);
    control_fd = control[1];
    status_fd = status[0];
    // A write to a target that died must not kill us with SIGPIPE: it is reported as a crash instead.
    signal(SIGPIPE, SIG_IGN);
    int32_t ready;
    if (!read_status(&ready))
    {
        fprintf(stderr, "libfuzzer-sharpfuzz: the target exited before it was ready (is it a SharpFuzz target?)\n");
        exit(1);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *program = NULL;
    char *args[MAX_TARGET_ARGS];
    int arg_count = 0;
    for (int i = 1; i < *argc; i++)
    {
        const char *value;
        if ((value = flag_value((*argv)[i], "--target")) != NULL) program = value;
        else if ((value = flag_value((*argv)[i], "--target-arg")) != NULL)
        {
            if (arg_count == MAX_TARGET_ARGS) fail("too many --target-arg");
            args[arg_count++] = (char *)value;
        }
    }
    if (program == NULL)
    {
        fprintf(stderr, "usage: libfuzzer-sharpfuzz --target=PROGRAM [--target-arg=ARG ...] [libFuzzer flags] [corpus]\n");
        exit(1);
    }
    start_target(program, args, arg_count);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT_BYTES) return -1; // libFuzzer keeps inputs under -max_len; refuse the rest
    memset(shared, 0, EDGE_MAP_BYTES);
    memcpy(shared + EDGE_MAP_BYTES, data, size);
    int32_t length = (int32_t)size;
    int32_t status;
    write_all(control_fd, &length, sizeof length);
    if (!read_status(&status))
    {
        fprintf(stderr, "libfuzzer-sharpfuzz: the target process died on this input\n");
        abort(); // libFuzzer saves the input as a crash
    }
    memcpy(extra_counters, shared, EDGE_MAP_BYTES);
    if (status != 0)
    {
        fprintf(stderr, "libfuzzer-sharpfuzz: the target threw on this input (its exception is above)\n");
        abort();
    }
    return 0;
}
