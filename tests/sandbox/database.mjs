// The sandbox's database: a SQLite file (the default), or, with SANDBOX_POSTGRES naming a
// PostgreSQL server (a socket folder or a connection URL), a database of its own on that server,
// created at start and dropped at exit, as Neon runs Better Auth. Both take rows in one
// representation (booleans, Dates, objects for JSON) and store them as better-auth's adapter
// for that database would.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

export async function openDatabase({ postgres, dbPath, keepDb, log }) {
  return postgres ? openPostgres(postgres, log) : openSqlite(dbPath, keepDb);
}

async function openSqlite(dbPath, keepDb) {
  const { default: Database } = await import("better-sqlite3");
  const reused = keepDb && fs.existsSync(dbPath);
  if (!reused) for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbPath + suffix, { force: true });
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -65536"); // 64 MiB: keeps the 100k-user bulk insert in memory
  // better-auth's SQLite representation: ISO-8601 text dates, 0/1 booleans, JSON as text.
  const value = (v) =>
    typeof v === "boolean" ? (v ? 1 : 0) :
    v instanceof Date ? v.toISOString() :
    v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  return {
    kind: "sqlite",
    handle: db,
    description: dbPath,
    reused,
    async insert(table, columns, rows) {
      const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")})
        VALUES (${columns.map(() => "?").join(",")})`);
      db.transaction(() => { for (const row of rows) statement.run(...row.map(value)); })();
    },
    async run(sql, params) { db.prepare(sql).run(...params.map(value)); },
    async count(table) { return db.prepare(`SELECT count(*) AS n FROM "${table}"`).get().n; },
    async settle() { db.pragma("wal_checkpoint(TRUNCATE)"); },
    async close() { db.close(); },
  };
}

async function openPostgres(server, log) {
  const { default: pg } = await import("pg");
  // A socket folder (as the test command's private cluster has) or a URL.
  const at = server.startsWith("/") ? { host: server, user: "postgres" } : { connectionString: server };
  const name = `sandbox_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ ...at, database: "postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const pool = new pg.Pool({ ...at, database: name, max: 8 });
  pool.on("error", (e) => log("postgres:", e.message));
  const numbered = (sql) => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`); };
  const value = (v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v);
  return {
    kind: "postgres",
    handle: pool,
    description: `postgres database ${name}`,
    reused: false,
    async insert(table, columns, rows) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const chunk = Math.max(1, Math.floor(30000 / columns.length));
        for (let i = 0; i < rows.length; i += chunk) {
          const part = rows.slice(i, i + chunk);
          const tuples = part.map((_, r) =>
            `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(",")})`);
          await client.query(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${tuples.join(",")}`,
            part.flat().map(value));
        }
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async run(sql, params) { await pool.query(numbered(sql), params.map(value)); },
    async count(table) { return Number((await pool.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n); },
    // As autovacuum leaves a live database: statistics, and a visibility map for index-only scans.
    async settle() { await pool.query("VACUUM ANALYZE"); },
    async close() {
      await pool.end().catch(() => {});
      const cleanup = new pg.Client({ ...at, database: "postgres" });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
