// `npm run user -- add|passwd|disable|enable|list`: manage accounts from a terminal (the first admin of a server
// without the UI, or a locked-out one).
// It opens the database itself, so run it while the server is stopped. A generated password is printed once.
import { parseArgs } from "node:util";
import { createUser, disableUser, listUsers, setPassword, updateUser } from "../auth/accounts";
import { generatePassword } from "../auth/passwords";
import { readConfig } from "../config";
import { ApiError } from "../errors";
import { openDatabase } from "../storage/database";
import { migrate } from "../storage/migrate";

const usage = `usage:
  npm run user -- list
  npm run user -- add <username> --role admin|analyst|leader|handler|collector --scope <unit id> [--password …]
  npm run user -- passwd <username> [--password …]
  npm run user -- disable <username>
  npm run user -- enable <username>
(without --password a random password is generated and printed once)`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, scope: { type: "string" }, password: { type: "string" } },
  });
  const [command, username, ...extra] = positionals;
  const needsName = ["add", "passwd", "disable", "enable"].includes(command ?? "");
  if (!(needsName || command === "list") || (needsName && !username) || extra.length > 0)
    throw new Error(usage);
  if (command === "add") {
    const missing = ["role", "scope"].filter((k) => !values[k as keyof typeof values]);
    if (missing.length > 0) throw new Error(`missing --${missing.join(", --")}\n${usage}`);
  }
  const config = readConfig();
  const db = await openDatabase(config.MINYI_DB);
  const ctx = { actor: "cli", now: new Date() };
  try {
    await migrate(db);
    const password = values.password ?? generatePassword();
    const shown = values.password === undefined ? ` with password: ${password}  (shown once)` : "";
    if (command === "add") {
      const user = await createUser(
        db,
        {
          username: String(username),
          password,
          role: String(values.role),
          scopeUnitId: String(values.scope),
        },
        ctx,
      );
      console.log(`created user ${user.username} (${user.role}, scope ${user.scopeUnitId})${shown}`);
    } else if (command === "passwd") {
      await setPassword(db, String(username), password, ctx);
      console.log(
        `changed the password of ${String(username).toLowerCase()}${shown}; its sessions are ended`,
      );
    } else if (command === "disable") {
      await disableUser(db, String(username), ctx);
      console.log(`disabled ${String(username).toLowerCase()}; its sessions are ended`);
    } else if (command === "enable") {
      await updateUser(db, String(username), { disabled: false }, ctx);
      console.log(`enabled ${String(username).toLowerCase()}`);
    } else {
      for (const u of await listUsers(db)) {
        console.log(`${u.username}\t${u.role}\t${u.scopeUnitId}\t${u.disabled ? "disabled" : "active"}`);
      }
    }
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ApiError || error instanceof Error ? error.message : error);
  process.exit(1);
});
