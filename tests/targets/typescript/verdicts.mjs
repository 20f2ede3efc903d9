// Decodes every payload of a corpus with a built TypeScript package and writes one verdict per
// case: `node verdicts.mjs <package dir> <cases.json> <verdicts.json> [<side> [<protocol>]]`,
// where the side (`Server`, the default, or `Client`) picks the parser: parseServerEvent,
// parseClientEvent, of the package's root or of a protocol's entry point (`translation`).
//
// cases.json is a JSON array of JSON texts (one payload each, as a server would send it). Each
// verdict says whether parseServerEvent accepted the text and, if it did, what JSON.stringify
// gives back for the result and what unknownFields() finds in it; if it did not, the error's class, message, eventType and path. The
// Python side compares them with parse_event's verdicts (tests/targets/test_typescript.py).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, casesPath, outPath, side = "Server", protocol = "", connection = ""] =
  process.argv.slice(2);
const options = connection ? { connection } : undefined;
const rt = await import(pathToFileURL(join(packageDir, "dist", protocol, "index.js")).href);
const cases = JSON.parse(readFileSync(casesPath, "utf8"));

const verdicts = cases.map((text) => {
  try {
    const event = rt[`parse${side}Event`](text, options);
    return {
      accepted: true,
      unknown: rt[`isUnknown${side}Event`](event),
      json: JSON.stringify(event),
      unknownFields: rt.unknownFields(event),
    };
  } catch (error) {
    return {
      accepted: false,
      error: error?.constructor?.name ?? typeof error,
      message: String(error?.message),
      eventType: error?.eventType ?? null,
      path: error?.path ?? null,
    };
  }
});
writeFileSync(outPath, JSON.stringify(verdicts));
