import { InvalidSetting } from "./errors";
import { Section } from "./section";

export interface RegistrySettings {
  /** ECR repositories are named `<prefix>/<service>`. */
  repositoryPrefix: string;
  untaggedExpiryDays: number;
  keepLastImages: number;
}

/**
 * What a stack runs for one service, always by digest so promotion moves exactly what was tested:
 * - `sha256:<64 hex>`: that digest in this stack's own ECR repository for the service;
 * - `<registry>/<repository>@sha256:<64 hex>`: that exact image elsewhere;
 * - `unpublished`: the placeholder of a stack whose images were never built (refused in production).
 */
export type ImageSetting =
  | { published: true; digest: string; repository?: string }
  | { published: false };

export const UNPUBLISHED = "unpublished";
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REFERENCE = /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+)@(sha256:[0-9a-f]{64})$/;

export function readRegistry(section: Section): RegistrySettings {
  const settings: RegistrySettings = {
    repositoryPrefix: section.string("repositoryPrefix", { default: "eshop", pattern: /^[a-z][a-z0-9-]{1,30}$/, rule: "must be a lowercase repository namespace" }),
    untaggedExpiryDays: section.integer("untaggedExpiryDays", { min: 1, max: 365 }),
    keepLastImages: section.integer("keepLastImages", { min: 5, max: 1000 }),
  };
  section.done();
  return settings;
}

export function readImages(section: Section, serviceNames: string[]): Record<string, ImageSetting> {
  const images: Record<string, ImageSetting> = {};
  for (const name of serviceNames) {
    const value = section.string(name, {});
    if (value === UNPUBLISHED) {
      images[name] = { published: false };
    } else if (DIGEST.test(value)) {
      images[name] = { published: true, digest: value };
    } else {
      const match = REFERENCE.exec(value);
      if (!match) {
        throw new InvalidSetting(section.keyOf(name), `must be sha256:<64 hex>, <repository>@sha256:<64 hex> or '${UNPUBLISHED}'; tags are refused (got '${value}')`);
      }
      images[name] = { published: true, repository: match[1], digest: match[3] };
    }
  }
  section.done();
  return images;
}

/** The full image reference for a service, given this stack's ECR repository URL for it. */
export function imageReference(image: ImageSetting, stackRepositoryUrl: string): string | undefined {
  if (!image.published) return undefined;
  return `${image.repository ?? stackRepositoryUrl}@${image.digest}`;
}
