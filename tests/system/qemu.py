# SPDX-License-Identifier: GPL-2.0
"""Run one QEMU (or any command) and let a test scenario wait for its console output.

The process gets a plain pipe as its console (no pty): stdin is what the guest reads on
its serial port, stdout and stderr are what it prints. A reader thread keeps everything
in memory and in a log file, so a scenario can `expect()` a regex and a failing test
leaves a complete log behind.

Nothing is ever left running: every Qemu has a hard deadline enforced by a watchdog
thread, `close()` kills the whole process group, and an atexit hook plus SIGTERM/SIGINT
handlers kill whatever is still alive when the test process goes away.

Standard library only.
"""

import atexit
import codecs
import os
import re
import signal
import subprocess
import sys
import threading
import time

__all__ = ["Qemu", "TestFailure", "close_all"]

TAIL_LINES = 40
TERM_GRACE = 2.0  # seconds between SIGTERM and SIGKILL


class TestFailure(Exception):
    """A scenario check failed; the message says what was expected and what was seen."""


# Every Qemu that has been started and not yet closed. Guarded by _live_lock (an RLock:
# a signal handler runs in the main thread and may interrupt code holding it).
_live = set()
_live_lock = threading.RLock()
_atexit_installed = False
_signals_installed = False


def _tail(text, lines=TAIL_LINES):
    parts = text.rstrip("\n").split("\n")
    return "\n".join(parts[-lines:])


def _kill_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def close_all():
    """Close every Qemu still running (used by atexit and by the test runner)."""
    with _live_lock:
        live = list(_live)
    for q in live:
        q.close()


def _emergency_kill():
    # Called from a signal handler: only kill, take no lock that another thread may hold
    # and join nothing. atexit's close_all() tidies up the rest.
    procs = [q._proc for q in list(_live)]
    for p in procs:
        if p.poll() is None:
            _kill_group(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + TERM_GRACE
    for p in procs:
        try:
            p.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        if p.poll() is None:
            _kill_group(p.pid, signal.SIGKILL)


def _install_handlers():
    global _atexit_installed, _signals_installed
    if not _atexit_installed:
        _atexit_installed = True
        atexit.register(close_all)
    if _signals_installed or threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    _signals_installed = True
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)
        if previous == signal.SIG_IGN:
            continue  # e.g. SIGINT in a background job: keep ignoring it

        def handler(sig, frame, previous=previous):
            _emergency_kill()
            if callable(previous):
                previous(sig, frame)  # e.g. SIGINT's default raises KeyboardInterrupt
            # SIG_DFL: leave through SystemExit so that finally blocks and atexit run.
            raise SystemExit(128 + sig)

        signal.signal(signum, handler)


class Qemu:
    """One running process with a pipe console.

    cmd       argument list (cmd[0] is looked up in PATH)
    log_path  file that receives everything the process prints
    timeout   hard deadline in seconds from start: the process group is killed then,
              whether or not anybody is waiting on it
    """

    def __init__(self, cmd, log_path, timeout):
        self.cmd = [str(c) for c in cmd]
        self.log_path = str(log_path)
        self.timeout = float(timeout)
        self.deadline = time.monotonic() + self.timeout
        self.killed_by_watchdog = False

        self._chunks = []
        self._text = ""
        self._dirty = False
        self._pos = 0
        self._eof = False
        self._cond = threading.Condition()
        self._closed = False
        self._close_lock = threading.RLock()
        self._stop = threading.Event()

        log_dir = os.path.dirname(self.log_path)
        if log_dir:
            os.makedirs(log_dir, exist_ok=True)
        self._log = open(self.log_path, "w", encoding="utf-8")
        self._log.write("$ " + " ".join(self.cmd) + "\n")
        self._log.flush()

        _install_handlers()
        try:
            self._proc = subprocess.Popen(
                self.cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                bufsize=0,
            )
        except OSError as e:
            self._log.write("failed to start: %s\n" % e)
            self._log.close()
            raise TestFailure("cannot start %s: %s" % (self.cmd[0], e)) from e
        with _live_lock:
            _live.add(self)

        self._reader = threading.Thread(
            target=self._read_loop, name="qemu-reader-%d" % self._proc.pid, daemon=True
        )
        self._watchdog = threading.Thread(
            target=self._watch, name="qemu-watchdog-%d" % self._proc.pid, daemon=True
        )
        self._reader.start()
        self._watchdog.start()

    # -- context manager ---------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    # -- background threads -----------------------------------------------------------

    def _read_loop(self):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        fd = self._proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            final = not data
            text = decoder.decode(data, final=final).replace("\r", "")
            if text:
                self._append(text)
            if final:
                break
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def _append(self, text):
        with self._cond:
            self._chunks.append(text)
            self._dirty = True
            self._cond.notify_all()
        try:
            self._log.write(text)
            self._log.flush()
        except ValueError:
            pass  # log already closed by close(); the in-memory buffer still has it

    def _watch(self):
        remaining = self.deadline - time.monotonic()
        if self._stop.wait(max(0.0, remaining)):
            return
        if self._proc.poll() is None:
            self.killed_by_watchdog = True
            self._append(
                "\n[qemu.py: hard timeout of %gs reached, killing process group %d]\n"
                % (self.timeout, self._proc.pid)
            )
            self._terminate()

    def _terminate(self):
        """SIGTERM the process group, SIGKILL it if still alive after TERM_GRACE."""
        pgid = self._proc.pid
        if self._proc.poll() is None:
            _kill_group(pgid, signal.SIGTERM)
            try:
                self._proc.wait(TERM_GRACE)
            except subprocess.TimeoutExpired:
                pass
        # Also catches children that outlived the leader and still hold the pipe.
        _kill_group(pgid, signal.SIGKILL)
        try:
            self._proc.wait(TERM_GRACE)
        except subprocess.TimeoutExpired:
            pass

    # -- output ------------------------------------------------------------------------

    def _snapshot(self):
        # Caller holds self._cond.
        if self._dirty:
            self._text += "".join(self._chunks)
            self._chunks = []
            self._dirty = False
        return self._text

    @property
    def output(self):
        """Everything the process printed so far (\\r removed)."""
        with self._cond:
            return self._snapshot()

    @property
    def pos(self):
        """Current read position in `output` (where the next expect() starts)."""
        return self._pos

    @property
    def pid(self):
        return self._proc.pid

    @property
    def returncode(self):
        return self._proc.poll()

    def tail(self, lines=TAIL_LINES):
        return _tail(self.output, lines)

    def _why_dead(self):
        if self.killed_by_watchdog:
            return "killed after the hard timeout of %gs" % self.timeout
        rc = self._proc.poll()
        if rc is None:
            return "output closed"
        return "process exited with code %d" % rc

    def _fail(self, what):
        raise TestFailure(
            "%s\n--- last %d lines of output (full log: %s) ---\n%s"
            % (what, TAIL_LINES, self.log_path, self.tail())
        )

    def expect(self, pattern, timeout=None):
        """Wait until regex `pattern` (re.MULTILINE) matches output after the read position.

        Advances the read position past the match and returns the re.Match, whose
        .string is the whole output at that time (so m.start() indexes `output`).
        Note that a match can be made on a line that is still arriving: end patterns
        that capture the rest of a line with '\\n'.
        timeout: seconds (default: until the hard deadline of the process).
        """
        regex = re.compile(pattern, re.MULTILINE)
        start = time.monotonic()
        deadline = self.deadline
        if timeout is not None:
            deadline = min(deadline, start + timeout)
        with self._cond:
            while True:
                text = self._snapshot()
                m = regex.search(text, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                if self._eof:
                    self._fail(
                        "%s before /%s/ appeared" % (self._why_dead(), pattern)
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    if deadline == self.deadline:
                        why = "hard timeout of %gs reached" % self.timeout
                    else:
                        why = "timeout after %.1fs" % (time.monotonic() - start)
                    self._fail("%s waiting for /%s/" % (why, pattern))
                self._cond.wait(min(remaining, 1.0))

    # -- input -------------------------------------------------------------------------

    def send(self, text):
        """Write `text` to the process's stdin (the serial console)."""
        try:
            self._proc.stdin.write(text.encode("utf-8"))
            self._proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError) as e:
            self._fail("cannot write to the console (%s): %s" % (self._why_dead(), e))

    def send_slow(self, text, delay=0.01):
        """Like send(), one character at a time (U-Boot's line editor likes that)."""
        for ch in text:
            self.send(ch)
            time.sleep(delay)

    # -- exit --------------------------------------------------------------------------

    def wait_exit(self, timeout):
        """Wait for the process to exit by itself; return its exit code."""
        limit = max(0.0, min(timeout, self.deadline - time.monotonic() + TERM_GRACE * 2))
        try:
            rc = self._proc.wait(limit)
        except subprocess.TimeoutExpired:
            self._fail("process did not exit within %gs" % timeout)
        # Let the reader drain the pipe so `output` and the log are complete.
        self._reader.join(TERM_GRACE)
        if self.killed_by_watchdog:
            self._fail("process did not exit by itself: %s" % self._why_dead())
        return rc

    def close(self):
        """Kill the process group (if alive) and release everything. Safe to call twice."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            self._stop.set()
            self._terminate()
            try:
                self._proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            self._reader.join(TERM_GRACE)
            self._watchdog.join(TERM_GRACE)
            try:
                self._proc.stdout.close()
            except OSError:
                pass
            with self._cond:
                self._log.close()
            with _live_lock:
                _live.discard(self)

    def __repr__(self):
        rc = self._proc.poll()
        state = "running" if rc is None else "exited %d" % rc
        return "<Qemu pid=%d %s: %s>" % (self._proc.pid, state, " ".join(self.cmd))
