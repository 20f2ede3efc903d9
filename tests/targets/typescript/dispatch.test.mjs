// Dispatcher and AsyncDispatcher on the compiled package, with Node's test runner (run by
// tests/targets/test_typescript.py). They route as the Python dispatchers do.
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(
  process.env.REALTIME_EVENTS_PACKAGE ?? join(here, "..", "..", "generated", "typescript"),
);
const rt = await import(pathToFileURL(join(packageDir, "dist", "index.js")).href);

const textDelta = (delta = "Hi") =>
  JSON.stringify({
    type: "response.output_text.delta",
    event_id: "event_7",
    response_id: "resp_1",
    item_id: "item_1",
    output_index: 0,
    content_index: 0,
    delta,
  });
const betaTextDelta = () =>
  JSON.stringify({ ...JSON.parse(textDelta()), type: "response.text.delta" });
const speechStarted = () =>
  JSON.stringify({
    type: "input_audio_buffer.speech_started",
    event_id: "event_8",
    audio_start_ms: 10,
    item_id: "item_2",
  });
const unknown = () => JSON.stringify({ type: "response.sparkle", event_id: "event_9" });

/** A dispatcher that records which of its handlers saw which event types, in order. */
function recording() {
  const seen = [];
  const record = (name) => (event) => seen.push(`${name}:${event.type}`);
  return { seen, record };
}

test("handlers run in order: catch-all first, then the event's own, else the fallbacks", () => {
  const { seen, record } = recording();
  const dispatcher = new rt.Dispatcher()
    .onAny(record("any"))
    .on("response.output_text.delta", record("text"))
    .onCategory("input_audio_buffer", record("buffer"))
    .onPrefix("response.output_", record("prefix"))
    .fallback(record("fallback"));
  for (const message of [textDelta(), speechStarted(), unknown(), betaTextDelta()]) {
    dispatcher.dispatch(message);
  }
  assert.deepEqual(seen, [
    "any:response.output_text.delta",
    "text:response.output_text.delta",
    "prefix:response.output_text.delta",
    "any:input_audio_buffer.speech_started",
    "buffer:input_audio_buffer.speech_started",
    "any:response.sparkle",
    "fallback:response.sparkle",
    "any:response.text.delta",
    "fallback:response.text.delta",
  ]);
});

test("dispatch returns the decoded event, and accepts decoded objects too", () => {
  const dispatcher = new rt.Dispatcher();
  const event = dispatcher.dispatch(textDelta("abc"));
  assert.equal(event.delta, "abc");
  assert.equal(dispatcher.dispatch(JSON.parse(textDelta("x"))).delta, "x");
  assert.throws(() => dispatcher.dispatch("{"), rt.ServerEventDecodeError);
});

test("includeRenamed subscribes to the event under both of its names", () => {
  const { seen, record } = recording();
  const dispatcher = new rt.Dispatcher().on("response.text.delta", record("text"), {
    includeRenamed: true,
  });
  dispatcher.dispatch(textDelta());
  dispatcher.dispatch(betaTextDelta());
  assert.deepEqual(seen, ["text:response.output_text.delta", "text:response.text.delta"]);
  assert.throws(
    () => dispatcher.on("response.done", () => {}, { includeRenamed: true }),
    /response\.done has no renamed counterpart in another API version/,
  );
});

test("names that match nothing fail when registered, with a suggestion", () => {
  const dispatcher = new rt.Dispatcher();
  assert.throws(
    () => dispatcher.on("response.output_text.delt", () => {}),
    { message: 'unknown event type "response.output_text.delt"; did you mean "response.output_text.delta"?' },
  );
  assert.throws(() => dispatcher.on("nothing.like.it.at.all", () => {}), {
    message: 'unknown event type "nothing.like.it.at.all"',
  });
  assert.throws(() => dispatcher.onCategory("sessions", () => {}), /^Error: unknown category "sessions"; known: /);
  assert.throws(() => dispatcher.onPrefix("respons.x", () => {}), /no event type starts with "respons.x"/);
  assert.throws(() => dispatcher.onPrefix("*", () => {}), /no event type starts with ""/);
  assert.throws(() => dispatcher.on("response.done", "not a function"), TypeError);
});

test("a prefix may end in * and covers every wire type it starts", () => {
  const { seen, record } = recording();
  const dispatcher = new rt.Dispatcher().onPrefix("response.*", record("response"));
  dispatcher.dispatch(textDelta());
  dispatcher.dispatch(speechStarted());
  assert.deepEqual(seen, ["response:response.output_text.delta"]);
});

test("a handler's error is thrown as HandlerError, with the event and the cause", () => {
  const boom = new Error("boom");
  const later = [];
  function failing() {
    throw boom;
  }
  const dispatcher = new rt.Dispatcher()
    .on("response.output_text.delta", failing)
    .on("response.output_text.delta", () => later.push("ran"));
  assert.throws(
    () => dispatcher.dispatch(textDelta()),
    (error) => {
      assert.ok(error instanceof rt.HandlerError);
      assert.equal(error.name, "HandlerError");
      assert.equal(error.cause, boom);
      assert.equal(error.event.type, "response.output_text.delta");
      assert.equal(error.handler, failing);
      assert.equal(
        error.message,
        "handler failing failed on response.output_text.delta event_7: Error: boom",
      );
      return true;
    },
  );
  assert.deepEqual(later, []);
});

test("with onError, a failure goes to the hook and later handlers still run", () => {
  const reported = [];
  const ran = [];
  const dispatcher = new rt.Dispatcher({ onError: (error) => reported.push(error) })
    .on("response.output_text.delta", () => {
      throw new TypeError("bad");
    })
    .on("response.output_text.delta", () => ran.push("second"));
  dispatcher.dispatch(textDelta());
  assert.equal(reported.length, 1);
  assert.ok(reported[0] instanceof rt.HandlerError && reported[0].cause instanceof TypeError);
  assert.deepEqual(ran, ["second"]);
});

test("registering after dispatching takes effect at once", () => {
  const { seen, record } = recording();
  const dispatcher = new rt.Dispatcher().fallback(record("fallback"));
  dispatcher.dispatch(textDelta());
  dispatcher.on("response.output_text.delta", record("text"));
  dispatcher.dispatch(textDelta());
  assert.deepEqual(seen, ["fallback:response.output_text.delta", "text:response.output_text.delta"]);
});

test("AsyncDispatcher awaits each handler before the next", async () => {
  const steps = [];
  const dispatcher = new rt.AsyncDispatcher()
    .onAny(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      steps.push(`any:${event.type}`);
    })
    .on("response.output_text.delta", (event) => steps.push(`sync:${event.delta}`))
    .on("response.output_text.delta", async () => {
      await Promise.resolve();
      steps.push("async");
    });
  const event = await dispatcher.dispatch(textDelta("Yo"));
  assert.equal(event.delta, "Yo");
  assert.deepEqual(steps, ["any:response.output_text.delta", "sync:Yo", "async"]);
  const failing = new rt.AsyncDispatcher().on("response.output_text.delta", async () => {
    throw new Error("later");
  });
  await assert.rejects(failing.dispatch(textDelta()), rt.HandlerError);
  await assert.rejects(failing.dispatch("[]"), rt.ServerEventDecodeError);
});
