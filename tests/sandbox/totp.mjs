// Prints the authenticator code of this moment for a two-factor account of accounts.json (the
// first one without an argument), computed as Better Auth computes it: for trying the demo.
//   node tests/sandbox/totp.mjs [email]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createOTP } from "@better-auth/utils/otp";
import { namedAccounts } from "./seed.mjs";

const accounts = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "accounts.json"), "utf8"));
const wanted = process.argv[2];
const account = namedAccounts(accounts)
  .find((a) => a.twoFactor?.totpSecret && (!wanted || a.email === wanted));
if (!account) {
  console.error(`no account with an authenticator${wanted ? ` for ${wanted}` : ""} in accounts.json`);
  process.exit(1);
}
console.log(await createOTP(account.twoFactor.totpSecret).totp());
