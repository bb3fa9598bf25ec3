# The fork server of ReasonRL's code verifier: started once per sandbox worker, inside bubblewrap, as
#   python3 -I -S -B -c <this file> SOCKET_PATH
# It pre-imports what solutions commonly use, then forks one child per program. It never sees a program:
# each child connects to the host's socket itself and the host writes the program and the test INPUTS to
# that connection. Expected outputs never enter the sandbox; the host compares.
#
# Control channel (trusted; host <-> this process), one ASCII line per message:
#   host -> server (fd 0):  "run TICKET" | "kill TICKET"
#   server -> host (fd 1):  "hello seccomp=ok python=3.11.2"   once, when ready
#                           "exit TICKET STATUS CPU_MS"          when a child ends (STATUS < 0: killed by signal)
# Child protocol on its own connection (frames: 4-byte big-endian length, then the bytes):
#   child -> host: TICKET
#   host -> child: {"program": str, "entry_point": str, "inputs": [[arg, ...], ...], "limits": {...}}
#   child: rlimits, seccomp, then runs the untrusted program and calls the entry point on each input
#   child -> host: "ready";  host -> child: NONCE (sent only now, so it is nowhere in the sandbox before)
#   child -> host: {"nonce": NONCE, "load": {...}, "tests": [{...}, ...]}
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
import selectors
import signal
import socket
import string  # noqa: F401
import struct
import sys
import gc

SOCKET_PATH = sys.argv[1]
MAX_REQUEST_BYTES = 16 << 20
SECCOMP = False  # set at start-up by a self-test; the host flags every verdict when it is unavailable

# ---------------------------------------------------------------------------------------------------------------
# seccomp: a classic-BPF filter installed in each child before the untrusted program runs. Anything a small
# function over ints, strings and lists never needs, and that could escape, persist or disturb others, kills the
# process with SIGSYS (the host reports it as a forbidden system call).
# ---------------------------------------------------------------------------------------------------------------
_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_SYSCALL_BIT = 0x40000000
_RET_KILL_PROCESS = 0x80000000
_RET_ALLOW = 0x7FFF0000
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_OFFSET_NR, _OFFSET_ARCH = 0, 4


def _arg_offset(i):
    return 16 + 8 * i  # low 32 bits of args[i] in struct seccomp_data (little endian)


# Denied outright (x86_64 numbers): process creation and exec, networking, tracing, namespaces and mounts,
# file-system changes, System V IPC and other state that outlives a program, kernel-attack surface.
_DENIED = {
    56: "clone", 57: "fork", 58: "vfork", 435: "clone3", 59: "execve", 322: "execveat",
    41: "socket", 53: "socketpair", 42: "connect", 43: "accept", 288: "accept4", 49: "bind", 50: "listen",
    101: "ptrace", 310: "process_vm_readv", 311: "process_vm_writev", 424: "pidfd_send_signal",
    434: "pidfd_open", 438: "pidfd_getfd", 129: "rt_sigqueueinfo", 297: "rt_tgsigqueueinfo",
    165: "mount", 166: "umount2", 155: "pivot_root", 161: "chroot", 272: "unshare", 308: "setns",
    85: "creat", 437: "openat2", 83: "mkdir", 258: "mkdirat", 84: "rmdir", 87: "unlink", 263: "unlinkat",
    82: "rename", 264: "renameat", 316: "renameat2", 86: "link", 265: "linkat", 88: "symlink",
    266: "symlinkat", 76: "truncate", 90: "chmod", 91: "fchmod", 268: "fchmodat", 92: "chown", 93: "fchown",
    94: "lchown", 260: "fchownat", 133: "mknod", 259: "mknodat",
    29: "shmget", 64: "semget", 68: "msgget", 240: "mq_open", 319: "memfd_create",
    321: "bpf", 298: "perf_event_open", 250: "keyctl", 248: "add_key", 249: "request_key",
    135: "personality", 323: "userfaultfd", 425: "io_uring_setup", 426: "io_uring_enter",
    427: "io_uring_register", 141: "setpriority", 203: "sched_setaffinity", 144: "sched_setscheduler",
    142: "sched_setparam", 251: "ioprio_set",
}
_OPEN, _OPENAT = 2, 257
_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000  # O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND
_KILL, _TKILL, _TGKILL, _PRLIMIT64 = 62, 200, 234, 302


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
    for number in sorted(_DENIED):
        op(_JEQ_K, number, jt="kill")
    op(_JEQ_K, _OPEN, jt="check_open")
    op(_JEQ_K, _OPENAT, jt="check_openat")
    for number in (_KILL, _TKILL, _TGKILL):
        op(_JEQ_K, number, jt="check_self")
    op(_JEQ_K, _PRLIMIT64, jt="check_prlimit")
    op(_RET_K, _RET_ALLOW)
    label("check_open")
    op(_LD_W_ABS, _arg_offset(1))
    op(_JSET_K, _WRITE_FLAGS, jt="kill", jf="allow")
    label("check_openat")
    op(_LD_W_ABS, _arg_offset(2))
    op(_JSET_K, _WRITE_FLAGS, jt="kill", jf="allow")
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


def _install_seccomp(own_pid):
    program = bytearray(_SECCOMP_TEMPLATE)
    for index in _SECCOMP_PID_SLOTS:
        struct.pack_into("<I", program, 8 * index + 4, own_pid)
    buffer = ctypes.create_string_buffer(bytes(program), len(program))
    fprog = struct.pack("<HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog, len(fprog))
    ulong = ctypes.c_ulong
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, ulong(1), ulong(0), ulong(0), ulong(0)) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    if _libc.prctl(_PR_SET_SECCOMP, ulong(_SECCOMP_MODE_FILTER), ulong(ctypes.addressof(fprog_buffer)),
                   ulong(0), ulong(0)) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_SECCOMP")


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
# the host judges whatever comes out.)
# ---------------------------------------------------------------------------------------------------------------
def _make_runner(send_frame, receive_frame):
    _type, _len, _list_append = type, len, list.append
    _int, _float, _str, _bool, _list, _dict, _NoneType = int, float, str, bool, list, dict, type(None)
    _int_repr, _float_repr, _isfinite = int.__repr__, float.__repr__, math.isfinite
    _quote = json.encoder.c_encode_basestring_ascii or json.encoder.py_encode_basestring_ascii
    _join = "".join
    _dict_items = dict.items
    _type_name = type.__dict__["__name__"].__get__
    _type_flags = type.__dict__["__flags__"].__get__
    _type_mro = type.__dict__["__mro__"].__get__
    _HEAPTYPE = 1 << 9
    _BaseException, _SystemExit, _KeyboardInterrupt = BaseException, SystemExit, KeyboardInterrupt
    _MemoryError, _RecursionError = MemoryError, RecursionError
    _callable, _exec, _compile = callable, exec, compile
    _gc_disable, _gc_enable = gc.disable, gc.enable
    _ValueError, _bool = ValueError, bool
    _send, _receive, _exit = send_frame, receive_frame, os._exit
    _encode_ascii = lambda text: str.encode(text, "ascii")  # noqa: E731
    _decode_ascii = lambda data: bytes.decode(data, "ascii")  # noqa: E731

    _Exception = Exception

    class _NotPlain(_Exception):
        def __init__(self, type_name, user_type):
            _Exception.__init__(self)
            self.type_name, self.user_type = type_name, user_type

    class _TooLarge(_Exception):
        pass

    def describe_type(t):
        return _quote(_type_name(t)[:60]), _bool(_type_flags(t) & _HEAPTYPE)

    def encode(value, max_chars, max_depth):
        """Plain JSON of exact built-in types only; ints and floats stay distinguishable (1 vs 1.0)."""
        out = []
        budget = [max_chars]

        def emit(text):
            budget[0] -= _len(text)
            if budget[0] < 0:
                raise _TooLarge()
            _list_append(out, text)

        def walk(v, depth):
            t = _type(v)
            if t is _bool:
                emit("true" if v else "false")
            elif t is _int:
                emit(_int_repr(v))  # ints beyond Python's digit limit raise ValueError: too large
            elif t is _float:
                if not _isfinite(v):
                    raise _NotPlain("float(" + _float_repr(v) + ")", False)
                emit(_float_repr(v))
            elif t is _str:
                if _len(v) > max_chars:
                    raise _TooLarge()
                emit(_quote(v))
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
                        raise _NotPlain("dict key " + _type_name(_type(key)), _bool(_type_flags(_type(key)) & _HEAPTYPE))
                    if not first:
                        emit(",")
                    first = False
                    emit(_quote(key))
                    emit(":")
                    walk(item, depth + 1)
                emit("}")
            else:
                raise _NotPlain(_type_name(t), _bool(_type_flags(t) & _HEAPTYPE))

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
        name, user = describe_type(t)
        return '{"raised":' + name + (',"user_type":true}' if user else "}")

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
                name = _quote(reason.type_name[:60])
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
def _child(ticket, server_pid):
    # Die with the fork server even where no PID namespace would take this process down with it.
    _libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    if os.getppid() != server_pid:
        os._exit(70)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(SOCKET_PATH)
    fd = connection.detach()
    null = os.open("/dev/null", os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(null, target)  # printing "OK" or reading stdin reaches nobody
    os.closerange(3, fd)  # the control channel, pidfds, the selector: nothing of the server stays open
    os.closerange(fd + 1, 1 << 16)

    _send(fd, ticket.encode("ascii"))
    request = json.loads(_receive(fd, MAX_REQUEST_BYTES))
    limits = request["limits"]
    memory, cpu = limits["memory_bytes"], limits["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))  # soft == hard: SIGKILL, no catchable SIGXCPU
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    if SECCOMP:
        _install_seccomp(os.getpid())
    _run_and_report(fd, request["program"], request["entry_point"], request["inputs"],
                    limits["max_value_chars"], limits["max_depth"])


def _self_test():
    """Forks two children under the filter: a harmless one must exit 0, a fork attempt must die of SIGSYS."""
    outcomes = []
    for action in ("benign", "fork"):
        pid = os.fork()
        if pid == 0:
            try:
                _install_seccomp(os.getpid())
                if action == "fork":
                    os.fork()
                else:
                    os.close(os.open("/dev/null", os.O_RDONLY))
                os._exit(0)
            except BaseException:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        outcomes.append(os.waitstatus_to_exitcode(status))
    return outcomes == [0, -signal.SIGSYS]


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


def main():
    control_in, control_out = os.dup(0), os.dup(1)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    _libc.prctl(_PR_SET_DUMPABLE, ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    _libc.prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    os.chdir("/")
    server_pid = os.getpid()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    seccomp_ok = _self_test()
    _warm_up()
    gc.collect()
    gc.freeze()  # children share the pre-imported heap copy-on-write
    version = "%d.%d.%d" % sys.version_info[:3]
    global SECCOMP
    SECCOMP = seccomp_ok
    _write_line(control_out, "hello seccomp=%s python=%s" % ("ok" if seccomp_ok else "unavailable", version))

    selector = selectors.DefaultSelector()
    selector.register(control_in, selectors.EVENT_READ, None)
    by_ticket, by_pidfd = {}, {}
    pending = b""
    while True:
        for key, _ in selector.select():
            if key.data is None:
                chunk = os.read(control_in, 1 << 16)
                if not chunk:  # the host is done (or gone): end every child and reap it, leaving no zombie behind
                    for pid in by_ticket.values():
                        os.kill(pid, signal.SIGKILL)
                    for pid in by_ticket.values():
                        os.waitpid(pid, 0)
                    return
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    command, _, ticket = line.decode("ascii").partition(" ")
                    if command == "run":
                        pid = os.fork()
                        if pid == 0:
                            try:
                                _child(ticket, server_pid)
                            finally:
                                os._exit(70)
                        pidfd = os.pidfd_open(pid)
                        by_ticket[ticket] = pid
                        by_pidfd[pidfd] = (ticket, pid)
                        selector.register(pidfd, selectors.EVENT_READ, pidfd)
                    elif command == "kill" and ticket in by_ticket:
                        os.kill(by_ticket[ticket], signal.SIGKILL)
            else:
                pidfd = key.data
                ticket, pid = by_pidfd.pop(pidfd)
                selector.unregister(pidfd)
                os.close(pidfd)
                del by_ticket[ticket]
                _, status, usage = os.wait4(pid, 0)
                cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
                _write_line(control_out, "exit %s %d %d" % (ticket, os.waitstatus_to_exitcode(status), cpu_ms))


main()
