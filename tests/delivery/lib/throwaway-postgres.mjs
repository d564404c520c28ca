// A private PostgreSQL on a free loopback port in a temporary folder, for the start-time measurement only.
// initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./processes.mjs";

const asServerUser = (command, args) =>
  process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
const run = (command, args) => execFileSync(...asServerUser(command, args), { stdio: "pipe" });

export async function startThrowawayPostgres() {
  const root = mkdtempSync(path.join(os.tmpdir(), "eshop-measure-pg-"));
  chmodSync(root, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(root, uid, gid);
  }
  const port = await freePort();
  const data = path.join(root, "data");
  run("initdb", ["-D", data, "-U", "eshop", "--auth", "trust", "-E", "UTF8", "--locale", "C", "--no-sync"]);
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(root, "postgres.log"),
    "-w",
    "-t",
    "60",
    "start",
    "-o",
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`,
  ]);
  return {
    connectionString: `Host=127.0.0.1;Port=${port};Username=eshop;Database=postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
