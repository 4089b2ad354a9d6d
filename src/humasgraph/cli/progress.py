"""Import and synth progress on stderr, drawn by rich: files done, failures, rate and time left."""

from __future__ import annotations

from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from ..ingest.importer import Outcome

__all__ = ["Bar"]


class Bar:
    """Called with each file's outcome; drawn only for more than five files, on a terminal or when ``forced``."""

    def __init__(self, total: int, stream: IO[str], *, forced: bool = False, what: str = "files") -> None:
        self.failed = 0
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if total > 5 and (forced or stream.isatty()):
            console = Console(file=stream, force_terminal=forced or None, highlight=False)
            self.progress = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[failed]}"), TimeRemainingColumn(),
                                     console=console, refresh_per_second=4)
            self.task = self.progress.add_task(what, total=total, failed="")

    def __enter__(self) -> Bar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, outcome: Outcome) -> None:
        self.failed += outcome.status == "failed"
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, failed=f"{self.failed} failed" if self.failed else "")
