"""codegen.cache: the content-addressed cache of costly steps gives the same output as no cache,
and a cache that is off, missing, unwritable or full never changes a result or fails a run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codegen import cache
from codegen.pipeline import generate
from tests.helpers.support import MINI_SPEC


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENVIRONMENT, str(folder))
    return folder


def test_generation_is_the_same_without_with_an_empty_and_with_a_full_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled = generate(MINI_SPEC)  # an empty cache: every step runs, and is stored
    kinds = sorted(path.name for path in cache_dir.iterdir())
    assert kinds == ["asyncapi-yaml", "datamodel-codegen", "jinja", "ruff"]
    reused = generate(MINI_SPEC)  # every step found
    monkeypatch.setenv(cache.ENVIRONMENT, cache.OFF)
    assert cache.directory() is None
    uncached = generate(MINI_SPEC)
    assert filled == reused == uncached


def test_a_step_runs_once_per_key(cache_dir: Path) -> None:
    runs: list[str] = []

    def step() -> str:
        runs.append("ran")
        return "résultat\n"

    entry = cache.key("input", "tool 1.0")
    assert cache.cached("step", entry, step) == "résultat\n"
    assert cache.cached("step", entry, step) == "résultat\n"
    assert runs == ["ran"]
    assert cache.cached("step", cache.key("input", "tool 1.1"), step) == "résultat\n"
    assert runs == ["ran", "ran"]


def test_keys_tell_apart_parts_that_concatenate_alike() -> None:
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a", b"b") == cache.key("a", "b")
    assert cache.key() != cache.key("")


def test_a_batch_step_runs_only_on_what_is_missing(cache_dir: Path) -> None:
    seen: list[list[str]] = []

    def upper(items: object) -> dict[str, str]:
        names = sorted(items)  # type: ignore[call-overload]
        seen.append(names)
        return {name: name.upper() for name in names}

    first = cache.cached_each("batch", {"a": cache.key("a"), "b": cache.key("b")}, upper)
    second = cache.cached_each("batch", {"b": cache.key("b"), "c": cache.key("c")}, upper)
    assert first == {"a": "A", "b": "B"}
    assert second == {"b": "B", "c": "C"} and list(second) == ["b", "c"]  # the caller's order
    assert seen == [["a", "b"], ["c"]]


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENVIRONMENT, str(blocked / "cache"))
    assert cache.cached("step", cache.key("x"), lambda: "value") == "value"
    assert cache.lookup("step", cache.key("x")) is None


def test_a_kind_keeps_the_most_recently_used_entries(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 10)
    monkeypatch.setattr(cache, "_pruned", set())
    keys = [cache.key(str(n)) for n in range(11)]
    for age, entry in enumerate(keys[:10]):
        cache.store("kind", entry, str(age))
        path = cache_dir / "kind" / entry[:2] / entry
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # entry 0 is the oldest
    monkeypatch.setattr(cache, "_pruned", set())
    cache.store("kind", keys[10], "10")  # the eleventh: the oldest three go (to 8 of 10)
    left = sorted(p.name for p in (cache_dir / "kind").glob("??/*"))
    assert left == sorted(keys[3:])


def test_the_default_place_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "realtime-events-codegen"
    monkeypatch.setenv(cache.ENVIRONMENT, "OFF")
    assert cache.directory() is None
