"""Run ``callcoach batch`` on ``dask.distributed``: the only module that imports dask.

With a scheduler address the batch uses that cluster (started by ``dask scheduler``,
dask-jobqueue on Slurm/PBS, dask-kubernetes, ...); without one it starts a LocalCluster
on this machine. Either way the batch loop gets a ``concurrent.futures.Executor``
(``Client.get_executor``), so results are stored by the parent exactly as with the local
process pool. Workers need callcoach installed (same version) and read the transcript
paths they are given, so the files must be on storage the workers share.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from callcoach.errors import DaskError

__all__ = ["DaskCluster", "DaskError", "dask_executor"]


@dataclass(frozen=True, slots=True)
class DaskCluster:
    """The executor of a connected cluster and where its dashboard is (when it has one)."""

    executor: Executor
    dashboard: str | None
    workers: int


@contextmanager
def dask_executor(
    scheduler: str | None = None, workers: int | None = None, *, processes: bool = True
) -> Iterator[DaskCluster]:
    """Connect to ``scheduler`` (or start a LocalCluster of ``workers``) for one batch."""
    try:
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:
        raise DaskError(
            "--executor dask needs dask.distributed: pip install 'callcoach[dask]'"
        ) from None
    cluster: Any = None
    client: Any
    try:
        if scheduler:
            client = distributed.Client(scheduler, timeout="30s")
        else:
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=":0",
            )
            client = distributed.Client(cluster)
    except (OSError, TimeoutError) as exc:
        where = scheduler or "a local cluster"
        raise DaskError(f"cannot connect to {where}: {exc}") from None
    try:
        count = len(client.scheduler_info().get("workers", {}))
        link = client.dashboard_link if _has_dashboard(client) else None
        yield DaskCluster(client.get_executor(), link, count)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _has_dashboard(client: object) -> bool:
    try:
        return bool(getattr(client, "dashboard_link", None))
    except Exception:  # no bokeh: the dashboard is not served
        return False
