"""A whole session with an OpenAI realtime voice server, on `realtime_events` and `websockets`.

    python -m examples.session [--api ga|beta|translation|live] [--input question.wav]
                               [--output FILE.wav] [--language de]

`--api ga` (the default) and `--api beta` speak one turn of the Realtime API: the client waits
for `session.created`, sends `session.update` (24 kHz PCM both ways, turn detection off: this
client says when the user's turn ends), streams the input WAV as `input_audio_buffer.append`
events, commits the buffer, sends `response.create`, and handles what comes back with an
`AsyncDispatcher`: the transcript is printed as it streams, the audio is written to the output
WAV, and the token usage is shown at `response.done`. `--api beta` sends the
`OpenAI-Beta: realtime=v1` header and the beta shapes.

`--api translation` speaks the Realtime Translation protocol (`realtime_events.translation`):
`session.update` sets the language to translate into (`--language`, German by default) and
asks for a transcript of the source, the input WAV streams as `session.input_audio_buffer.append`
events, and `session.close` ends the session. Both transcripts are printed as they stream, on
lines labelled `heard:` (the source) and with the target language (`de:`); the translated speech
is written to the output WAV once `session.closed` arrives.

`--api live` speaks the Live API (`realtime_events.live`, its primary connection, routed by an
`AsyncPrimaryDispatcher`): `session.start` names the model (`gpt-live-1`; no model in the URL),
24 kHz PCM both ways, the voice and a client delegation, and `session.started` answers. The
input WAV streams as `session.input_audio.append` events, followed by 0.8 s of silence as from
an open microphone; the model hears the user (`session.input_transcript.delta`), answers
when they stop (`session.output_audio.delta`, `session.output_transcript.delta`) and hands the
booking they asked for to the client (`session.delegation.created`). The client does the work
(a little workshop diary) and gives the model the result to pass on
(`session.commentary.append`, answered by `session.commentary.appended`), mutes and unmutes
the microphone (`session.input_audio.mute` and `unmute`, answered by `muted` and `unmuted`)
and ends with `session.close`; `session.closed` brings the reason and the usage. Both
transcripts are printed as they stream, on lines labelled `user:` and `assistant:`, then whole
under a `[closed]` line; the model's speech is written to the output WAV.

Whatever the protocol, every event type, field or enum value the bindings do not know is
logged once.

With OPENAI_API_KEY set it talks to the API with the key as a Bearer token:
`wss://api.openai.com/v1/realtime` for the Realtime API and
`wss://api.openai.com/v1/realtime/translations` for translation, with the model as the `model`
query parameter (`gpt-realtime` and `gpt-realtime-translate` by default; `--model` picks
another), and `wss://api.openai.com/v1/live/sessions` for the Live API, whose model goes in
`session.start` (`gpt-live-1` by default). Without a key, or with `--local`, it starts the
scripted server of `examples.scripted_server` on 127.0.0.1, which serves all three paths, and
talks to that. `--url` points it at any other endpoint.

The output WAV goes where `--output` says; without it, to a new file in the system's temporary
folder (never the working tree, so running the example leaves a checkout clean), and the path is
printed either way.

How it is built: `examples.connection` holds what every protocol's client shares (opening the
connection, the receive loop, requests that wait for their answer); `examples.realtime_client`,
`examples.translation_client` and `examples.live_client` hold one protocol's conversation each;
this module only picks the endpoint and the conversation for `--api` (`ENDPOINTS`). Another
protocol is another client module and another entry there. The tests drive the clients against
the scripted server.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from . import wav
from .connection import ClientConnection, EventClient, SessionError, open_websocket
from .live_client import DEFAULT_INSTRUCTIONS as DEFAULT_LIVE_INSTRUCTIONS
from .live_client import DEFAULT_MODEL as DEFAULT_LIVE_MODEL
from .live_client import LiveClient, talk_once
from .realtime_client import Api as RealtimeApi
from .realtime_client import RealtimeClient, speak_one_turn
from .scripted_server import Script, ScriptedServer
from .translation_client import DEFAULT_LANGUAGE, TranslationClient, translate_once

Api = Literal["ga", "beta", "translation", "live"]
API_URL = "wss://api.openai.com/v1/realtime"
TRANSLATION_URL = "wss://api.openai.com/v1/realtime/translations"
LIVE_URL = "wss://api.openai.com/v1/live/sessions"
DEFAULT_MODEL = "gpt-realtime"
DEFAULT_TRANSLATION_MODEL = "gpt-realtime-translate"
DEFAULT_INSTRUCTIONS = "You are a friendly voice assistant. Answer in one or two short sentences."

log = logging.getLogger("examples.session")

__all__ = [
    "ENDPOINTS",
    "Endpoint",
    "LiveClient",
    "Options",
    "Outcome",
    "RealtimeClient",
    "SessionError",
    "TranslationClient",
    "converse",
    "main",
    "run",
]


@dataclass(frozen=True)
class Options:
    api: Api
    url: str | None
    model: str | None  # None: the protocol's default model
    local: bool
    input: Path
    output: Path | None  # None: a new file in the temporary folder
    voice: str
    instructions: str | None  # None: the protocol's default
    timeout: float
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Outcome:
    """What a conversation brought back."""

    audio: bytes  # 24 kHz 16-bit mono PCM, for the output WAV
    what: str  # what the audio is, in the summary line
    client: EventClient


Talk = Callable[[ClientConnection, bytes, Options, "TextIO | None"], Awaitable[Outcome]]


@dataclass(frozen=True)
class Endpoint:
    """One protocol as this example speaks it: where, and what it says once connected."""

    url: str  # the API's; the scripted server serves the same path
    model: str  # the default model
    talk: Talk
    file_prefix: str  # of the output WAV in the temporary folder
    headers: Mapping[str, str] = field(default_factory=dict)
    model_in_url: bool = True  # the `model` query parameter; else the conversation names it

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path


async def _realtime_turn(
    websocket: ClientConnection, pcm: bytes, options: Options, out: TextIO | None
) -> Outcome:
    api: RealtimeApi = "beta" if options.api == "beta" else "ga"
    client = RealtimeClient(websocket, api=api, out=out, timeout=options.timeout)
    async with client.running():
        instructions = (
            DEFAULT_INSTRUCTIONS if options.instructions is None else options.instructions
        )
        reply = await speak_one_turn(client, pcm, instructions=instructions, voice=options.voice)
    return Outcome(reply.audio, "assistant audio", client)


async def _translation(
    websocket: ClientConnection, pcm: bytes, options: Options, out: TextIO | None
) -> Outcome:
    client = TranslationClient(websocket, out=out, timeout=options.timeout)
    async with client.running():
        result = await translate_once(client, pcm, language=options.language)
    return Outcome(result.audio, "translated speech", client)


async def _live(
    websocket: ClientConnection, pcm: bytes, options: Options, out: TextIO | None
) -> Outcome:
    client = LiveClient(websocket, out=out, timeout=options.timeout)
    async with client.running():
        conversation = await talk_once(
            client,
            pcm,
            model=options.model or DEFAULT_LIVE_MODEL,
            voice=options.voice,
            instructions=(
                DEFAULT_LIVE_INSTRUCTIONS if options.instructions is None else options.instructions
            ),
        )
    return Outcome(conversation.audio, "the model's speech", client)


ENDPOINTS: Mapping[str, Endpoint] = {
    "ga": Endpoint(API_URL, DEFAULT_MODEL, _realtime_turn, "realtime-events-reply-"),
    "beta": Endpoint(
        API_URL,
        DEFAULT_MODEL,
        _realtime_turn,
        "realtime-events-reply-",
        headers={"OpenAI-Beta": "realtime=v1"},  # selects the beta protocol
    ),
    "translation": Endpoint(
        TRANSLATION_URL, DEFAULT_TRANSLATION_MODEL, _translation, "realtime-events-translation-"
    ),
    "live": Endpoint(
        LIVE_URL,
        DEFAULT_LIVE_MODEL,
        _live,
        "realtime-events-live-",
        model_in_url=False,  # session.start names the model
    ),
}


async def run(options: Options, *, out: TextIO | None = None) -> Outcome:
    """The whole example: pick the server, connect, hold the session, write the audio."""
    pcm = wav.read_pcm16(options.input)
    endpoint = ENDPOINTS[options.api]
    query = ""
    if endpoint.model_in_url:
        query = "?" + urllib.parse.urlencode({"model": options.model or endpoint.model})
    key = os.environ.get("OPENAI_API_KEY")
    if options.local or (options.url is None and not key):
        if not options.local:
            log.info("OPENAI_API_KEY is not set: talking to the local scripted server")
        # the scripted server speaks one Realtime API version (the other protocols have none)
        version: RealtimeApi = "beta" if options.api == "beta" else "ga"
        try:
            async with ScriptedServer(Script(api=version)) as server:
                url = server.url_for(endpoint.path) + query
                return await converse(url, {}, pcm, options, out)
        except OSError as exc:
            raise SessionError(f"could not start the local scripted server: {exc}") from None
    url = options.url or endpoint.url + query
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if not key and urllib.parse.urlsplit(url).hostname == urllib.parse.urlsplit(API_URL).hostname:
        raise SessionError(
            "OPENAI_API_KEY is not set: the API needs it. Set it, or leave out --url (or pass"
            " --local) to talk to the local scripted server instead."
        )
    return await converse(url, headers, pcm, options, out)


async def converse(
    url: str, headers: dict[str, str], pcm: bytes, options: Options, out: TextIO | None
) -> Outcome:
    """Connect to `url` and hold the session `options.api` names; write the audio it brought
    back (only once the session has ended well) and print where."""
    endpoint = ENDPOINTS[options.api]
    log.info("connecting to %s (%s protocol)", url, options.api)
    websocket = await open_websocket(url, {**headers, **endpoint.headers}, options.timeout)
    async with websocket:
        outcome = await endpoint.talk(websocket, pcm, options, out)
    path = options.output or _temporary_wav(endpoint.file_prefix)
    wav.write_pcm16(path, outcome.audio)
    client = outcome.client
    log.info(
        "received %d server events (%d of types the bindings do not know), sent %d",
        client.received,
        client.unknown,
        client.sent,
    )
    printed = out if out is not None else sys.stdout
    seconds = wav.duration_seconds(outcome.audio)
    printed.write(f"wrote {seconds:.2f} s of {outcome.what} to {path}\n")
    printed.flush()
    return outcome


def _temporary_wav(prefix: str) -> Path:
    """A new, empty WAV path of this user's in the temporary folder: a fixed name there could
    be another user's file, or a link to one."""
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".wav")
    os.close(handle)
    return Path(name)


def _arguments(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m examples.session",
        description="Hold one session with a realtime voice server: the API with"
        " OPENAI_API_KEY set, else a local scripted server.",
    )
    parser.add_argument(
        "--api",
        choices=tuple(ENDPOINTS),
        default="ga",
        help="the Realtime API in GA or beta (the OpenAI-Beta: realtime=v1 header) shape, the"
        " Realtime Translation protocol, or the Live API; default ga",
    )
    parser.add_argument(
        "--url",
        help=f"WebSocket URL (default: {API_URL}?model=MODEL,"
        f" {TRANSLATION_URL}?model=MODEL for translation, {LIVE_URL} for live)",
    )
    parser.add_argument(
        "--model",
        help=f"model (default: {DEFAULT_MODEL}, {DEFAULT_TRANSLATION_MODEL} for translation,"
        f" {DEFAULT_LIVE_MODEL} for live, which names it in session.start)",
    )
    parser.add_argument(
        "--local", action="store_true", help="use the local scripted server even with a key"
    )
    parser.add_argument(
        "--input",
        type=Path,
        default=wav.QUESTION_WAV,
        help="24 kHz 16-bit mono WAV to send (default: examples/question.wav)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the audio that comes back (default: a new file in the system's"
        " temporary folder; the path is printed)",
    )
    parser.add_argument(
        "--voice",
        default="marin",
        help="the assistant's voice, Realtime and Live APIs (default: %(default)s)",
    )
    parser.add_argument(
        "--instructions",
        help="Realtime and Live APIs (default: a voice assistant's, or for live a bicycle"
        " workshop's booking line)",
    )
    parser.add_argument(
        "--language",
        default=DEFAULT_LANGUAGE,
        help="language to translate into, as an ISO-639-1 code, translation (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for each answer"
    )
    arguments = parser.parse_args(argv)
    return Options(**vars(arguments))


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("websockets").setLevel(logging.WARNING)  # its connection chatter
    try:
        asyncio.run(run(options))
    except wav.WavFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SessionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
