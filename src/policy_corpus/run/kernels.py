"""Kernels started ahead: each notebook's kernel starts, with its libraries loaded, meanwhile.

A stage's kernel spends its first seconds starting Python and IPython and then importing what
the notebook imports (pandas, pandera, matplotlib and seaborn, the package): on the five seed
documents that is about a third of the chain's time, the same at every corpus size, and all of
it on the run's critical path when each kernel starts only after the previous notebook ended.
When a stage starts, the runner asks :class:`KernelLauncher` for its kernel (if not asked for
already) and the later stages'; each is started on a thread of its own, loads the modules its
notebook imports, and waits, idle, for papermill. The notebook itself is untouched: its cells
run in order, import what they import (now already in ``sys.modules``) and run exactly as in a
kernel papermill would start.

papermill and nbclient take a started kernel manager (``km``) and leave its shutdown to whoever
started it; jupyter_client has no notion of a kernel prepared in advance, so this module is our
own. A kernel that could not be started ahead is no error: papermill then starts one itself, as
it always did, and any error the notebook's imports raise is raised by the notebook's own cell.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policy_corpus.run.engine import available_cores

log = logging.getLogger(__name__)

#: Set in a kernel started ahead to the key it was started for (the stage), so that a tool
#: watching processes (scripts/bench_whole.py) knows which notebook a kernel is for.
KERNEL_FOR_ENV = "POLICY_CORPUS_KERNEL_FOR"
#: Seconds to wait for a kernel started ahead to be ready, and for its imports to finish.
READY_TIMEOUT = 120
#: Seconds to wait for a kernel to shut down before it is killed.
SHUTDOWN_TIMEOUT = 10


def imported_modules(notebook: str | Path) -> list[str]:
    """The modules a notebook's code cells import at top level, each name once, in order.

    ``from a.b import c`` gives ``a.b`` and ``a.b.c`` (``c`` may be a module of ``a.b``);
    relative imports and cells that are not Python (magics) are left out.
    """
    import nbformat  # here: this module is also imported in kernels, which need only warm_imports

    names: dict[str, None] = {}
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # an IPython magic or shell line: nothing to learn from it
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names[node.module] = None
                names.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names))
    return list(names)


def warm_imports(modules: Iterable[str]) -> list[str]:
    """Import ``modules`` in this process (a kernel); return those that are not modules.

    ``a.b.c`` where ``c`` is a function of ``a.b`` is not a module: ``a.b`` is imported and the
    name returned. A module that fails to import is returned too: the notebook's own import
    cell raises the error where its reader looks for it.
    """
    not_loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            not_loaded.append(name)
    return not_loaded


def warm_up_code(modules: Iterable[str]) -> str:
    """The code a kernel runs to load ``modules``, binding no name in the notebook's namespace."""
    return f"__import__({__name__!r}, fromlist=['warm_imports']).warm_imports({list(modules)!r})"


class KernelLauncher:
    """Starts kernels ahead of their notebooks, on a thread with an event loop of its own.

    :meth:`close` shuts down every kernel started and not taken.

    Args:
        kernel_name: The kernel spec to start (the chain's ``policy-corpus``).
        cwd: The kernels' working directory (papermill's ``cwd``: the notebooks folder).
        env: Variables set in the kernels' environment on top of this process's (as it is
            when the launcher is made).
        extra_arguments: Arguments for the kernel, as papermill's ``extra_arguments``.
    """

    def __init__(
        self,
        kernel_name: str,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        extra_arguments: tuple[str, ...] = (),
    ) -> None:
        self.kernel_name = kernel_name
        self.cwd = cwd
        # The environment is read here, on the caller's thread: the runner sets a variable
        # around each papermill call, and a copy taken on the launcher's thread meanwhile
        # could see it change under it.
        self.env = {**os.environ, **(env or {})}
        self.extra_arguments = list(extra_arguments)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kernel-launcher", daemon=True
        )
        self._thread.start()
        self._ahead: dict[str, Future[Any]] = {}
        self._closing: list[Future[None]] = []
        # At most as many kernels start at once as there are cores: measured on two cores,
        # two at a time have the heaviest (04's, with seaborn) ready when its stage comes, one
        # at a time had it arrive 2.4 s late; more would only slow the stage running meanwhile.
        self._starting = asyncio.Semaphore(available_cores())
        self._closed = False

    def start(self, key: str, notebook: Path) -> None:
        """Start a kernel for ``notebook`` and load what it imports; ``take(key)`` gets it.

        Kernels are started in the order asked for, as many at a time as there are cores.
        Asking again for a key already started does nothing.
        """
        if key in self._ahead or self._closed:
            return
        modules = imported_modules(notebook)
        started = self._started(key, modules)
        self._ahead[key] = asyncio.run_coroutine_threadsafe(started, self._loop)

    def take(self, key: str) -> Any | None:
        """The kernel manager started for ``key``, once ready, or None.

        None if no kernel was started for ``key`` or it could not be (the caller then starts a
        kernel the usual way). The caller shuts it down with :meth:`shut_down`.
        """
        future = self._ahead.pop(key, None)
        if future is None:
            return None
        try:
            return future.result(timeout=READY_TIMEOUT)
        except Exception as err:  # papermill starts its own kernel; say why this one is not used
            log.warning("the kernel started ahead for %s is not used: %s", key, err)
            future.cancel()
            return None

    @contextmanager
    def taken(self, key: str) -> Iterator[Any | None]:
        """:meth:`take` the kernel started for ``key``; shut it down on leaving the block."""
        manager = self.take(key)
        try:
            yield manager
        finally:
            if manager is not None:
                self.shut_down(manager)

    def shut_down(self, manager: Any) -> None:
        """Start shutting down a kernel this launcher started; :meth:`close` waits for it.

        A kernel takes most of a second to exit gracefully, idle: the next stage need not wait.
        """
        self._closing.append(asyncio.run_coroutine_threadsafe(self._shut_down(manager), self._loop))

    def close(self) -> None:
        """Shut down the kernels started and not taken, and stop the launcher's thread.

        Every shutdown is waited for. Kernels still waiting for their turn are not started (at
        most those starting are waited for). Calling it again does nothing.
        """
        if self._closed:
            return
        self._closed = True  # kernels still waiting for their turn see it and do not start
        for key in list(self._ahead):
            manager = self.take(key)
            if manager is not None:
                self.shut_down(manager)
        for done in self._closing:
            try:
                done.result(timeout=SHUTDOWN_TIMEOUT + 5)
            except Exception as err:  # the run's outcome stands; the leftover kernel is said
                log.warning("a kernel did not shut down cleanly: %r", err)
        self._closing.clear()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=SHUTDOWN_TIMEOUT)
        if not self._thread.is_alive():
            self._loop.close()

    async def _started(self, key: str, modules: list[str]) -> Any | None:
        """A started kernel with ``modules`` loaded; None if the launcher closed meanwhile."""
        from jupyter_client.manager import AsyncKernelManager

        async with self._starting:
            if self._closed:
                return None
            manager = AsyncKernelManager(kernel_name=self.kernel_name)
            try:
                await manager.start_kernel(
                    cwd=str(self.cwd),
                    env={**self.env, KERNEL_FOR_ENV: key},
                    extra_arguments=self.extra_arguments,
                )
                await self._load(manager, modules)
            except BaseException:
                await self._shut_down(manager)
                raise
            return manager

    @staticmethod
    async def _load(manager: Any, modules: list[str]) -> None:
        """Run the warm-up in the kernel, silently (no execution count, no history)."""
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=READY_TIMEOUT)
            msg_id = client.execute(warm_up_code(modules), silent=True, store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=READY_TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            if reply["content"].get("status") != "ok":
                log.debug("warm-up of %s: %s", modules, reply["content"].get("evalue"))
        finally:
            client.stop_channels()

    @staticmethod
    async def _shut_down(manager: Any) -> None:
        # Not manager.shutdown_kernel(), which first interrupts the kernel (SIGINT): an idle
        # kernel may then print "KeyboardInterrupt caught in kernel" on the run's terminal.
        # These kernels have finished their notebook or never began one; a shutdown request
        # is enough, and a kernel that does not exit in time is terminated, then killed.
        manager.shutdown_wait_time = SHUTDOWN_TIMEOUT
        try:
            if await manager.is_alive():
                await manager.request_shutdown()
                await manager.finish_shutdown()
        finally:
            await manager.cleanup_resources()
