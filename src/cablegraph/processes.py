"""Worker processes that never outlive the command that started them.

A worker of a process pool waits for work on a pipe; when its parent is killed with
SIGKILL (which it cannot catch to stop its pool), the worker is handed to init and waits
forever. ``end_with_parent`` (called in a pool's initializer, and in each web worker of
``serve``) watches for that and ends the worker within a second.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_SECONDS = 1.0
SUPERVISOR_ENV = "CABLEGRAPH_SUPERVISOR_PID"  # set by serve's supervisor for its workers


def end_with_parent(parent: int | None = None) -> None:
    """End this process as soon as its parent is gone (call it in the worker).

    ``parent``: the pid to watch, where the caller knows it (``serve``'s supervisor names
    itself in ``CABLEGRAPH_SUPERVISOR_PID``): a worker slow to start, whose supervisor was
    killed meanwhile, already has init as its parent and would otherwise watch init forever.
    """
    if parent is None:
        parent = os.getppid()
    if os.getppid() != parent:
        os._exit(1)  # gone before we started watching

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(CHECK_SECONDS)
        os._exit(1)  # nothing to flush: the parent that wanted our results is dead

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
