// An event literal without a required field, and a closed discriminator with a wrong value.
import type { FunctionCallItem, ResponseOutputTextDeltaEvent } from "realtime-events";

// @expect TS2741 Property 'delta' is missing in type
export const delta: ResponseOutputTextDeltaEvent = {
  type: "response.output_text.delta",
  response_id: "resp_1",
  item_id: "item_1",
  output_index: 0,
  content_index: 0,
};

export const call: FunctionCallItem = {
  // @expect TS2322 Type '"message"' is not assignable to type '"function_call"'.
  type: "message",
  name: "lookup",
  arguments: "{}",
  call_id: "call_1",
};
