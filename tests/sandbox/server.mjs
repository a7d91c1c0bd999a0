// Authdesk sandbox: a real Better Auth server (admin plugin and the sign-in plugins real teams
// enable, on SQLite or PostgreSQL) with deterministic seed data. Configuration comes from SANDBOX_* environment
// variables (see README.md). Prints exactly one JSON "ready" line on stdout;
// everything else goes to stderr.
import http from "node:http";
import https from "node:https";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import util from "node:util";
import { fileURLToPath } from "node:url";

// NODE_ENV=test (or TEST=true) makes better-auth skip its origin/CSRF checks.
// Remove them before better-auth is loaded (hence the dynamic imports below).
if (process.env.NODE_ENV === "test") delete process.env.NODE_ENV;
delete process.env.TEST;

const { openDatabase } = await import("./database.mjs");
const { betterAuth } = await import("better-auth");
const { toNodeHandler } = await import("better-auth/node");
const { getMigrations } = await import("better-auth/db/migration");
const { plugins, additionalFields, mailOptions } = await import("./plugins.mjs");
const { seed, namedAccounts } = await import("./seed.mjs");
const { mailbox } = await import("./mailbox.mjs");
const { startIdp } = await import("./idp.mjs");
const { logPath, faultRoute, takeFault, recordCookies } = await import("./test-hooks.mjs");

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const log = (...args) => process.stderr.write(util.format(...args) + "\n");
// stdout carries only the ready line: send any stray console output to stderr.
console.log = console.info = console.debug = log;
const flag = (name) => env[name] === "1" || env[name] === "true";

function intEnv(name, dflt, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return n;
}

function normalizeBasePath(p) {
  let s = (p ?? "").trim() || "/api/auth";
  if (!s.startsWith("/")) s = "/" + s;
  s = s.replace(/\/+$/, "");
  return s || "/api/auth";
}

let config;
try {
config = {
  port: intEnv("SANDBOX_PORT", 3917, 0, 65535),
  basePath: normalizeBasePath(env.SANDBOX_BASE_PATH),
  cookiePrefix: env.SANDBOX_COOKIE_PREFIX || "better-auth",
  secureCookies: flag("SANDBOX_SECURE_COOKIES"),
  cookieCache: flag("SANDBOX_COOKIE_CACHE"),
  rateLimit: flag("SANDBOX_RATE_LIMIT"),
  impersonationSeconds: intEnv("SANDBOX_IMPERSONATION_SECONDS", 3600, 1, 10 * 365 * 86400),
  // Two-factor, e-mailed codes and magic links (on unless "0"), and how long a two-factor
  // challenge lasts.
  signInMethods: env.SANDBOX_SIGN_IN_PLUGINS !== "0",
  twoFactorSeconds: intEnv("SANDBOX_TWO_FACTOR_SECONDS", 600, 1, 86400),
  openApi: env.SANDBOX_OPEN_API !== "0",
  mailbox: env.SANDBOX_MAILBOX || "",
  // Who the identity provider has signed in (an email of accounts.json; the main admin if unset).
  idpUser: env.SANDBOX_IDP_USER || "",
  users: intEnv("SANDBOX_USERS", 300, 0, 5_000_000),
  dbPath: env.SANDBOX_DB || "",
  // A PostgreSQL server (socket folder or URL): the sandbox makes a database of its own there.
  postgres: env.SANDBOX_POSTGRES || "",
  keepDb: flag("SANDBOX_KEEP_DB"),
  // PEM files: serve https with this certificate (tests of custom CAs and mismatched names).
  tlsCert: env.SANDBOX_TLS_CERT || "",
  tlsKey: env.SANDBOX_TLS_KEY || "",
  // Opens the fault control route (see `faultRoute`); for the fault tests only.
  faults: flag("SANDBOX_FAULTS"),
  // Appends every session token and cookie value the server issues to this file (for the
  // leak check).
  tokenLog: env.SANDBOX_TOKEN_LOG || "",
  // Appends every request's method, path and Cookie header to this file, one JSON line each (for
  // tests that prove what a server was, or was not, sent).
  requestLog: env.SANDBOX_REQUEST_LOG || "",
  trustedOrigins: (env.SANDBOX_TRUSTED_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean),
  // Fixed, obviously-dev secret (high entropy so better-auth does not warn).
  secret: env.SANDBOX_SECRET || "authdesk-sandbox-dev-secret-7c1e9a4f2b8d6e0a3c5f9b1d7e2a4c6f8b0d3e5a",
};
} catch (e) {
  log(`sandbox: bad configuration: ${e.message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Lifecycle: temp dir, db handle, http server, clean shutdown
let tempDir = null;
let db = null;
let server = null;
let handler = null; // set once auth is ready; until then requests get 503
let shuttingDown = false;

function removeTempDir() {
  if (tempDir) {
    try { fs.rmSync(tempDir, { recursive: true, force: true }); } catch {}
    tempDir = null;
  }
}
process.on("exit", removeTempDir);

function shutdown(code, why) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (why) log(`shutting down (${why})`);
  let finished = false;
  const finish = async () => {
    if (finished) return;
    finished = true;
    try { await db?.close(); } catch (e) { log("closing the database:", e.message); }
    removeTempDir();
    process.exit(code);
  };
  if (server?.listening) {
    server.close(() => finish());
    server.closeAllConnections?.();
    setTimeout(finish, 2000);
  } else {
    finish();
  }
}
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => shutdown(0, sig));
process.stdout.on("error", () => {}); // reader went away: keep serving
function onRequest(req, res) {
  const t0 = process.hrtime.bigint();
  if (config.tokenLog) recordCookies(res, config.tokenLog);
  if (config.requestLog) {
    const line = { at: Date.now(), method: req.method, path: (req.url || "").split("?")[0], cookie: req.headers.cookie ?? "" };
    fs.appendFileSync(config.requestLog, JSON.stringify(line) + "\n");
  }
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    log(`${req.method} ${logPath(req.url || "")} ${res.statusCode} ${ms.toFixed(1)}`);
  });
  if (config.faults && req.url === "/__sandbox/faults" && req.method === "PUT") return faultRoute(req, res);
  if (!handler) {
    res.writeHead(503, { "content-type": "application/json" });
    res.end('{"message":"sandbox is starting","code":"NOT_READY"}');
    return;
  }
  const fault = config.faults ? takeFault(req) : undefined;
  if (!fault) return handler(req, res);
  log(`fault: ${fault.kind} for ${req.method} ${logPath(req.url || "")}`);
  if (fault.kind === "status") {
    const answer = () => {
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? "");
    };
    if (fault.ms) setTimeout(answer, fault.ms);
    else answer();
  } else if (fault.kind === "delay") {
    const timer = setTimeout(() => handler(req, res), fault.ms);
    res.on("close", () => clearTimeout(timer));
  } else if (fault.kind === "drop") {
    req.resume();
    req.on("end", () => req.socket.destroy());
  }
}

// ---------------------------------------------------------------------------
async function main() {
  const tStart = process.hrtime.bigint();
  const accounts = JSON.parse(fs.readFileSync(path.join(HERE, "accounts.json"), "utf8"));

  // Database: a file (temporary unless SANDBOX_DB names one) or a PostgreSQL database.
  let dbPath = config.dbPath;
  if (!dbPath && !config.postgres) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "authdesk-sandbox-"));
    dbPath = path.join(tempDir, "sandbox.db");
  }
  db = await openDatabase({ postgres: config.postgres, dbPath: dbPath && path.resolve(dbPath), keepDb: config.keepDb, log });
  const reuse = db.reused;

  // Bind first (port 0 = pick a free one), then build auth with the real URL.
  const tls = config.tlsCert
    ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) }
    : null;
  server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once("error", (e) => reject(e.code === "EADDRINUSE"
      ? new Error(`127.0.0.1:${config.port} is already in use (set SANDBOX_PORT, 0 = any free port)`) : e));
    server.listen(config.port, "127.0.0.1", () => { server.off("error", reject); resolve(); });
  });
  server.on("error", (e) => log("server error:", e.message));
  const port = server.address().port;
  const origin = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  const baseURL = origin + config.basePath;
  const idpUser = namedAccounts(accounts).find((a) => a.email === (config.idpUser || accounts.admin.email));
  if (!idpUser) throw new Error(`SANDBOX_IDP_USER ${config.idpUser} is not in accounts.json`);
  const idp = config.signInMethods ? await startIdp({ baseURL, user: idpUser, log }) : null;

  const send = mailbox(config.mailbox, log);
  const auth = betterAuth({
    appName: "Authdesk Sandbox",
    database: db.handle,
    secret: config.secret,
    baseURL,
    basePath: config.basePath,
    trustedOrigins: [origin, ...config.trustedOrigins],
    ...mailOptions(send),
    user: { additionalFields },
    session: config.cookieCache ? { cookieCache: { enabled: true, maxAge: 300 } } : {},
    rateLimit: { enabled: config.rateLimit },
    advanced: {
      cookiePrefix: config.cookiePrefix,
      useSecureCookies: config.secureCookies,
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    telemetry: { enabled: false },
    logger: {
      level: "warn",
      disableColors: true,
      log: (level, message, ...args) => log(`[better-auth] ${level.toUpperCase()} ${util.format(message, ...args)}`),
    },
    plugins: plugins(config, send, idp),
    databaseHooks: config.tokenLog
      ? { session: { create: { after: async (session) => fs.appendFileSync(config.tokenLog, session.token + "\n") } } }
      : {},
  });

  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();

  let seedSeconds = 0;
  if (reuse) log(`reusing existing database ${dbPath} (SANDBOX_KEEP_DB=1), not seeding`);
  else seedSeconds = await seed({
    db, auth, accounts, userCount: config.users, twoFactor: config.signInMethods, log,
  });
  await db.settle();

  const total = await db.count("user");
  handler = toNodeHandler(auth);
  log(`ready in ${(Number(process.hrtime.bigint() - tStart) / 1e9).toFixed(3)} s; db ${db.description}${tempDir ? " (temporary)" : ""}`);
  process.stdout.write(JSON.stringify({
    ready: true, url: baseURL, port, users: total, database: db.kind, seconds: Math.round(seedSeconds * 1000) / 1000,
    idp: idp?.issuer ?? null,
  }) + "\n");
}

main().catch((e) => {
  log("sandbox failed to start:", e?.message?.includes("already in use") ? e.message : e?.stack || String(e));
  shutdown(1);
});
