"""One call run by a forked child process while this process goes on with other work.

The write-up builds its sections in the notebook's kernel and writes its region pages and
exported tables, which nothing in the sections reads: on two cores the files can be written
meanwhile. A forked child starts with everything the parent has loaded (the report's tables,
tens to hundreds of MB at scale) without copying or pickling it, which a process pool, which
sends each call's arguments to its workers, cannot do; so the child is started here with
multiprocessing's ``fork`` context and sends back only the call's (small) result.

Where ``fork`` is not available or not safe (Windows, macOS), the call simply runs at once in
this process: the same result, no overlap.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from policy_corpus.run.engine import ignore_interrupts

R = TypeVar("R")


class BackgroundError(RuntimeError):
    """The child process died, or its error could not be sent back whole."""


def can_fork() -> bool:
    """Whether a child can be forked safely here (Linux; macOS frameworks are not fork-safe)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Background(Generic[R]):
    """``func(*args)`` running in a forked child; :meth:`result` waits for it.

    Args:
        func: What to call; its return value must pickle (it is sent back through a pipe).
        args: Its arguments (not pickled: the child has them already).
        name: What the work is, for error messages.
    """

    def __init__(self, func: Callable[..., R], *args: Any, name: str = "background work") -> None:
        self.name = name
        self._outcome: tuple[bool, Any] | None = None
        if not can_fork():
            self._outcome = _call(func, args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, func, args), name=name)
        self._process.start()
        send.close()  # the child holds the only sending end: its exit ends the pipe

    def result(self) -> R:
        """The call's return value, once the child has finished.

        Raises:
            Exception: the call's own error, raised again here with the child's traceback.
            BackgroundError: the child died before sending its result.
        """
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._process.join()
                raise BackgroundError(
                    f"{self.name}: its process ended (exit code {self._process.exitcode}) "
                    "before finishing"
                ) from None
            finally:
                self._receive.close()
            self._process.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value  # type: ignore[no-any-return]


def _call(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    try:
        return True, func(*args)
    except Exception as err:  # given to the caller, which raises it
        return False, err


def _run(send: Connection, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    ignore_interrupts()  # the parent, interrupted, is the one to stop
    succeeded, value = _call(func, args)
    if not succeeded:
        value.add_note("In the background process:\n" + "".join(traceback.format_exception(value)))
    try:
        send.send((succeeded, value))
    except Exception as err:  # a result or an error that does not pickle: say what it was
        problem = "its error" if not succeeded else "its result"
        send.send((False, BackgroundError(f"{problem} could not be sent back ({err}): {value!r}")))
    finally:
        send.close()
