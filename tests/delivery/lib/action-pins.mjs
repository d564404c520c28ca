// The verified action pins (.github/action-pins.json) and the rule every `uses:` line must keep.
// No dependencies: the root deploy-readiness suite imports this file too.
import { readFileSync } from "node:fs";
import path from "node:path";

export const PINS_FILE = ".github/action-pins.json";

/** The pins list of a repository checkout: [{ action, release, sha }]. */
export function readPins(repoRoot) {
  return JSON.parse(readFileSync(path.join(repoRoot, PINS_FILE), "utf8")).pins;
}

/**
 * Violations of the pin list in a workflow or action file: an all-zero (placeholder) SHA, a SHA that
 * is not the listed release of that action, and a version comment that disagrees with the release.
 */
export function checkPinnedReleases(text, pins) {
  const violations = [];
  for (const [, action, sha, comment = ""] of text.matchAll(
    /^\s*(?:-\s*)?uses:\s*([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@(\S+)[ \t]*(#.*)?$/gm,
  )) {
    if (/^0+$/.test(sha)) {
      violations.push(`${action}@${sha}: placeholder pin (all zeros)`);
      continue;
    }
    const pin = pins.find((p) => p.action === action && p.sha === sha);
    if (!pin) {
      violations.push(`${action}@${sha}: not a verified pin of ${PINS_FILE}`);
      continue;
    }
    const version = /^#\s*(v\d+(?:\.\d+)*)\b/.exec(comment.trim())?.[1];
    if (version !== pin.release) violations.push(`${action}@${sha}: comment says ${version ?? "nothing"}, the pin is ${pin.release}`);
  }
  return violations;
}
