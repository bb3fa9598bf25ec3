# The fork server of ReasonRL's code verifier: started once per sandbox worker, inside bubblewrap, as
#   python3 -I -S -B -c <this file> SOCKET_PATH MEMORY_BYTES CPU_SECONDS
# It pre-imports what solutions commonly use, then starts one child per program. It never sees a program:
# each child connects to the host's socket itself and the host writes the program and the test INPUTS to
# that connection. Expected outputs never enter the sandbox; the host compares.
#
# Control channel (trusted; host <-> this process), one ASCII line per message:
#   host -> server (fd 0):  "run TICKET" | "kill TICKET"
#   server -> host (fd 1):  "hello seccomp=ok children=namespaces python=3.11.2"   once, when ready
#                           "exit TICKET STATUS CPU_MS"   when a child ends (STATUS < 0: killed by that signal;
#                                                         70 with no child at all: it could not be started)
# Child protocol on its own connection (frames: 4-byte big-endian length, then the bytes):
#   child: its session, rlimits (MEMORY_BYTES of address space, CPU_SECONDS), no capabilities, seccomp; only then
#   child -> host: TICKET   (so a failure of this trusted set-up is the sandbox's, never charged to a program)
#   host -> child: {"program": str, "entry_point": str, "inputs": [[arg, ...], ...], "limits": {...}}
#   child: runs the untrusted program and calls the entry point on each input
#   child -> host: "ready";  host -> child: NONCE (sent only now, so it is nowhere in the sandbox before)
#   child -> host: {"nonce": NONCE, "load": {...}, "tests": [{...}, ...]}   (ASCII only)
#
# Isolation between children ("children=namespaces"): each child is cloned straight into a user namespace and a
# PID namespace of its own, where it is PID 1 and sees no other process, and it starts a session of its own. No
# pid, process group or session of a sibling or of this server can be named from inside it, so the kernel itself
# refuses every way of signalling, tracing or re-prioritising them (kill, F_SETOWN/FIOSETOWN/SIOCSPGRP on a pipe
# or socket, setpgid, setpriority/ioprio_set by user or group, sched_setattr). Where the kernel refuses to create
# user namespaces ("children=shared"), children still get their own session and the seccomp allow list below, and
# the host flags every verdict as weakly isolated.
import builtins
import collections  # noqa: F401  (pre-imported so that children need not import it)
import ctypes
import functools  # noqa: F401
import heapq  # noqa: F401
import bisect  # noqa: F401
import itertools  # noqa: F401
import json
import json.encoder
import math
import operator  # noqa: F401
import os
import re  # noqa: F401
import resource
import select
import selectors
import signal
import socket
import string  # noqa: F401
import struct
import sys
import gc

SOCKET_PATH = sys.argv[1] if len(sys.argv) > 1 else None
MEMORY_BYTES, CPU_SECONDS = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (None, None)
MAX_REQUEST_BYTES = 16 << 20
SECCOMP = False  # set at start-up by a self-test; the host flags every verdict when it is unavailable
ISOLATED = False  # set at start-up: whether children get their own user and PID namespaces

# ---------------------------------------------------------------------------------------------------------------
# seccomp: a classic-BPF ALLOW LIST installed in each child just before the untrusted program runs. Everything
# the driver and ordinary solutions (pure functions over ints, strings and lists, with the standard library's
# imports) need is allowed; any other system call kills the process with SIGSYS, which the host reports as a
# forbidden system call. Only the child itself can end up with that status: no sibling can signal it.
#
# The list was derived by tracing honest programs (tools/trace-sandbox-syscalls runs every task's reference
# solution and a corpus of ordinary programs with common imports under strace, and prints any call this list
# lacks). Numbers are x86_64's; other architectures and the x32 ABI are killed outright.
# ---------------------------------------------------------------------------------------------------------------
_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_SYSCALL_BIT = 0x40000000
_RET_KILL_PROCESS = 0x80000000
_RET_ALLOW = 0x7FFF0000
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_OFFSET_NR, _OFFSET_ARCH = 0, 4


def _arg_offset(i):
    return 16 + 8 * i  # low 32 bits of args[i] in struct seccomp_data (little endian)


# Allowed whatever their arguments: they act on this process's own memory, files it already holds, its own
# signal handling and timers, or only read. Most frequent first (the filter is a chain of comparisons).
_ALLOWED = {
    0: "read", 1: "write", 9: "mmap", 11: "munmap", 12: "brk", 25: "mremap", 28: "madvise", 10: "mprotect",
    3: "close", 5: "fstat", 262: "newfstatat", 4: "stat", 6: "lstat", 332: "statx", 8: "lseek", 17: "pread64",
    19: "readv", 20: "writev", 217: "getdents64", 21: "access", 269: "faccessat", 439: "faccessat2",
    89: "readlink", 267: "readlinkat", 79: "getcwd", 32: "dup", 33: "dup2", 292: "dup3",
    13: "rt_sigaction", 14: "rt_sigprocmask", 15: "rt_sigreturn", 131: "sigaltstack", 127: "rt_sigpending",
    128: "rt_sigtimedwait", 130: "rt_sigsuspend", 34: "pause", 219: "restart_syscall",
    36: "getitimer", 37: "alarm", 38: "setitimer",
    228: "clock_gettime", 229: "clock_getres", 96: "gettimeofday", 201: "time", 230: "clock_nanosleep",
    35: "nanosleep", 7: "poll", 271: "ppoll", 23: "select", 270: "pselect6", 24: "sched_yield",
    202: "futex", 318: "getrandom", 63: "uname", 99: "sysinfo", 98: "getrusage", 100: "times",
    97: "getrlimit", 204: "sched_getaffinity", 309: "getcpu",
    39: "getpid", 186: "gettid", 110: "getppid", 102: "getuid", 107: "geteuid", 104: "getgid",
    108: "getegid", 118: "getresuid", 120: "getresgid", 115: "getgroups", 111: "getpgrp", 121: "getpgid",
    124: "getsid", 60: "exit", 231: "exit_group",
}
_OPEN, _OPENAT, _FCNTL, _IOCTL = 2, 257, 72, 16
_KILL, _TKILL, _TGKILL, _PRLIMIT64 = 62, 200, 234, 302
_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000 | 0o20000  # O_WRONLY O_RDWR O_CREAT O_TRUNC O_APPEND O_ASYNC
# fcntl: duplicating, close-on-exec and status flags only. Never F_SETOWN(_EX), F_SETSIG, leases, locks, notify or
# pipe sizes (kernel-delivered signals, or state shared with other processes); F_SETFL never with O_ASYNC.
_FCNTL_ALLOWED = (0, 1030, 1, 2, 3)  # F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL
_F_SETFL, _O_ASYNC = 4, 0o20000
# ioctl: "is this a terminal?" (TCGETS, answered ENOTTY here), close-on-exec, blocking mode and bytes available.
# Never FIOSETOWN/SIOCSPGRP/FIOASYNC (signal ownership), TIOCSTI, or any device control.
_IOCTL_ALLOWED = (0x5401, 0x5451, 0x5450, 0x5421, 0x541B)  # TCGETS, FIOCLEX, FIONCLEX, FIONBIO, FIONREAD


_OWN_PID = object()  # placeholder for the child's pid, patched in by _install_seccomp


def _assemble_seccomp():
    """Assembles the filter once, in the server: (program bytes, indexes of the instructions that need the pid).
    Jumps name labels, resolved to relative offsets at the end."""
    code = []  # (opcode, jump_true_label, jump_false_label, k)

    def op(opcode, k, jt=None, jf=None):
        code.append((opcode, jt, jf, k))

    def label(name):
        code.append(("label", name))

    op(_LD_W_ABS, _OFFSET_ARCH)
    op(_JEQ_K, _AUDIT_ARCH_X86_64, jf="kill")
    op(_LD_W_ABS, _OFFSET_NR)
    op(_JGE_K, _X32_SYSCALL_BIT, jt="kill")
    for number in _ALLOWED:
        op(_JEQ_K, number, jt="allow")
    op(_JEQ_K, _OPENAT, jt="check_openat")
    op(_JEQ_K, _OPEN, jt="check_open")
    op(_JEQ_K, _FCNTL, jt="check_fcntl")
    op(_JEQ_K, _IOCTL, jt="check_ioctl")
    for number in (_KILL, _TKILL, _TGKILL):
        op(_JEQ_K, number, jt="check_self")
    op(_JEQ_K, _PRLIMIT64, jt="check_prlimit")
    op(_RET_K, _RET_KILL_PROCESS)
    label("check_openat")
    op(_LD_W_ABS, _arg_offset(2))
    op(_JSET_K, _WRITE_FLAGS, jt="kill", jf="allow")
    label("check_open")
    op(_LD_W_ABS, _arg_offset(1))
    op(_JSET_K, _WRITE_FLAGS, jt="kill", jf="allow")
    label("check_fcntl")
    op(_LD_W_ABS, _arg_offset(1))
    for command in _FCNTL_ALLOWED:
        op(_JEQ_K, command, jt="allow")
    op(_JEQ_K, _F_SETFL, jf="kill")
    op(_LD_W_ABS, _arg_offset(2))
    op(_JSET_K, _O_ASYNC, jt="kill", jf="allow")
    label("check_ioctl")
    op(_LD_W_ABS, _arg_offset(1))
    for command in _IOCTL_ALLOWED:
        op(_JEQ_K, command, jt="allow")
    op(_RET_K, _RET_KILL_PROCESS)
    label("check_prlimit")
    op(_LD_W_ABS, _arg_offset(0))
    op(_JEQ_K, 0, jt="allow")
    op(_JEQ_K, _OWN_PID, jt="allow", jf="kill")
    label("check_self")  # signals only to itself: never the fork server, a sibling or a process group
    op(_LD_W_ABS, _arg_offset(0))
    op(_JEQ_K, _OWN_PID, jt="allow", jf="kill")
    label("allow")
    op(_RET_K, _RET_ALLOW)
    label("kill")
    op(_RET_K, _RET_KILL_PROCESS)

    positions, index = {}, 0
    for item in code:
        if item[0] == "label":
            positions[item[1]] = index
        else:
            index += 1
    out, pid_slots, index = [], [], 0
    for item in code:
        if item[0] == "label":
            continue
        opcode, jt, jf, k = item
        relative = lambda target: 0 if target is None else positions[target] - index - 1  # noqa: E731
        if not (0 <= relative(jt) < 256 and 0 <= relative(jf) < 256):
            raise RuntimeError("seccomp jump out of range")
        if k is _OWN_PID:
            pid_slots.append(index)
            k = 0
        out.append(struct.pack("<HBBI", opcode, relative(jt), relative(jf), k & 0xFFFFFFFF))
        index += 1
    return b"".join(out), pid_slots


_SECCOMP_TEMPLATE, _SECCOMP_PID_SLOTS = _assemble_seccomp()


_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _PR_SET_DUMPABLE, _PR_SET_PDEATHSIG, _SECCOMP_MODE_FILTER = 38, 22, 4, 1, 2
_ulong = ctypes.c_ulong


def _prctl(option, value):
    return _libc.prctl(_ulong(option), _ulong(value), _ulong(0), _ulong(0), _ulong(0))


def _install_seccomp(own_pid):
    program = bytearray(_SECCOMP_TEMPLATE)
    for index in _SECCOMP_PID_SLOTS:
        struct.pack_into("<I", program, 8 * index + 4, own_pid)
    buffer = ctypes.create_string_buffer(bytes(program), len(program))
    fprog = struct.pack("<HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog, len(fprog))
    if _prctl(_PR_SET_NO_NEW_PRIVS, 1) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    if _libc.prctl(_ulong(_PR_SET_SECCOMP), _ulong(_SECCOMP_MODE_FILTER), _ulong(ctypes.addressof(fprog_buffer)),
                   _ulong(0), _ulong(0)) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_SECCOMP")


# ---------------------------------------------------------------------------------------------------------------
# Starting a child. os.fork() cannot pass namespace flags, and unshare() would move this server itself (a second
# unshare(CLONE_NEWPID) is refused), so an isolated child comes from the raw clone system call, used like fork():
# no new stack, SIGCHLD to the parent. This process is single-threaded and no lock is held across the call, which
# is all CPython's own fork handling re-initialises; forking an intermediate process instead, to unshare in it,
# costs a third more CPU per program (measured).
# ---------------------------------------------------------------------------------------------------------------
_SYS_CLONE = 56
_CLONE_NEWUSER, _CLONE_NEWPID = 0x10000000, 0x20000000
_CLONE_FLAGS = _CLONE_NEWUSER | _CLONE_NEWPID | signal.SIGCHLD
_clone = _libc.syscall
_capset = _libc.capset
_CAP_HEADER = ctypes.create_string_buffer(struct.pack("<Ii", 0x20080522, 0), 8)  # _LINUX_CAPABILITY_VERSION_3, self
_CAP_NONE = ctypes.create_string_buffer(bytes(24), 24)  # effective, permitted, inheritable: empty (two 32-bit words)


def _spawn(isolated):
    """A new child process, like os.fork(): 0 in the child, its pid in this server."""
    if not isolated:
        return os.fork()
    pid = _clone(ctypes.c_long(_SYS_CLONE), _ulong(_CLONE_FLAGS), None, None, None, None)
    if pid < 0:
        error = ctypes.get_errno()
        raise OSError(error, "clone: " + os.strerror(error))
    return pid


# The signals this server must survive (a terminal's Ctrl-C reaches the whole foreground process group where the
# sandbox has no session of its own; nothing else may end it but the host closing its input, or SIGKILL). Children
# get the default dispositions back before the program runs.
_SURVIVED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGPIPE, signal.SIGUSR1,
                     signal.SIGUSR2, signal.SIGALRM, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGXFSZ,
                     signal.SIGVTALRM, signal.SIGPROF, signal.SIGIO)


def _restore_signals():
    for number in _SURVIVED_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's own start-up settings: KeyboardInterrupt,
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # and a broken pipe or an oversized file as an exception
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


# ---------------------------------------------------------------------------------------------------------------
# Framing on a raw file descriptor.
# ---------------------------------------------------------------------------------------------------------------
def _make_io(_write=os.write, _read=os.read, _pack=struct.pack, _unpack=struct.unpack, _len=len,
             _bytes=bytes, _memoryview=memoryview, _EOFError=EOFError):
    def send(fd, data):
        view = _memoryview(_pack(">I", _len(data)) + data)
        while _len(view):
            view = view[_write(fd, view):]

    def read_exactly(fd, count):
        parts, remaining = [], count
        while remaining:
            chunk = _read(fd, remaining if remaining < 1 << 20 else 1 << 20)
            if not chunk:
                raise _EOFError("connection closed")
            parts.append(chunk)
            remaining -= _len(chunk)
        return _bytes().join(parts)

    def receive(fd, limit):
        (length,) = _unpack(">I", read_exactly(fd, 4))
        if length > limit:
            raise ValueError("frame too large")
        return read_exactly(fd, length)

    return send, receive


_send, _receive = _make_io()

# ---------------------------------------------------------------------------------------------------------------
# The trusted part of a child, built before the untrusted program exists: every built-in it uses is bound here,
# so rebinding names in `builtins`, `json` or this module afterwards changes nothing it does. (A program can
# still rewrite this process's memory; it gains nothing by it, because the expected values are not here and
# the host judges whatever comes out, bounding and checking every byte.)
# ---------------------------------------------------------------------------------------------------------------
# The largest integer sent, in bits: 4300 decimal digits (Python's default int_max_str_digits, which a program
# can lift) need at most 14284 bits. Larger results are "too large"; the host refuses longer integers unread.
MAX_INT_BITS = 14284


def _make_runner(send_frame, receive_frame):
    _type, _len, _list_append = type, len, list.append
    _int, _float, _str, _bool, _list, _dict, _NoneType = int, float, str, bool, list, dict, type(None)
    _int_repr, _float_repr, _isfinite, _bit_length = int.__repr__, float.__repr__, math.isfinite, int.bit_length
    _quote = json.encoder.c_encode_basestring_ascii or json.encoder.py_encode_basestring_ascii
    _isascii, _encode = str.isascii, str.encode
    _join = "".join
    _dict_items = dict.items
    _type_name = type.__dict__["__name__"].__get__
    _type_flags = type.__dict__["__flags__"].__get__
    _type_mro = type.__dict__["__mro__"].__get__
    _HEAPTYPE = 1 << 9
    _max_int_bits = MAX_INT_BITS
    _BaseException, _SystemExit, _KeyboardInterrupt = BaseException, SystemExit, KeyboardInterrupt
    _MemoryError, _RecursionError, _UnicodeError = MemoryError, RecursionError, UnicodeError
    _callable, _exec, _compile = callable, exec, compile
    _gc_disable, _gc_enable = gc.disable, gc.enable
    _ValueError, _bool = ValueError, bool
    _send, _receive, _exit = send_frame, receive_frame, os._exit
    _encode_ascii = lambda text: _encode(text, "ascii")  # noqa: E731
    _decode_ascii = lambda data: bytes.decode(data, "ascii")  # noqa: E731

    _Exception = Exception

    class _NotPlain(_Exception):
        def __init__(self, type_name, user_type):
            _Exception.__init__(self)
            self.type_name, self.user_type = type_name, user_type

    class _TooLarge(_Exception):
        pass

    def ascii_name(name):
        """A type name as plain ASCII text: anything else (even an unpaired surrogate) spelled as an escape."""
        return _decode_ascii(_encode(name[:60], "ascii", "backslashreplace"))

    def is_user_type(t):
        return _bool(_type_flags(t) & _HEAPTYPE)

    def text(v):
        """A str as a JSON string literal. An unpaired surrogate (from errors='surrogateescape', say) is no text."""
        if not _isascii(v):
            try:
                _encode(v, "utf-8")
            except _UnicodeError:
                raise _NotPlain("str with an unpaired surrogate", False)
        return _quote(v)

    def encode(value, max_chars, max_depth):
        """Plain JSON of exact built-in types only; ints and floats stay distinguishable (1 vs 1.0)."""
        out = []
        budget = [max_chars]

        def emit(chunk):
            budget[0] -= _len(chunk)
            if budget[0] < 0:
                raise _TooLarge()
            _list_append(out, chunk)

        def walk(v, depth):
            t = _type(v)
            if t is _bool:
                emit("true" if v else "false")
            elif t is _int:
                if _bit_length(v) > _max_int_bits:
                    raise _TooLarge()
                emit(_int_repr(v))  # ints beyond Python's digit limit raise ValueError: too large
            elif t is _float:
                if not _isfinite(v):
                    raise _NotPlain("float(" + _float_repr(v) + ")", False)
                emit(_float_repr(v))
            elif t is _str:
                if _len(v) > max_chars:
                    raise _TooLarge()
                emit(text(v))
            elif t is _NoneType:
                emit("null")
            elif t is _list:
                if depth >= max_depth:
                    raise _TooLarge()
                emit("[")
                first = True
                for item in v:
                    if not first:
                        emit(",")
                    first = False
                    walk(item, depth + 1)
                emit("]")
            elif t is _dict:
                if depth >= max_depth:
                    raise _TooLarge()
                emit("{")
                first = True
                for key, item in _dict_items(v):
                    if _type(key) is not _str:
                        raise _NotPlain("dict key " + ascii_name(_type_name(_type(key))), is_user_type(_type(key)))
                    if not first:
                        emit(",")
                    first = False
                    emit(text(key))
                    emit(":")
                    walk(item, depth + 1)
                emit("}")
            else:
                raise _NotPlain(ascii_name(_type_name(t)), is_user_type(t))

        _gc_disable()  # no finalizer of the program runs while its value is being read
        try:
            walk(value, 0)
        finally:
            _gc_enable()
        return _join(out)

    def is_exit(exception_type):
        for base in _type_mro(exception_type):
            if base is _SystemExit or base is _KeyboardInterrupt:
                return True
        return False

    def failure_record(error):
        t = _type(error)
        if is_exit(t):
            return '{"exit":true}'
        if t is _MemoryError:
            return '{"raised":"MemoryError","memory":true}'
        name = _quote(ascii_name(_type_name(t)))
        return '{"raised":' + name + (',"user_type":true}' if is_user_type(t) else "}")

    def safe_failure_record(error):
        try:
            return failure_record(error)
        except _BaseException:
            return '{"raised":"?"}'

    def run(program, entry_point, inputs, max_chars, max_depth):
        """Runs the untrusted program and calls its entry point on each input; returns the JSON of the results."""
        namespace = {"__name__": "__solution__", "__builtins__": builtins}
        try:
            _exec(_compile(program, "<solution>", "exec"), namespace)
        except _BaseException as error:
            return '"load":' + safe_failure_record(error) + ',"tests":[]}'
        entry = namespace.get(entry_point)
        if not _callable(entry):
            return '"load":{"no_entry":true},"tests":[]}'
        records = []
        for args in inputs:
            try:
                value = entry(*args)
            except _BaseException as error:
                _list_append(records, safe_failure_record(error))
                continue
            try:
                _list_append(records, '{"ok":' + encode(value, max_chars, max_depth) + "}")
            except _NotPlain as reason:
                name = _quote(reason.type_name)
                _list_append(records, '{"non_plain":' + name + (',"user_type":true}' if reason.user_type else "}"))
            except (_TooLarge, _RecursionError, _ValueError):
                _list_append(records, '{"too_large":true}')
            except _BaseException as error:
                _list_append(records, safe_failure_record(error))
        return '"load":{"loaded":true},"tests":[' + ",".join(records) + "]}"

    def run_and_report(fd, program, entry_point, inputs, max_chars, max_depth):
        """Runs the program, then asks the host for this run's nonce and sends the results tagged with it."""
        body = run(program, entry_point, inputs, max_chars, max_depth)
        _send(fd, b"ready")
        nonce = _receive(fd, 256)
        _send(fd, _encode_ascii('{"nonce":' + _quote(_decode_ascii(nonce)) + "," + body))
        _exit(0)

    return run_and_report


_run_and_report = _make_runner(_send, _receive)


# ---------------------------------------------------------------------------------------------------------------
# A child: everything before `_run_and_report` is trusted set-up; inside it the program may change anything.
# ---------------------------------------------------------------------------------------------------------------
def _child(ticket, server_pid, server_pidfd):
    # Die with the fork server even where no PID namespace would take this process down with it. The server may
    # have died before this call; its pidfd says so (getppid() is 0 from inside a PID namespace of one's own).
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if select.select([server_pidfd], [], [], 0)[0] or (not ISOLATED and os.getppid() != server_pid):
        os._exit(70)
    os.setsid()  # a session and process group of its own: kill(0, ...) and killpg reach nobody else
    _restore_signals()
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(SOCKET_PATH)
    fd = connection.detach()
    null = os.open("/dev/null", os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(null, target)  # printing "OK" or reading stdin reaches nobody
    os.closerange(3, fd)  # the control channel, pidfds, the selector: nothing of the server stays open
    os.closerange(fd + 1, 1 << 16)

    try:  # if memory runs out, the kernel's OOM killer takes a program, not the fork server or the host
        adjust = os.open("/proc/self/oom_score_adj", os.O_WRONLY)
        os.write(adjust, b"1000")
        os.close(adjust)
    except OSError:
        pass
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))  # soft == hard: SIGKILL, no catchable SIGXCPU
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    if ISOLATED and _capset(_CAP_HEADER, _CAP_NONE) != 0:  # the capabilities a new user namespace grants: none kept
        os._exit(71)
    if SECCOMP:
        _install_seccomp(os.getpid())

    # From here on only what the filter allows: reading the request is read() and the parser's own memory.
    _send(fd, ticket.encode("ascii"))
    request = json.loads(_receive(fd, MAX_REQUEST_BYTES))
    limits = request["limits"]
    _run_and_report(fd, request["program"], request["entry_point"], request["inputs"],
                    limits["max_value_chars"], limits["max_depth"])


def _self_test(isolated):
    """Children under the filter: a harmless one must exit 0 (as PID 1 of its own namespace when isolated); a fork
    and a claim of signal ownership must each die of SIGSYS."""
    outcomes = []
    for action in ("benign", "fork", "setown"):
        pid = _spawn(isolated)
        if pid == 0:
            try:
                if isolated and os.getpid() != 1:
                    os._exit(4)
                _install_seccomp(os.getpid())
                if action == "fork":
                    os.fork()
                elif action == "setown":
                    _libc.fcntl(0, 8, os.getpid())  # F_SETOWN
                else:
                    os.close(os.open("/dev/null", os.O_RDONLY))
                os._exit(0)
            except BaseException:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        outcomes.append(os.waitstatus_to_exitcode(status))
    return outcomes == [0, -signal.SIGSYS, -signal.SIGSYS]


def _namespaces_work():
    """Whether a child can be cloned into user and PID namespaces of its own here."""
    try:
        pid = _spawn(True)
    except OSError as error:
        sys.stderr.write("children share namespaces: %s\n" % error)
        return False
    if pid == 0:
        os._exit(0 if os.getpid() == 1 else 4)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


_WARM_UP = """
from collections import Counter
class Box:
    def __init__(self, x):
        self.x = x
def solve(xs, k=1, *rest, **options):
    total = 0
    for i, x in enumerate(xs):
        if x % 2 == 0 and x > k or not x:
            total += x * 2 - 1
        elif x < 0:
            continue
        else:
            break
    while total > 10:
        total //= 2
    ys = [y for y in xs if y] + list({y: 1 for y in xs}) + [(a, b) for a in xs for b in xs]
    text = f"{total:>3} {xs!r}" + 'a' "b" + str(len(ys)) + ''.join(sorted(str(Counter(ys))))
    try:
        return sorted(ys, key=lambda v: str(v))[0], Box(text).x[::-1]
    except (IndexError, ValueError) as error:
        raise RuntimeError("none") from error
"""


def _warm_up():
    """Compiles and runs a typical program once: a forked child's first compile() costs ~2-3 ms when the parent
    never compiled anything, ~0.5 ms after this."""
    for i in range(3):
        namespace = {}
        exec(compile(_WARM_UP + "#%d" % i, "<warm-up>", "exec"), namespace)
        namespace["solve"]([3, 1, 2, 0, -4, 8])


def _write_line(fd, text):
    data = (text + "\n").encode("ascii")
    while data:
        data = data[os.write(fd, data):]


class _Children:
    """The running children by ticket and by pidfd (a pidfd becomes readable when its process ends)."""

    def __init__(self, selector, control_out):
        self.selector, self.control_out = selector, control_out
        self.by_ticket, self.by_pidfd = {}, {}

    def start(self, ticket, server_pid, server_pidfd):
        try:
            pid = _spawn(ISOLATED)
        except OSError as error:  # out of memory or processes: this program cannot start now; the host retries
            sys.stderr.write("could not start a child: %s\n" % error)
            _write_line(self.control_out, "exit %s 70 0" % ticket)
            return
        if pid == 0:
            try:
                _child(ticket, server_pid, server_pidfd)
            finally:
                os._exit(70)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            _write_line(self.control_out, "exit %s 70 0" % ticket)
            return
        self.by_ticket[ticket] = pid
        self.by_pidfd[pidfd] = (ticket, pid)
        self.selector.register(pidfd, selectors.EVENT_READ, pidfd)

    def kill(self, ticket):
        pid = self.by_ticket.get(ticket)
        if pid is not None:  # not reaped yet (that happens only below), so the pid is still this child's
            os.kill(pid, signal.SIGKILL)

    def ended(self, pidfd):
        ticket, pid = self.by_pidfd.pop(pidfd)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        del self.by_ticket[ticket]
        _, status, usage = os.wait4(pid, 0)
        cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
        _write_line(self.control_out, "exit %s %d %d" % (ticket, os.waitstatus_to_exitcode(status), cpu_ms))

    def end_all(self):
        """The host is done (or gone): end every child and reap it, leaving no zombie behind."""
        for pid in self.by_ticket.values():
            os.kill(pid, signal.SIGKILL)
        for pid in self.by_ticket.values():
            os.waitpid(pid, 0)


def main():
    if MEMORY_BYTES is None:
        sys.exit("usage: forkserver SOCKET_PATH MEMORY_BYTES CPU_SECONDS")
    for number in _SURVIVED_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    control_in, control_out = os.dup(0), os.dup(1)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    _prctl(_PR_SET_DUMPABLE, 0)  # inherited by every child: no sibling can read another's memory through /proc
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    os.chdir("/")
    server_pid = os.getpid()
    server_pidfd = os.pidfd_open(server_pid)

    global SECCOMP, ISOLATED
    ISOLATED = _namespaces_work()
    SECCOMP = _self_test(ISOLATED)
    _warm_up()
    gc.collect()
    gc.freeze()  # children share the pre-imported heap copy-on-write
    version = "%d.%d.%d" % sys.version_info[:3]
    _write_line(control_out, "hello seccomp=%s children=%s python=%s" % (
        "ok" if SECCOMP else "unavailable", "namespaces" if ISOLATED else "shared", version))

    selector = selectors.DefaultSelector()
    selector.register(control_in, selectors.EVENT_READ, None)
    children = _Children(selector, control_out)
    pending = b""
    while True:
        for key, _ in selector.select():
            if key.data is not None:
                children.ended(key.data)
                continue
            chunk = os.read(control_in, 1 << 16)
            if not chunk:
                children.end_all()
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                command, _, ticket = line.decode("ascii").partition(" ")
                if command == "run":
                    children.start(ticket, server_pid, server_pidfd)
                elif command == "kill":
                    children.kill(ticket)


if __name__ == "__main__":
    main()
