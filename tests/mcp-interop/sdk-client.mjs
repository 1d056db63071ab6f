// A real third-party MCP client for Mandate's interop tests: the official MCP TypeScript SDK
// (@modelcontextprotocol/sdk, pinned in tests/package.json) over Streamable HTTP.
//
// Usage: node sdk-client.mjs <server-url> '<calls>'
//   <calls>: a JSON array of {"name": "<tool>", "arguments": {...}} made in order after tools/list.
//   MANDATE_API_KEY (environment, not argv, so it stays out of process listings) becomes
//   "Authorization: Bearer <key>"; unset means no header at all.
//
// Prints one JSON document on stdout and exits 0 when the session ran (tool errors are reported,
// not thrown: asserting on them is the caller's job):
//   {"connected": true, "server": {...}, "capabilities": {...}, "sessionId": "...", "hasInstructions": true,
//    "tools": [{"name", "annotations"}], "calls": [{"name", "isError", "text", "protocolError"}]}
// A failed connection prints {"connected": false, "error": "...", "httpStatus": 401|null} and exits 0
// too, so the test can assert how the server refused; anything unexpected exits 1 with the stack.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, callsJson = "[]"] = process.argv.slice(2);
if (!url) {
  console.error("usage: node sdk-client.mjs <server-url> '[{\"name\": \"tool\", \"arguments\": {}}]'");
  process.exit(2);
}

let calls;
try {
  calls = JSON.parse(callsJson);
  if (!Array.isArray(calls)) throw new Error("not an array");
} catch (e) {
  console.error(`the calls argument must be a JSON array of {name, arguments}: ${e.message}`);
  process.exit(2);
}

const key = process.env.MANDATE_API_KEY;
const headers = key ? { Authorization: `Bearer ${key}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const client = new Client({ name: "mandate-interop-sdk-client", version: "1.0.0" });

// The SDK reports HTTP refusals as StreamableHTTPError (code = status); older paths put the status in the message.
function httpStatusOf(error) {
  if (error instanceof StreamableHTTPError && typeof error.code === "number") return error.code;
  const match = /\b(4\d\d|5\d\d)\b/.exec(String(error?.message ?? ""));
  return match ? Number(match[1]) : null;
}

try {
  await client.connect(transport);
} catch (error) {
  console.log(JSON.stringify({ connected: false, error: String(error?.message ?? error), httpStatus: httpStatusOf(error) }));
  process.exit(0);
}

const result = {
  connected: true,
  server: client.getServerVersion(),
  capabilities: client.getServerCapabilities() ?? {},
  sessionId: transport.sessionId ?? null,
  hasInstructions: Boolean(client.getInstructions()),
  tools: [],
  calls: [],
};

// Every page of tools/list, following nextCursor, so a catalog split over pages is seen whole.
let cursor;
do {
  const page = await client.listTools(cursor ? { cursor } : {});
  for (const tool of page.tools) result.tools.push({ name: tool.name, annotations: tool.annotations ?? null });
  cursor = page.nextCursor;
} while (cursor);

// A JSON-RPC error (e.g. an unknown tool) is recorded as protocolError rather than ending the run.
for (const call of calls) {
  try {
    const answer = await client.callTool({ name: call.name, arguments: call.arguments ?? {} });
    const text = (answer.content ?? []).filter((part) => part.type === "text").map((part) => part.text).join("\n");
    result.calls.push({ name: call.name, isError: answer.isError === true, text, protocolError: null });
  } catch (error) {
    result.calls.push({ name: call.name, isError: true, text: "", protocolError: { code: error?.code ?? null, message: String(error?.message ?? error) } });
  }
}

// DELETE ends the session on the server (the spec's way out), then the transport closes.
await transport.terminateSession().catch(() => {});
await client.close();
console.log(JSON.stringify(result));
