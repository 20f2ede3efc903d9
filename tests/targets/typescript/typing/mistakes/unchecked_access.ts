// What the types refuse: reading an event's fields before ruling out an unknown event, writing
// to a decoded event, and subscribing to both names of an event that was never renamed.
import { Dispatcher, parseServerEvent } from "realtime-events";

// @expect TS2339 Property 'response' does not exist on type 'UnknownServerEvent | ServerEvent'.
export const response = parseServerEvent("{}").response;

const event = parseServerEvent("{}", { strict: true });
if (event.type === "response.output_text.delta") {
  // @expect TS2540 Cannot assign to 'delta' because it is a read-only property.
  event.delta = "changed";
}

// @expect TS2345 Argument of type '"response.done"' is not assignable to parameter of type
new Dispatcher().on("response.done", (done) => done.type, { includeRenamed: true });
