// Authdesk sandbox: a real Better Auth server (admin plugin, email+password, SQLite)
// with deterministic seed data. Configuration comes from SANDBOX_* environment
// variables (see README.md). Prints exactly one JSON "ready" line on stdout;
// everything else goes to stderr.
import http from "node:http";
import https from "node:https";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import util from "node:util";
import { fileURLToPath } from "node:url";

// NODE_ENV=test (or TEST=true) makes better-auth skip its origin/CSRF checks.
// Remove them before better-auth is loaded (hence the dynamic imports below).
if (process.env.NODE_ENV === "test") delete process.env.NODE_ENV;
delete process.env.TEST;

const { default: Database } = await import("better-sqlite3");
const { betterAuth } = await import("better-auth");
const { admin } = await import("better-auth/plugins");
const { toNodeHandler } = await import("better-auth/node");
const { getMigrations } = await import("better-auth/db/migration");

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
  users: intEnv("SANDBOX_USERS", 300, 0, 5_000_000),
  dbPath: env.SANDBOX_DB || "",
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
  const finish = () => {
    try { db?.close(); } catch {}
    removeTempDir();
    process.exit(code);
  };
  if (server?.listening) {
    server.close(() => finish());
    server.closeAllConnections?.();
    setTimeout(finish, 2000).unref();
  } else {
    finish();
  }
}
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => shutdown(0, sig));
process.stdout.on("error", () => {}); // reader went away: keep serving

// Request log: "METHOD path status ms". Query values are dropped (only the
// parameter names are kept) so nothing secret ends up in the log.
function logPath(rawUrl) {
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

function faultRoute(req, res) {
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

function takeFault(req) {
  const pathname = (req.url || "").split("?")[0];
  const rule = faults.find((f) => f.times > 0 && pathname.endsWith(f.path)
    && (!f.method || f.method === req.method));
  if (rule) rule.times -= 1;
  return rule;
}

// Notes each cookie value a response sets (SANDBOX_TOKEN_LOG), however the handler sets it.
function recordCookies(res) {
  const note = (value) => {
    for (const cookie of [].concat(value ?? [])) {
      const raw = String(cookie).split(";")[0].split("=").slice(1).join("=");
      if (raw.length < 16) continue;
      const values = new Set([raw, decodeURIComponent(raw)]);
      fs.appendFileSync(config.tokenLog, [...values].join("\n") + "\n");
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

function onRequest(req, res) {
  const t0 = process.hrtime.bigint();
  if (config.tokenLog) recordCookies(res);
  if (config.requestLog) {
    const line = { method: req.method, path: (req.url || "").split("?")[0], cookie: req.headers.cookie ?? "" };
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
// Deterministic PRNG (mulberry32)
function mulberry32(seed) {
  let a = seed >>> 0;
  return function rand() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomToken = (n = 32) => {
  // crypto-random alphanumerics, like better-auth's generateId
  const bytes = crypto.randomBytes(n * 2);
  let s = "";
  for (let i = 0; s.length < n && i < bytes.length; i++) if (bytes[i] < 248) s += ALNUM[bytes[i] % 62];
  return s.length === n ? s : randomToken(n);
};

// ---------------------------------------------------------------------------
// Seed vocabulary
const FIRST_NAMES = [
  "James", "Olivia", "Emily", "Michael", "Sarah", "David", "Hannah", "Thomas", "Grace", "William",
  "Zoë", "Jürgen", "Lukas", "Anja", "Matthias", "Sören", "Amélie", "François", "Léa", "Hélène",
  "Benoît", "Chloé", "José", "María", "Sofía", "Alejandro", "Camila", "Mateo", "Lucía", "Andrés",
  "João", "Beatriz", "Gonçalo", "Giulia", "Marco", "Francesca", "Lorenzo", "Łukasz", "Agnieszka", "Małgorzata",
  "Paweł", "Zofia", "Dušan", "Milica", "Dmitri", "Anastasia", "Åsa", "Bjørn", "Sigríður", "Eero",
  "Aino", "Ingrid", "Ayşe", "Mehmet", "Çağla", "Emre", "Mohammed", "Fatima", "Omar", "Layla",
  "Youssef", "Amira", "Dariush", "Shirin", "Priya", "Arjun", "Ananya", "Rahul", "Deepika", "Vikram",
  "Lakshmi", "Wei", "Mei", "Jian", "Haruto", "Yuki", "Sakura", "Kenji", "Min-jun", "Ji-woo",
  "Seo-yeon", "Linh", "Minh", "Thảo", "Chinedu", "Ngozi", "Kwame", "Ama", "Thabo", "Zanele",
  "Oluwaseun", "Wanjiru", "Tendai", "Noa", "Yosef", "Tamar", "Eleni", "Giorgos", "Siobhán", "Niamh",
  "Seán", "Zsófia", "Bálint", "Tomáš", "Kateřina", "Ștefan", "Ioana", "Maricel", "Putri", "Aroha",
];
const LAST_NAMES = [
  "Smith", "Johnson", "Brown", "Taylor", "O'Connor", "Müller", "Schmidt", "Weiß", "Schröder", "Dubois",
  "Lefèvre", "Moreau", "Girard", "Álvarez", "García", "Rodríguez", "Martínez", "Hernández", "Peña", "Núñez",
  "Silva", "Gonçalves", "Araújo", "Rossi", "Bianchi", "Esposito", "Kowalski", "Nowak", "Wiśniewski", "Wójcik",
  "Dvořák", "Novák", "Horváth", "Nagy", "Petrović", "Jovanović", "Ivanov", "Kuznetsov", "Andersson", "Johansson",
  "Nielsen", "Sørensen", "Jónsdóttir", "Virtanen", "Korhonen", "Yılmaz", "Öztürk", "Demir", "Al-Sayed", "Haddad",
  "Khoury", "Mansour", "Hosseini", "Rahimi", "Sharma", "Patel", "Iyer", "Reddy", "Banerjee", "Gupta",
  "Nair", "Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Tanaka", "Suzuki", "Sato",
  "Watanabe", "Nakamura", "Kim", "Park", "Lee", "Choi", "Nguyễn", "Trần", "Phạm", "Okafor",
  "Adeyemi", "Mensah", "Osei", "Nkosi", "Dlamini", "Mwangi", "Kamau", "Cohen", "Levi", "Papadopoulos",
  "Georgiou", "MacLeod", "Murphy", "Kelly", "dos Santos", "van der Berg", "De Luca", "Hansen", "Ferreira", "Wijaya",
];
// Names written in their own script, with the romanised e-mail local part.
const NATIVE_NAMES = [
  ["山田 太郎", "taro.yamada"], ["王芳", "fang.wang"], ["김민준", "minjun.kim"], ["李娜", "na.li"],
  ["Αλέξανδρος Παπαδάκης", "alexandros.papadakis"], ["Дмитрий Соколов", "dmitry.sokolov"],
  ["Ольга Иванова", "olga.ivanova"], ["محمد العلي", "mohammed.alali"], ["שרה לוי", "sarah.levi"],
  ["प्रिया शर्मा", "priya.sharma"], ["สมชาย ใจดี", "somchai.jaidee"], ["佐藤 花子", "hanako.sato"],
];
const DOMAINS = [
  ["example.com", 30], ["example.org", 12], ["example.net", 10], ["mail.test", 14], ["acme.test", 10],
  ["globex.test", 8], ["initech.test", 7], ["umbrella.test", 5], ["hooli.test", 4],
];
const BAN_REASONS = [
  "Chargeback fraud", "Spam", "Abusive messages to support", "Multiple accounts to evade a ban",
  "Credential stuffing detected", "Terms of service violation", "Payment fraud (stolen card)",
  "Harassment of other users", "Automated scraping", "Phishing links in profile",
];
const USER_AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
  "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
];

const FOLD = { "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i" };
const toEmailPart = (s) =>
  s.replace(/[łŁøØßæÆđĐðþœı]/g, (c) => FOLD[c]).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "");
const FIRST_EMAIL = FIRST_NAMES.map(toEmailPart);
const LAST_EMAIL = LAST_NAMES.map(toEmailPart);

const DAY = 86_400_000;
const HOUR = 3_600_000;

// Generates the ordinary users (and a few sessions) in memory. Deterministic for
// a given count: all random choices come from one seeded PRNG; dates are offsets
// from `now`.
function generateUsers(count, now, reservedEmails) {
  const rand = mulberry32(0x5eed_a17d);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const domainTotal = DOMAINS.reduce((s, [, w]) => s + w, 0);
  const pickDomain = () => {
    let r = rand() * domainTotal;
    for (const [d, w] of DOMAINS) if ((r -= w) < 0) return d;
    return DOMAINS[0][0];
  };
  const makeId = () => {
    let s = "";
    for (let i = 0; i < 32; i++) s += ALNUM[Math.floor(rand() * 62)];
    return s;
  };
  const emails = new Set(reservedEmails);
  const ids = new Set();
  const users = [];
  let sessionUsers = 0; // "a few" users get sessions: ~3 %, at most 100
  const TWO_YEARS = 730 * DAY;

  for (let i = 0; i < count; i++) {
    let id;
    do id = makeId(); while (ids.has(id));
    ids.add(id);

    let name, first, last;
    if (rand() < 0.015) {
      const [display, local] = pick(NATIVE_NAMES);
      name = display;
      [first, last] = local.split(".");
    } else {
      const fi = Math.floor(rand() * FIRST_NAMES.length);
      const li = Math.floor(rand() * LAST_NAMES.length);
      name = `${FIRST_NAMES[fi]} ${LAST_NAMES[li]}`;
      first = FIRST_EMAIL[fi];
      last = LAST_EMAIL[li];
    }
    const domain = pickDomain();
    const style = rand();
    let local =
      style < 0.45 ? `${first}.${last}` :
      style < 0.6 ? `${first}${last}` :
      style < 0.72 ? `${first[0]}.${last}` :
      style < 0.8 ? `${first}_${last}` :
      style < 0.88 ? `${last}.${first}` :
      style < 0.94 ? `${first[0]}${last}` : `${first}`;
    let email = `${local}@${domain}`;
    while (emails.has(email)) {
      const n = Math.floor(rand() * (emails.size > 20000 ? 100000 : 1000));
      email = `${local}${n}@${domain}`;
    }
    emails.add(email);

    // Skewed towards recent sign-ups (a growing product).
    const createdMs = now - Math.floor(Math.pow(rand(), 1.4) * TWO_YEARS) - 60_000;
    const emailVerified = rand() < 0.85 ? 1 : 0;
    const r = rand();
    const role = r < 0.02 ? null : r < 0.08 ? "user,support" : r < 0.13 ? "user,billing" : "user";
    const image = rand() < 0.18 ? `https://images.example.net/avatars/${id.slice(0, 12).toLowerCase()}.jpg` : null;

    let banned = 0, banReason = null, banExpires = null;
    let updatedMs = rand() < 0.55 ? createdMs + Math.floor(rand() * (now - createdMs)) : createdMs;
    const b = rand();
    if (b < 0.05) {
      banned = 1;
      banReason = pick(BAN_REASONS);
      const banAt = createdMs + Math.floor(rand() * (now - createdMs));
      updatedMs = Math.max(updatedMs, banAt);
      if (b < 0.03) {
        // active, expiring in 1 hour .. 6 weeks (log-uniform)
        banExpires = now + Math.floor(HOUR * Math.pow(1008, rand()));
      } else if (b < 0.04) {
        // lapsed: expired 1 hour .. 60 days ago, but after the ban started
        banExpires = Math.max(banAt + HOUR, now - Math.floor(HOUR * Math.pow(1440, rand())));
        if (banExpires >= now) banExpires = now - 60_000;
      } // else permanent: banExpires stays null
    }
    users.push({
      id, name, email, emailVerified, image, createdMs, updatedMs, role, banned, banReason, banExpires,
      withSessions: !banned && rand() < 0.03 && sessionUsers++ < 100,
    });
  }
  // Real databases list rows in sign-up order: insert oldest first.
  users.sort((a, b) => a.createdMs - b.createdMs);
  return users;
}

function makeSessions(userId, n, now, rand) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let createdMs, updatedMs;
    if (rand() < 0.6) {
      // fresh sign-in within the last 6 days, never refreshed
      createdMs = now - Math.floor(rand() * 6 * DAY) - 60_000;
      updatedMs = createdMs;
    } else {
      // older sign-in, refreshed (updateAge 1 day) within the last 6 days
      createdMs = now - Math.floor((7 + rand() * 40) * DAY);
      updatedMs = now - Math.floor(rand() * 6 * DAY) - 60_000;
    }
    const ipKind = rand();
    const ip =
      ipKind < 0.35 ? `203.0.113.${1 + Math.floor(rand() * 254)}` :
      ipKind < 0.6 ? `198.51.100.${1 + Math.floor(rand() * 254)}` :
      ipKind < 0.8 ? `192.0.2.${1 + Math.floor(rand() * 254)}` :
      ipKind < 0.92 ? `2001:db8:${Math.floor(rand() * 0xffff).toString(16)}::${Math.floor(rand() * 0xffff).toString(16)}` : "";
    out.push({
      id: randomToken(32),
      expiresAt: new Date(updatedMs + 7 * DAY).toISOString(),
      token: randomToken(32),
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
      ipAddress: ip,
      userAgent: USER_AGENTS[Math.floor(rand() * USER_AGENTS.length)],
      userId,
      impersonatedBy: null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
async function main() {
  const tStart = process.hrtime.bigint();
  const accounts = JSON.parse(fs.readFileSync(path.join(HERE, "accounts.json"), "utf8"));

  // Database file
  let dbPath = config.dbPath;
  if (!dbPath) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "authdesk-sandbox-"));
    dbPath = path.join(tempDir, "sandbox.db");
  } else {
    dbPath = path.resolve(dbPath);
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  }
  const reuse = config.keepDb && fs.existsSync(dbPath);
  if (!reuse) for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbPath + suffix, { force: true });
  db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -65536"); // 64 MiB: keeps the 100k-user bulk insert in memory

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

  const auth = betterAuth({
    appName: "Authdesk Sandbox",
    database: db,
    secret: config.secret,
    baseURL,
    basePath: config.basePath,
    trustedOrigins: [origin, ...config.trustedOrigins],
    emailAndPassword: { enabled: true },
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
    plugins: [admin({ impersonationSessionDuration: config.impersonationSeconds })],
    databaseHooks: config.tokenLog
      ? { session: { create: { after: async (session) => fs.appendFileSync(config.tokenLog, session.token + "\n") } } }
      : {},
  });

  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();

  let seedSeconds = 0;
  if (reuse) {
    log(`reusing existing database ${dbPath} (SANDBOX_KEEP_DB=1), not seeding`);
  } else {
    const tSeed = process.hrtime.bigint();
    const now = Date.now();
    const special = [accounts.admin, ...accounts.admins, accounts.user, accounts.bannedUser,
      accounts.lapsedBanUser, accounts.sessionsUser].filter(Boolean);

    // 1. Bulk ordinary users: direct SQL, one transaction, same representation as
    //    better-auth's SQLite adapter (ISO-8601 text dates, 0/1 integer booleans).
    const users = generateUsers(config.users, now, special.map((a) => a.email.toLowerCase()));
    const tGen = process.hrtime.bigint();
    const insertUser = db.prepare(
      `INSERT INTO "user" ("id","name","email","emailVerified","image","createdAt","updatedAt","role","banned","banReason","banExpires")
       VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
    const insertSession = db.prepare(
      `INSERT INTO "session" ("id","expiresAt","token","createdAt","updatedAt","ipAddress","userAgent","userId","impersonatedBy")
       VALUES (?,?,?,?,?,?,?,?,?)`);
    const insertSessionRow = (s) => insertSession.run(s.id, s.expiresAt, s.token, s.createdAt, s.updatedAt,
      s.ipAddress, s.userAgent, s.userId, s.impersonatedBy);
    const sessionRand = mulberry32(0x5e55_1085);
    let sessionCount = 0;
    db.transaction(() => {
      for (const u of users) {
        insertUser.run(u.id, u.name, u.email, u.emailVerified, u.image,
          new Date(u.createdMs).toISOString(), new Date(u.updatedMs).toISOString(),
          u.role, u.banned, u.banReason, u.banExpires === null ? null : new Date(u.banExpires).toISOString());
      }
      for (const u of users) {
        if (!u.withSessions) continue;
        for (const s of makeSessions(u.id, 2 + Math.floor(sessionRand() * 3), now, sessionRand)) {
          insertSessionRow(s);
          sessionCount++;
        }
      }
    })();
    const tBulk = process.hrtime.bigint();

    // 2. Named accounts with passwords, through the real API (credential accounts).
    for (const a of special) {
      const data = { emailVerified: a.emailVerified !== false };
      if (a.ban) {
        data.banned = true;
        data.banReason = a.ban.reason;
        data.banExpires = a.ban.expiresInSeconds == null ? null : new Date(now + a.ban.expiresInSeconds * 1000);
      }
      const { user } = await auth.api.createUser({
        body: { email: a.email, password: a.password, name: a.name, role: a.role, data },
      });
      if (a.seededSessions) {
        db.transaction(() => {
          for (const s of makeSessions(user.id, a.seededSessions, now, sessionRand)) insertSessionRow(s);
        })();
        sessionCount += a.seededSessions;
      }
    }
    const tEnd = process.hrtime.bigint();
    seedSeconds = Number(tEnd - tSeed) / 1e9;
    const sec = (a, b) => (Number(b - a) / 1e9).toFixed(3);
    log(`seeded ${users.length} ordinary users (generate ${sec(tSeed, tGen)} s, insert ${sec(tGen, tBulk)} s), ` +
      `${special.length} named accounts (${sec(tBulk, tEnd)} s), ${sessionCount} sessions; total ${seedSeconds.toFixed(3)} s`);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");

  const total = db.prepare(`SELECT count(*) AS n FROM "user"`).get().n;
  handler = toNodeHandler(auth);
  log(`ready in ${(Number(process.hrtime.bigint() - tStart) / 1e9).toFixed(3)} s; db ${dbPath}${tempDir ? " (temporary)" : ""}`);
  process.stdout.write(JSON.stringify({
    ready: true, url: baseURL, port, users: total, seconds: Math.round(seedSeconds * 1000) / 1000,
  }) + "\n");
}

main().catch((e) => {
  log("sandbox failed to start:", e?.message?.includes("already in use") ? e.message : e?.stack || String(e));
  shutdown(1);
});
