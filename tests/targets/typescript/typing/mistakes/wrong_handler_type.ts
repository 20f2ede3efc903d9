// A handler typed for one event, registered for another.
import { Dispatcher, type ResponseDoneEvent } from "realtime-events";

new Dispatcher().on(
  "response.output_text.delta",
  // @expect TS2345 Argument of type '(event: ResponseDoneEvent) => Response' is not assignable to parameter of type '(event: ResponseOutputTextDeltaEvent) => unknown'.
  (event: ResponseDoneEvent) => event.response,
);
