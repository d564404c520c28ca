// Starting a service process and timing it until its readiness endpoint answers 200.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
  });
}

async function answers200(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Spawns `command args` with `env`, polls `readyUrl` every 10 ms and resolves with
 * { process, stop, readyAfterMs } once it answers 200; rejects when the process exits or `timeoutMs` passes.
 */
export async function startUntilReady({ command, args, env, readyUrl, logFile, timeoutMs = 60_000 }) {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.once("exit", (code, signal) => {
    exited = { code, signal };
  });
  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    while (!exited) await delay(20);
  };
  while (performance.now() - started < timeoutMs) {
    if (exited)
      throw new Error(`${command} ${args.join(" ")} exited (${exited.code ?? exited.signal}) before it was ready; log: ${logFile}`);
    if (await answers200(readyUrl)) return { process: child, stop, readyAfterMs: performance.now() - started };
    await delay(10);
  }
  await stop();
  throw new Error(`${readyUrl} did not answer 200 within ${timeoutMs} ms; log: ${logFile}`);
}
