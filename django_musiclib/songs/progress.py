"""A small progress bar for long management commands: rows done, total, rate and time left.

Written here rather than taken from a library because the commands only need one line per
phase, and the library's users should not install anything for it.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any, Protocol


class Stream(Protocol):
    def write(self, msg: str = "", style_func: Any = None, ending: str | None = None) -> None:
        pass


class Progress:
    """Draws one phase at a time on ``stream``.

    On a terminal the line is redrawn in place a few times a second; elsewhere (a log, a CI
    job, a test) each phase prints one line when it ends, and one every ``log_every``
    seconds while it runs, so a log shows where a long run is without filling up.
    """

    def __init__(
        self,
        stream: Stream | None,
        *,
        tty: bool | None = None,
        redraw_every: float = 0.2,
        log_every: float = 15.0,
    ) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = tty if tty is not None else bool(isatty and isatty())
        self.redraw_every = redraw_every
        self.log_every = log_every

    def phase(self, label: str, total: int | None, unit: str = "rows") -> Phase:
        return Phase(self, label, total, unit)

    def _write(self, text: str, *, final: bool) -> None:
        if self.stream is None:
            return
        if self.tty:
            self.stream.write("\r\033[K" + text + ("\n" if final else ""), ending="")
        else:
            self.stream.write(text + "\n", ending="")
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()


class Phase:
    """One step of a job; ``advance(n)`` as rows are done, or use it as a context manager."""

    def __init__(self, progress: Progress, label: str, total: int | None, unit: str) -> None:
        self.progress = progress
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0
        self.started = time.perf_counter()
        self.elapsed = 0.0
        self._last_draw = 0.0
        self._last_log = self.started

    def __enter__(self) -> Phase:
        self._draw(force=self.progress.tty)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(failed=exc_type is not None)

    @property
    def rate(self) -> float:
        elapsed = self.elapsed or (time.perf_counter() - self.started)
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, rows: int) -> None:
        self.done += rows
        now = time.perf_counter()
        if self.progress.tty and now - self._last_draw >= self.progress.redraw_every:
            self._draw()
        elif not self.progress.tty and now - self._last_log >= self.progress.log_every:
            self._last_log = now
            self._draw()

    def finish(self, *, failed: bool = False) -> None:
        self.elapsed = time.perf_counter() - self.started
        self._draw(final=True, failed=failed)

    def _draw(self, *, final: bool = False, failed: bool = False, force: bool = True) -> None:
        if not force:
            return
        self._last_draw = time.perf_counter()
        elapsed = self.elapsed if final else self._last_draw - self.started
        self.progress._write(self.render(elapsed, final=final, failed=failed), final=final)

    def render(self, elapsed: float, *, final: bool = False, failed: bool = False) -> str:
        label = f"{self.label:<22}"
        if self.total is None:
            when = "failed" if failed else f"{elapsed:7.1f}s"
            if not self.done:
                return f"{label} {'':<59} {when}"
            rate = self.done / elapsed if elapsed > 0 else 0.0
            return f"{label} {self.done:>45,} {rate:>10,.0f} {self.unit}/s  {when}"
        total = max(self.total, 0)
        fraction = min(self.done / total, 1.0) if total else 1.0
        width = 20
        filled = int(fraction * width)
        bar = "#" * filled + "." * (width - filled)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        counts = f"{self.done:>11,}/{total:<11,}"
        if final:
            when = "failed" if failed else f"{elapsed:7.1f}s"
        else:
            left = (total - self.done) / rate if rate > 0 else 0.0
            when = f"ETA {left:5.0f}s"
        return f"{label} [{bar}] {counts} {fraction:4.0%} {rate:>10,.0f} {self.unit}/s  {when}"
