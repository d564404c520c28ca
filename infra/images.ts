import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEPLOYED_TAG_PREFIX, type RegistrySettings } from "../stacks/images";

type OwnedRegistry = Extract<RegistrySettings, { createRepositories: true }>;

export interface ImageRepositoriesArgs {
  /** Services from the catalog, one repository each. */
  serviceNames: string[];
  settings: OwnedRegistry;
  production: boolean;
}

/**
 * ECR lifecycle: images the pipeline tagged `deployed-*` (every image a stack ran, so every digest
 * a stack or a rollback can still use) match the first rule, and an image matched by a rule can
 * never be expired by a lower-priority one; only the newest keepDeployedImages of them are kept.
 * Then untagged leftovers expire, and of the remaining (never deployed) builds the last N stay.
 */
export function lifecyclePolicy(settings: OwnedRegistry): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Spare the last ${settings.keepDeployedImages} images a stack deployed`,
        selection: {
          tagStatus: "tagged",
          tagPrefixList: [DEPLOYED_TAG_PREFIX],
          countType: "imageCountMoreThan",
          countNumber: settings.keepDeployedImages,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Expire untagged images after ${settings.untaggedExpiryDays} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: settings.untaggedExpiryDays },
        action: { type: "expire" },
      },
      {
        rulePriority: 3,
        description: `Keep the last ${settings.keepLastImages} images that were never deployed`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: settings.keepLastImages },
        action: { type: "expire" },
      },
    ],
  });
}

/** Pull-only access for the nodes of other accounts (a separate production account). */
export function pullPolicy(accountIds: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PullFromOtherStackAccounts",
        Effect: "Allow",
        Principal: { AWS: accountIds.map((id) => `arn:aws:iam::${id}:root`) },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
      },
    ],
  });
}

/**
 * The one registry of the platform: one ECR repository per service, immutable tags, scanned on
 * push, owned by the stack whose settings say createRepositories (dev). Other stacks run the same
 * digests by full reference, pulled across accounts through the repository policy.
 */
export class ImageRepositories extends pulumi.ComponentResource {
  /** Service name -> repository URL. */
  readonly urls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ImageRepositoriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:images:ImageRepositories", name, {}, opts);
    const { settings } = args;
    for (const service of args.serviceNames) {
      const repository = new aws.ecr.Repository(
        `${name}-${service}`,
        {
          name: `${settings.repositoryPrefix}/${service}`,
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS" }],
          // A staging stack may be torn down with its images; production keeps them.
          forceDelete: !args.production,
        },
        { parent: this },
      );
      new aws.ecr.LifecyclePolicy(
        `${name}-${service}`,
        { repository: repository.name, policy: lifecyclePolicy(settings) },
        { parent: this },
      );
      if (settings.pullAccountIds.length > 0) {
        new aws.ecr.RepositoryPolicy(
          `${name}-${service}`,
          { repository: repository.name, policy: pullPolicy(settings.pullAccountIds) },
          { parent: this },
        );
      }
      this.urls[service] = repository.repositoryUrl;
    }
    this.registerOutputs({ urls: this.urls });
  }
}
