// The sandbox's demo data: deterministic ordinary users (inserted with SQL in better-auth's own
// representation) and the named accounts of accounts.json (created through the real API).
import crypto from "node:crypto";

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

// Every named account, in creation order (the lists of accounts.json flattened).
export function namedAccounts(accounts) {
  return Object.values(accounts).flatMap((a) => (Array.isArray(a) ? a : [a])).filter((a) => a?.email);
}

// Turns two-factor on for a seeded account the way /two-factor/enable stores it: an
// authenticator secret and its backup codes, each encrypted with the server's secret, and a
// zero count of failures (the lockout adds to it). With `otp` only, the flag alone: codes then
// come by mail.
async function enableTwoFactor(db, auth, userId, twoFactor) {
  if (twoFactor.totpSecret) {
    const { symmetricEncrypt } = await import("better-auth/crypto");
    const { secretConfig } = await auth.$context;
    const encrypt = (data) => symmetricEncrypt({ key: secretConfig, data });
    await db.insert("twoFactor", ["id", "secret", "backupCodes", "userId", "verified", "failedVerificationCount"],
      [[randomToken(32), await encrypt(twoFactor.totpSecret),
        await encrypt(JSON.stringify(twoFactor.backupCodes ?? [])), userId, true, 0]]);
  }
  await db.run(`UPDATE "user" SET "twoFactorEnabled" = ? WHERE "id" = ?`, [true, userId]);
}

// The product's own fields (plugins.mjs `additionalFields`) for an ordinary user, from a PRNG of
// their own so the rest of the seed stays as it was.
const PLANS = ["free", "free", "free", "pro", "pro", "team", "enterprise"];
const COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"];
function productFields(rand, createdMs) {
  const plan = PLANS[Math.floor(rand() * PLANS.length)];
  const business = plan === "team" || plan === "enterprise";
  return [
    plan,
    business ? COMPANIES[Math.floor(rand() * COMPANIES.length)] : null,
    business ? 2 + Math.floor(rand() * 48) : plan === "pro" ? 1 : null,
    rand() < 0.1,
    plan === "free" && rand() < 0.2 ? new Date(createdMs + 14 * DAY) : null,
    rand() < 0.05 ? { theme: rand() < 0.5 ? "dark" : "light", digest: "weekly" } : null,
  ];
}

const USER_COLUMNS = ["id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt", "role",
  "banned", "banReason", "banExpires", "plan", "company", "seats", "beta", "trialEndsAt", "preferences"];
const SESSION_COLUMNS = ["id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress", "userAgent",
  "userId", "impersonatedBy"];
const sessionRow = (s) => SESSION_COLUMNS.map((c) => s[c]);

// Fills an empty database (with two-factor for the accounts that have it, when the server has
// the plugin); answers the seconds it took.
export async function seed({ db, auth, accounts, userCount, twoFactor, log }) {
  const tSeed = process.hrtime.bigint();
  const now = Date.now();
  const special = namedAccounts(accounts);

  // 1. Bulk ordinary users: direct SQL, one transaction, in better-auth's own representation.
  const users = generateUsers(userCount, now, special.map((a) => a.email.toLowerCase()));
  const tGen = process.hrtime.bigint();
  const fieldRand = mulberry32(0xf1e1_d5ee);
  await db.insert("user", USER_COLUMNS, users.map((u) => [
    u.id, u.name, u.email, u.emailVerified === 1, u.image, new Date(u.createdMs), new Date(u.updatedMs),
    u.role, u.banned === 1, u.banReason, u.banExpires === null ? null : new Date(u.banExpires),
    ...productFields(fieldRand, u.createdMs),
  ]));
  const sessionRand = mulberry32(0x5e55_1085);
  const sessions = users.filter((u) => u.withSessions)
    .flatMap((u) => makeSessions(u.id, 2 + Math.floor(sessionRand() * 3), now, sessionRand));
  await db.insert("session", SESSION_COLUMNS, sessions.map(sessionRow));
  let sessionCount = sessions.length;
  // The indexes a production server adds for its admins' lists and sorts (Better Auth's own
  // migration indexes the email and the session's userId and token), built after the bulk insert
  // as a restore builds them.
  for (const column of ["name", "createdAt", "role"]) {
    await db.run(`CREATE INDEX IF NOT EXISTS "user_${column}_idx" ON "user" ("${column}")`, []);
  }
  const tBulk = process.hrtime.bigint();

  // 2. Named accounts with passwords, through the real API (credential accounts).
  for (const a of special) {
    const data = { emailVerified: a.emailVerified !== false, ...(a.fields ?? {}) };
    if (a.ban) {
      data.banned = true;
      data.banReason = a.ban.reason;
      data.banExpires = a.ban.expiresInSeconds == null ? null : new Date(now + a.ban.expiresInSeconds * 1000);
    }
    const { user } = await auth.api.createUser({
      body: { email: a.email, password: a.password, name: a.name, role: a.role.split(","), data },
    });
    if (a.twoFactor && twoFactor) await enableTwoFactor(db, auth, user.id, a.twoFactor);
    if (a.seededSessions) {
      await db.insert("session", SESSION_COLUMNS, makeSessions(user.id, a.seededSessions, now, sessionRand).map(sessionRow));
      sessionCount += a.seededSessions;
    }
  }
  const tEnd = process.hrtime.bigint();
  const seedSeconds = Number(tEnd - tSeed) / 1e9;
  const sec = (a, b) => (Number(b - a) / 1e9).toFixed(3);
  log(`seeded ${users.length} ordinary users (generate ${sec(tSeed, tGen)} s, insert and index ${sec(tGen, tBulk)} s), ` +
    `${special.length} named accounts (${sec(tBulk, tEnd)} s), ${sessionCount} sessions; total ${seedSeconds.toFixed(3)} s`);
  return seedSeconds;
}
