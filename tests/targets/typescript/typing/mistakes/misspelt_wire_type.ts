// A wire type with a typo, and a prefix no wire type has.
import { Dispatcher } from "realtime-events";

new Dispatcher()
  // @expect TS2345 Argument of type '"response.output_text.delt"' is not assignable to parameter of type
  .on("response.output_text.delt", (event) => event.type)
  // @expect TS2345 Argument of type '"respons."' is not assignable to parameter of type 'never'.
  .onPrefix("respons.", () => undefined)
  // @expect TS2345 Argument of type '"sessions"' is not assignable to parameter of type
  .onCategory("sessions", (event) => event.type);
