"""Where submissions are graded: a pool of warm local processes, or an existing Dask cluster.

Both are a ``concurrent.futures`` Executor and run the same function (``worker.grade_task``), so the
batch (``batch.py``) has one code path:

- ``LocalPool``: a ``ProcessPoolExecutor`` of N processes started with 'spawn' (a clean
  interpreter, nothing inherited from the caller) whose initializer imports nbgrader, nbconvert,
  NumPy and the check library and prepares the context (source notebooks, reference, check modules,
  sandbox settings) before the first submission. Each task still starts its own sandbox.
- ``DaskPool``: ``distributed.Client(address).get_executor()``. The context is scattered once to
  the workers (it holds the source notebooks, the reference and the gradebook snapshot, never the
  gradebook) and each task refers to it; a worker prepares it on its first task.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor

from autograder.grading import worker
from autograder.grading.context import GradingContext, Task


class LocalPool:
    kind = "local"

    def __init__(self, jobs: int, context: GradingContext):
        self.jobs = max(1, int(jobs))
        # The context (with the course secret) goes to the workers through a private file, not the
        # start-up pipe: a large pipe write would wait for each worker's imports, one after the other.
        self._dir = tempfile.mkdtemp(prefix="autograder-pool-")
        self.context_path = os.path.join(self._dir, "context.pickle")
        with open(self.context_path, "wb") as handle:
            pickle.dump(context, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._start()

    def _start(self) -> None:
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=worker.install, initargs=(self.context_path,))

    @property
    def capacity(self) -> int:
        return self.jobs

    def describe(self) -> str:
        return f"{self.jobs} local worker process{'es' if self.jobs != 1 else ''}"

    def submit(self, task: Task):
        return self.executor.submit(worker.grade_task, None, task)

    def restart(self) -> None:
        """After a worker process died, the executor is broken: start a fresh one."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._start()

    def worker_pids(self) -> list[int]:
        return [p.pid for p in getattr(self.executor, "_processes", {}).values()]

    def close(self) -> None:
        """Stop the workers without waiting for their interpreters' slow teardown (every result is
        recorded by now); their files live in this pool's directory, removed here."""
        processes = list(getattr(self.executor, "_processes", {}).values())
        try:
            self.executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=10)
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)


class DaskPool:
    kind = "dask"

    def __init__(self, address: str, context: GradingContext, timeout: float = 30):
        from distributed import Client

        self.address = address
        self.client = Client(address, timeout=timeout, set_as_default=False)
        self.executor = self.client.get_executor(pure=False)
        context = dataclasses.replace(context, verify_checks=True)  # another installation: same checks?
        self.context = self.client.scatter(context, broadcast=True, hash=False)

    @property
    def capacity(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def describe(self) -> str:
        workers = self.client.nthreads()
        return f"Dask cluster at {self.address} ({len(workers)} workers, {sum(workers.values())} threads)"

    def submit(self, task: Task):
        return self.executor.submit(worker.grade_task, self.context, task)

    def restart(self) -> None:  # Dask replaces lost workers and reschedules by itself
        pass

    def worker_pids(self) -> list[int]:
        return []

    def close(self) -> None:
        try:
            self.executor.shutdown(wait=False)
        finally:
            self.client.close()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
