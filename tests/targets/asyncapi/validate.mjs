// Validates AsyncAPI documents with the official parser and lists what each one holds:
// `node validate.mjs <document>...` prints one JSON object per document, in order, as a JSON
// array: its diagnostics (severity 0 is an error) and the name of every message of every
// operation. tests/targets/test_asyncapi.py checks them.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Parser } from "@asyncapi/parser";

const parser = new Parser();
const reports = [];
for (const path of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(readFileSync(path, "utf8"), {
    source: resolve(path),
  });
  reports.push({
    path,
    version: document?.version() ?? null,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: String(d.code),
      message: d.message,
      path: d.path.join("."),
    })),
    operations: document
      ? document.operations().all().map((operation) => ({
          id: operation.id(),
          action: operation.action(),
          messages: operation.messages().all().map((message) => message.name()),
        }))
      : [],
    payloadFormats: document
      ? [...new Set(document.allMessages().all().map((message) => message.schemaFormat()))]
      : [],
  });
}
console.log(JSON.stringify(reports));
