import { InvalidSetting } from "./errors";
import { Section } from "./section";

/**
 * One registry for every stack: the stack that owns it (`createRepositories`, dev) creates the ECR
 * repositories and lets the accounts in `pullAccountIds` pull; the others (prod) create none and
 * run the same images by full reference, so promotion copies nothing and names never collide.
 */
export type RegistrySettings =
  | {
      createRepositories: true;
      /** ECR repositories are named `<prefix>/<service>`. */
      repositoryPrefix: string;
      /** Other AWS accounts whose nodes may pull (a production account separate from this one). */
      pullAccountIds: string[];
      untaggedExpiryDays: number;
      keepLastImages: number;
      /** Images tagged `deployed-*` (every image a stack ran) that no other rule may expire. */
      keepDeployedImages: number;
    }
  | { createRepositories: false };

/** Tag the pipeline adds to every image it deploys (.github/scripts/tag-deployed-images.sh). */
export const DEPLOYED_TAG_PREFIX = "deployed-";

/**
 * What a stack runs for one service, always by digest so promotion moves exactly what was tested:
 * - `sha256:<64 hex>`: that digest in this stack's own ECR repository for the service;
 * - `<registry>/<repository>@sha256:<64 hex>`: that exact image elsewhere;
 * - `unpublished`: the placeholder of a stack whose images were never built (refused in production).
 */
export type ImageSetting = { published: true; digest: string; repository?: string } | { published: false };

export const UNPUBLISHED = "unpublished";
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REFERENCE = /^([a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+)@(sha256:[0-9a-f]{64})$/;

export function readRegistry(section: Section): RegistrySettings {
  if (!section.boolean("createRepositories")) {
    section.done();
    return { createRepositories: false };
  }
  const settings: RegistrySettings = {
    createRepositories: true,
    repositoryPrefix: section.string("repositoryPrefix", {
      default: "eshop",
      pattern: /^[a-z][a-z0-9-]{1,30}$/,
      rule: "must be a lowercase repository namespace",
    }),
    pullAccountIds: section.stringList("pullAccountIds", {
      minItems: 0,
      maxItems: 10,
      default: [],
      item: (id, key) => {
        if (!/^\d{12}$/.test(id)) throw new InvalidSetting(key, `must be a 12-digit AWS account id (got '${id}')`);
      },
    }),
    untaggedExpiryDays: section.integer("untaggedExpiryDays", { min: 1, max: 365 }),
    keepLastImages: section.integer("keepLastImages", { min: 5, max: 1000 }),
    keepDeployedImages: section.integer("keepDeployedImages", { min: 50, max: 10000, default: 500 }),
  };
  section.done();
  return settings;
}

export function readImages(section: Section, serviceNames: string[], registry: RegistrySettings): Record<string, ImageSetting> {
  const images: Record<string, ImageSetting> = {};
  for (const name of serviceNames) {
    const value = section.string(name, {});
    if (value === UNPUBLISHED) {
      images[name] = { published: false };
    } else if (DIGEST.test(value)) {
      if (!registry.createRepositories) {
        throw new InvalidSetting(
          section.keyOf(name),
          "must be a full <repository>@sha256:<digest>: this stack creates no repositories (eshop:registry.createRepositories is false)",
        );
      }
      images[name] = { published: true, digest: value };
    } else {
      const match = REFERENCE.exec(value);
      if (!match) {
        throw new InvalidSetting(
          section.keyOf(name),
          `must be sha256:<64 hex>, <repository>@sha256:<64 hex> or '${UNPUBLISHED}'; tags are refused (got '${value}')`,
        );
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
