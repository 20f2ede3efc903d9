"""Runnable examples of `realtime_events` on a real WebSocket (they need `websockets`:
`pip install -r examples/requirements.txt`).

- `python -m examples.session`: one session with the API, or with the local scripted server
  when OPENAI_API_KEY is not set: a spoken turn of the Realtime API, a Realtime Translation
  session, or a Live API session (`--api ga|beta|translation|live`).
- `python -m examples.scripted_server`: that server alone, on 127.0.0.1.

From a clone, the examples use the package in `generated/` (put first on the import path here);
elsewhere, an installed `realtime_events`.
"""

import sys
from pathlib import Path

_GENERATED = Path(__file__).resolve().parent.parent / "generated"
if (_GENERATED / "realtime_events").is_dir() and str(_GENERATED) not in sys.path:
    sys.path.insert(0, str(_GENERATED))
