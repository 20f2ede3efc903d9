"""A receive loop over a real WebSocket on 127.0.0.1, with and without the bindings in it.

A replay server in its own process (`python -m tests.benchmarks.socket_loop LINES_FILE`) sends
the workload's lines to each client as fast as it reads them, the stream repeated as many times
as the path asks (`/?repeat=N`), then closes normally. The client loop is timed twice over the
same messages: once only receiving them, once also parsing and dispatching each one, so the
ratio is what the bindings add to the cost of a real loop. Compression is off on both sides, so
the loop's own cost is the WebSocket framing and the event loop, not zlib.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

HOST = "127.0.0.1"


class LoopError(Exception):
    """A timed loop did not receive every message the server sent: its time means nothing."""


@contextmanager
def replay_server(lines: list[str]) -> Iterator[str]:
    """Start the replay server in a child process; yield its URL; stop it."""
    with tempfile.TemporaryDirectory(prefix="bench-socket-") as scratch:
        path = Path(scratch) / "lines.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.socket_loop", str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            assert child.stdout is not None
            port = child.stdout.readline().strip()
            if not port.isdigit():
                raise LoopError(f"the replay server did not start (it said {port!r})")
            yield f"ws://{HOST}:{port}/"
        finally:
            child.terminate()
            child.wait(timeout=10)


class Loops:
    """The two timed loops, on one event loop kept across passes."""

    def __init__(self, rt: ModuleType, url: str, lines: int) -> None:
        self.url = url
        self.lines = lines
        self.loop = asyncio.new_event_loop()
        dispatcher = rt.AsyncDispatcher()
        for cls in set(
            rt.EVENT_TYPES.values()
        ):  # every event has a handler, as in parse_then_dispatch
            dispatcher.on(cls)(_ignore)
        self.dispatch = dispatcher.dispatch

    def close(self) -> None:
        self.loop.close()

    def receive_only(self, repeat: int) -> Callable[[], None]:
        async def loop() -> int:
            count = 0
            async with connect(self._url(repeat), compression=None, max_size=None) as websocket:
                async for _message in websocket:
                    count += 1
            return count

        return self._pass(loop, repeat)

    def parse_and_dispatch(self, repeat: int) -> Callable[[], None]:
        dispatch = self.dispatch

        async def loop() -> int:
            count = 0
            async with connect(self._url(repeat), compression=None, max_size=None) as websocket:
                async for message in websocket:
                    await dispatch(message)
                    count += 1
            return count

        return self._pass(loop, repeat)

    def _url(self, repeat: int) -> str:
        return f"{self.url}?{urllib.parse.urlencode({'repeat': repeat})}"

    def _pass(self, loop: Callable[[], Any], repeat: int) -> Callable[[], None]:
        expected = self.lines * repeat

        def run() -> None:
            received = self.loop.run_until_complete(loop())
            if received != expected:
                raise LoopError(f"the loop received {received:,} of {expected:,} messages")

        return run


def _ignore(event: object) -> None:
    pass


async def _serve(lines: list[str]) -> None:
    async def replay(websocket: ServerConnection) -> None:
        query = urllib.parse.urlsplit(websocket.request.path if websocket.request else "").query
        repeat = int(urllib.parse.parse_qs(query).get("repeat", ["1"])[0])
        for _ in range(repeat):
            for line in lines:
                await websocket.send(line)
        await websocket.close()

    async with serve(replay, HOST, 0, compression=None, max_size=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()  # until terminated


if __name__ == "__main__":
    replayed = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    asyncio.run(_serve(replayed))
