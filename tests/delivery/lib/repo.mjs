// Facts about the repository that the delivery checks read (never copied lists).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const readRepoFile = (relativePath) => readFileSync(path.join(repoRoot, relativePath), 'utf8');

export function readCatalog() {
  return JSON.parse(readRepoFile('services/catalog.json'));
}

/** Every service folder that ships a Dockerfile: { dir, dockerfile, project, assembly }. */
export function dockerfileServices() {
  const servicesDir = path.join(repoRoot, 'services');
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(servicesDir, entry.name, 'Dockerfile')))
    .map((entry) => ({
      dir: `services/${entry.name}`,
      dockerfile: `services/${entry.name}/Dockerfile`,
      project: `services/${entry.name}/EShop.${entry.name}.csproj`,
      assembly: `EShop.${entry.name}`,
    }));
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
      visit(path.posix.join(path.posix.dirname(normalized), match[1].replaceAll('\\', '/')));
    }
  };
  visit(projectPath);
  return [...seen].sort();
}
