"""A call run by a forked child while the parent goes on."""

from __future__ import annotations

import os
import threading

import pytest

from policy_corpus.run import background
from policy_corpus.run.background import Background, BackgroundError

needs_fork = pytest.mark.skipif(not background.can_fork(), reason="fork is not used here")


class NotPicklable:
    """Data a process pool could not send to a worker (a lock cannot be pickled)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows = list(range(1000))


def total_and_pid(data: NotPicklable) -> tuple[int, int]:
    return sum(data.rows), os.getpid()


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(3)


def unpicklable_result() -> NotPicklable:
    return NotPicklable()


@needs_fork
def test_the_child_has_the_parents_data_without_pickling_it():
    total, pid = Background(total_and_pid, NotPicklable()).result()
    assert total == sum(range(1000))
    assert pid != os.getpid()


def test_result_can_be_asked_for_again():
    work = Background(total_and_pid, NotPicklable())
    assert work.result() == work.result()


def test_the_childs_error_is_raised_in_the_parent_with_its_traceback():
    work = Background(fail, "table region_indicators is empty", name="writing files")
    with pytest.raises(ValueError, match="region_indicators is empty") as caught:
        work.result()
    if background.can_fork():
        assert "In the background process" in "".join(caught.value.__notes__)


@needs_fork
def test_a_child_that_dies_is_an_error_naming_the_work_and_its_exit_code():
    work = Background(die, name="writing the region pages and tables")
    with pytest.raises(BackgroundError, match=r"region pages and tables.*exit code 3"):
        work.result()


@needs_fork
def test_a_result_that_cannot_be_sent_back_is_an_error_saying_so():
    with pytest.raises(BackgroundError, match="its result could not be sent back"):
        Background(unpicklable_result).result()


def test_without_fork_the_call_runs_at_once_here(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    total, pid = Background(total_and_pid, NotPicklable()).result()
    assert (total, pid) == (sum(range(1000)), os.getpid())
    with pytest.raises(ValueError, match="no such table"):
        Background(fail, "no such table").result()
