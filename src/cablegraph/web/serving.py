"""How ``cablegraph serve`` shuts down: every request that reached the server is answered.

On SIGTERM or SIGINT uvicorn stops listening, lets the requests in progress finish, then
runs the app's shutdown (``create_app``'s lifespan closes the connections). Two gaps are
left by uvicorn, and each reset a request the client had sent:

- a keep-alive connection idle at that moment is closed at once, so a request just sent
  on it (already in the server's socket, not yet read) is reset. ``GracefulH11Protocol``
  closes such a connection only after ``DRAIN_SECONDS`` without a request; a request that
  arrives meanwhile is answered with ``Connection: close``;
- connections the kernel has completed but the server has not accepted yet are reset when
  the listening socket closes. ``GracefulServer`` accepts them first and answers them.

What is left is the instant between the last accept and the close (microseconds), and a
client that sends on a keep-alive connection after the server has closed it (HTTP/1.1's
own race: such a client retries).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess
from uvicorn.supervisors.multiprocess import Process

from cablegraph.processes import SUPERVISOR_ENV

__all__ = [
    "DRAIN_SECONDS", "HTTP_PROTOCOL", "KEEPALIVE_REQUESTS", "GracefulH11Protocol", "GracefulServer",
    "Supervisor", "serve",
]

DRAIN_SECONDS = 1.0  # how long an idle keep-alive connection may still send its request
# uvicorn pings each worker and replaces one that does not answer in 5 s; a worker busy on
# two loaded cores is slow, not hung, and a replacement started in the same second as a
# SIGTERM outlived the supervisor's shutdown (a test waited 60 s on it).
HEALTHCHECK_SECONDS = 30
STOP_SECONDS = 60  # after SIGTERM, how long the supervisor waits for a worker before killing it
HTTP_PROTOCOL = "cablegraph.web.serving:GracefulH11Protocol"  # uvicorn's ``http=`` (workers too)
CLOSE = (b"connection", b"close")
KEEPALIVE_REQUESTS = 25  # requests on one connection before the answer closes it


class GracefulH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with idle keep-alive connections drained at shutdown, and
    a keep-alive connection closed after ``KEEPALIVE_REQUESTS`` requests (nginx's
    ``keepalive_requests``): the workers share one listening socket and a connection stays
    with the worker that accepted it, so without this a burst of connections opened at once
    (20 clients) could leave one worker with most of them for good (measured: 7.9 against
    3.3 CPU seconds in a 2,000-request run); a closed connection is opened again, mostly
    by the less busy worker, which is the one waiting in ``accept``."""

    draining = False
    served = 0  # requests begun on this connection
    _counted: object = None  # the request cycle counted last

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Send each write at once (TCP_NODELAY). asyncio sets it only on sockets whose
        ``proto`` is IPPROTO_TCP, and the listening socket the workers share
        (``config.bind_socket()``) has proto 0: every answer after a connection's first
        waited ~40 ms for the client's delayed ACK (its body is a second write)."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)

    def shutdown(self) -> None:
        """Called by the server on SIGTERM/SIGINT for each open connection."""
        self.draining = True
        if self._busy():
            self._close_after_this()
            return
        self.loop.call_later(DRAIN_SECONDS, self._close_if_idle, True)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._counted:
            self._counted = self.cycle
            self.served += 1
            if self.served >= KEEPALIVE_REQUESTS:
                self._close_after_this()  # the client connects again, maybe to another worker
        if self.draining and self._busy():
            self._close_after_this()  # a request that came while draining: answer, then close

    def _busy(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _close_after_this(self) -> None:
        if self.cycle is not None:
            self.cycle.keep_alive = False
            if CLOSE not in self.cycle.default_headers:
                self.cycle.default_headers = [*self.cycle.default_headers, CLOSE]

    def _close_if_idle(self, again: bool) -> None:
        if self.transport.is_closing() or self._busy():
            return  # closed already, or answering a request (it closes after the answer)
        if again and self.conn.trailing_data[0]:
            # part of a request has arrived: one more period for the rest of it
            self.loop.call_later(DRAIN_SECONDS, self._close_if_idle, False)
            return
        super().shutdown()


class Supervisor(Multiprocess):
    """uvicorn's supervisor of ``serve --workers N``, which never replaces a worker once a
    signal has come and never waits for a stopping worker forever."""

    def keep_subprocess_alive(self) -> None:
        for index, process in enumerate(self.processes):
            if self._stopping():
                return
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if self._stopping():
                return  # the signal came during the health check: no replacement
            replacement = Process(self.config, self.target, self.sockets)
            replacement.start()
            self.processes[index] = replacement

    def _stopping(self) -> bool:
        return self.should_exit.is_set() or bool(self.signal_queue)

    def terminate_all(self) -> None:
        super().terminate_all()
        for listener in self.sockets:
            # The workers stop listening on their own copies; ours, left open, kept the port
            # taking connections nobody would accept, each reset when we exit.
            listener.close()

    def join_all(self) -> None:
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes:
            process.process.join(max(0.0, deadline - time.monotonic()))
            if process.process.exitcode is None:
                process.kill()  # requests still in flight after a minute: not worth a hung stop
                process.process.join()


class GracefulServer(uvicorn.Server):
    """uvicorn's server, accepting the connections already waiting before it stops listening."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await self.accept_waiting()
        await super().shutdown(sockets=sockets)

    async def accept_waiting(self) -> int:
        """Accept every connection waiting in the listening sockets' queues and hand each
        to the HTTP protocol; how many were accepted."""
        loop = asyncio.get_running_loop()
        waiting: list[socket.socket] = []
        for server in self.servers:
            for listener in server.sockets:
                with socket.socket(fileno=os.dup(listener.fileno())) as own:
                    own.setblocking(False)
                    while True:  # without yielding: clients answered meanwhile cannot queue again
                        try:
                            conn, _addr = own.accept()
                        except OSError:  # BlockingIOError: the queue is empty
                            break
                        conn.setblocking(False)
                        waiting.append(conn)
        for conn in waiting:
            await loop.connect_accepted_socket(self._protocol, sock=conn)
        return len(waiting)

    def _protocol(self) -> asyncio.Protocol:
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )


def serve(app: Any, *, host: str, port: int, workers: int = 1) -> None:
    """Run ``app`` (an app, or with ``workers`` > 1 the import string of a factory) as
    ``uvicorn.run`` would, with the graceful server and protocol above."""
    config = uvicorn.Config(
        app, host=host, port=port, workers=workers, factory=workers > 1,
        log_level="warning", http=HTTP_PROTOCOL, timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )  # fmt: skip
    server = GracefulServer(config)
    with contextlib.suppress(KeyboardInterrupt):
        if workers > 1:
            os.environ[SUPERVISOR_ENV] = str(os.getpid())  # the parent each worker watches
            Supervisor(config, target=server.run, sockets=[config.bind_socket()]).run()
        else:
            server.run()
    if workers == 1 and not server.started:
        raise SystemExit(3)  # as uvicorn.run: the app did not start
