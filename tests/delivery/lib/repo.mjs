// Facts about the repository that the delivery checks read (never copied lists).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const readRepoFile = (relativePath) => readFileSync(path.join(repoRoot, relativePath), "utf8");

export function readCatalog() {
  return JSON.parse(readRepoFile("services/catalog.json"));
}

/** The one Dockerfile that builds every service image (build argument SERVICE, target aot or framework-dependent). */
export const DOCKERFILE = "services/Dockerfile";

/** The project file turns Native AOT on; services/Dockerfile's target and the workflows follow it. */
export const isAotProject = (project) => /<PublishAot>true<\/PublishAot>/.test(readRepoFile(project));

/**
 * Every image services/Dockerfile builds: the catalog's services and the vendor simulator (local run and tests).
 * { dir, folder, name, project, assembly, aot, target, buildArgs }.
 */
export function dockerfileServices() {
  const catalog = readCatalog();
  const entries = [
    ...catalog.services.map(({ name, project }) => ({ name, project })),
    { name: "vendor-simulator", project: "services/VendorSimulator/EShop.VendorSimulator.csproj" },
  ];
  return entries.map(({ name, project }) => {
    const dir = path.posix.dirname(project);
    const folder = path.posix.basename(dir);
    const aot = existsSync(path.join(repoRoot, project)) && isAotProject(project);
    return {
      dir,
      folder,
      name,
      project,
      assembly: path.posix.basename(project, ".csproj"),
      aot,
      target: aot ? "aot" : "framework-dependent",
      buildArgs: { SERVICE: folder },
      dockerfile: DOCKERFILE,
    };
  });
}

/** The project and every project it references, transitively, as repository-relative paths. */
export function projectClosure(projectPath) {
  const seen = new Set();
  const visit = (relativePath) => {
    const normalized = path.posix.normalize(relativePath);
    if (seen.has(normalized)) return;
    seen.add(normalized);
    const xml = readRepoFile(normalized);
    for (const match of xml.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
      visit(path.posix.join(path.posix.dirname(normalized), match[1].replaceAll("\\", "/")));
    }
  };
  visit(projectPath);
  return [...seen].sort();
}
