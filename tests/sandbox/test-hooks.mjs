// What the tests reach under the sandbox's normal behaviour: the request log line, injected
// faults, and the record of every cookie value set (see README.md).
import fs from "node:fs";

// Request log: "METHOD path status ms". Query values are dropped (only the
// parameter names are kept) so nothing secret ends up in the log.
export function logPath(rawUrl) {
  const q = rawUrl.indexOf("?");
  if (q < 0) return rawUrl;
  const keys = [...new URLSearchParams(rawUrl.slice(q + 1)).keys()];
  return rawUrl.slice(0, q) + (keys.length ? "?" + [...new Set(keys)].join("&") : "");
}

// Injected faults, when SANDBOX_FAULTS=1. `PUT /__sandbox/faults` with a JSON list of rules
// replaces them; `[]` clears them. A rule applies to requests whose path ends with `path`
// (and whose method is `method`, if given), `times` times (default: until cleared):
//   { kind: "status", status: 500, headers: {...}, body: "...", ms: 0 }  answer this instead (after ms)
//   { kind: "delay", ms: 40000 }                                  answer late
//   { kind: "drop" }                                              read the request, then cut the connection
let faults = [];

export function faultRoute(req, res) {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    try {
      const rules = JSON.parse(body);
      if (!Array.isArray(rules)) throw new Error("expected a JSON list of rules");
      faults = rules.map((rule) => ({ times: Infinity, ...rule }));
      res.writeHead(204).end();
    } catch (e) {
      res.writeHead(400, { "content-type": "text/plain" }).end(e.message);
    }
  });
}

export function takeFault(req) {
  const pathname = (req.url || "").split("?")[0];
  const rule = faults.find((f) => f.times > 0 && pathname.endsWith(f.path)
    && (!f.method || f.method === req.method));
  if (rule) rule.times -= 1;
  return rule;
}

// Notes each cookie value a response sets (SANDBOX_TOKEN_LOG), however the handler sets it.
export function recordCookies(res, tokenLog) {
  const note = (value) => {
    for (const cookie of [].concat(value ?? [])) {
      const raw = String(cookie).split(";")[0].split("=").slice(1).join("=");
      if (raw.length < 16) continue;
      const values = new Set([raw, decodeURIComponent(raw)]);
      fs.appendFileSync(tokenLog, [...values].join("\n") + "\n");
    }
  };
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (String(name).toLowerCase() === "set-cookie") note(value);
    return setHeader(name, value);
  };
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (status, ...rest) => {
    const headers = rest.find((arg) => arg && typeof arg === "object");
    const list = Array.isArray(headers) ? [] : Object.entries(headers ?? {});
    for (const [name, value] of list) if (name.toLowerCase() === "set-cookie") note(value);
    return writeHead(status, ...rest);
  };
}
