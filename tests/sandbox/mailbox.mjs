// The sandbox's outgoing mail: every code and link the server would e-mail is appended to the
// SANDBOX_MAILBOX file as one JSON line, `{at, to, kind, code?, url?}`, where the tests and a
// person trying the demo read it. Without the file, the mail goes to stderr.
import fs from "node:fs";

export function mailbox(file, log) {
  return (to, kind, contents) => {
    const letter = { at: new Date().toISOString(), to, kind, ...contents };
    if (file) fs.appendFileSync(file, JSON.stringify(letter) + "\n");
    else log(`mail to ${to} (${kind}): ${contents.code ?? contents.url}`);
  };
}
