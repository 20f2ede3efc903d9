// Comparing a parsed event's wire type with one that no event has: a typo, caught.
import { parseServerEvent } from "realtime-events";
import { parseServerEvent as parseTranslationEvent } from "realtime-events/translation";

const event = parseServerEvent("{}");
// @expect TS2367 This comparison appears to be unintentional because the types
export const misspelt = event.type === "response.don";

const translated = parseTranslationEvent("{}");
// @expect TS2367 This comparison appears to be unintentional because the types
export const otherProtocols = translated.type === "response.done";
