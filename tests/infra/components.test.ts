import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { PlanRun, runStack } from "../../infra/plan/run";
import { REPO_ROOT, stackConfig, withCanary } from "./stack-config";

const INFRA = path.join(REPO_ROOT, "infra");

interface ComponentSource {
  file: string;
  className: string;
  token: string;
  body: string;
}

/** Every ComponentResource class of infra/ (the offline plan's tooling aside), read from its source. */
function componentSources(dir = INFRA): ComponentSource[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "plan" ? [] : componentSources(file);
    if (!entry.name.endsWith(".ts")) return [];
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/^export class (\w+) extends pulumi\.ComponentResource \{$([\s\S]*?)^\}$/gm)].map(([, className, body]) => ({
      file: path.relative(INFRA, file),
      className,
      token: /super\(\s*"([^"]+)"/.exec(body)?.[1] ?? "",
      body,
    }));
  });
}

/** A component's module: its folder under infra/, or for a file directly in infra/ the file's name. */
const moduleOf = (file: string) => (file.includes(path.sep) ? file.split(path.sep)[0] : path.basename(file, ".ts"));

/**
 * How every component of the program is written (STYLE.md, "Pulumi"): its type token is `eshop:<module>:<Class>`,
 * it registers its outputs at the end of its constructor, and every resource has a parent but the components the
 * entry files compose. Run on dev with a canary, so that every component is instantiated.
 */
describe("components", () => {
  const sources = componentSources();
  let run: PlanRun;

  before(async () => {
    run = await runStack("dev", withCanary(stackConfig("dev"), "product-service", 10));
  });

  it("are found in infra/", () => assert.ok(sources.length >= 15, sources.map((s) => s.className).join(", ")));

  it("have the type token eshop:<module>:<Class>", () => {
    const wrong = sources
      .filter((s) => s.token !== `eshop:${moduleOf(s.file)}:${s.className}`)
      .map((s) => `${s.file}: ${s.className} is ${s.token}`);
    assert.deepEqual(wrong, []);
  });

  it("register their outputs as the last statement of their constructor", () => {
    const registersLast = (body: string) => {
      const constructor = body.slice(body.indexOf("constructor("));
      const code = constructor.slice(0, constructor.search(/^ {2}\}$/m));
      const call = code.lastIndexOf("this.registerOutputs(");
      return call >= 0 && /^this\.registerOutputs\([^;]*\);\s*$/.test(code.slice(call));
    };
    assert.deepEqual(
      sources.filter((s) => !registersLast(s.body)).map((s) => `${s.file}: ${s.className}`),
      [],
    );
  });

  it("are all registered by the program, under the tokens their sources give", () => {
    const registered = new Set(run.registrations.filter((r) => !r.custom).map((r) => r.type));
    assert.deepEqual(
      sources.filter((s) => !registered.has(s.token)).map((s) => s.token),
      [],
    );
  });

  it("parent every resource: only the components the entry files compose have none", () => {
    const tokens = new Set(sources.map((s) => s.token));
    const orphans = run.registrations.filter((r) => !r.parent && !(!r.custom && tokens.has(r.type))).map((r) => `${r.type}::${r.name}`);
    assert.deepEqual(orphans, []);
    const composed = (file: string) => fs.readFileSync(path.join(INFRA, file), "utf8");
    const entries = ["index.ts", "platform.ts", "shop.ts"].map(composed).join("\n");
    for (const top of run.registrations.filter((r) => !r.parent)) {
      const className = sources.find((s) => s.token === top.type)!.className;
      assert.match(entries, new RegExp(`new ${className}\\(\\s*"${top.name}"`), `${top.type}::${top.name} is composed by an entry file`);
    }
  });
});
