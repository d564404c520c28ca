import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegistrySettings } from "../stacks";

export interface ImageRepositoriesArgs {
  /** Services from the catalog, one repository each. */
  serviceNames: string[];
  settings: RegistrySettings;
  production: boolean;
}

/** One ECR repository per service: immutable tags, scanned on push, old images expired. */
export class ImageRepositories extends pulumi.ComponentResource {
  /** Service name -> repository URL. */
  readonly urls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ImageRepositoriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:infra:ImageRepositories", name, {}, opts);
    const { settings } = args;
    const lifecyclePolicy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${settings.untaggedExpiryDays} days`,
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: settings.untaggedExpiryDays },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${settings.keepLastImages} images`,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: settings.keepLastImages },
          action: { type: "expire" },
        },
      ],
    });

    for (const service of args.serviceNames) {
      const repository = new aws.ecr.Repository(`${name}-${service}`, {
        name: `${settings.repositoryPrefix}/${service}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        // A staging stack may be torn down with its images; production keeps them.
        forceDelete: !args.production,
      }, { parent: this });
      new aws.ecr.LifecyclePolicy(`${name}-${service}`, { repository: repository.name, policy: lifecyclePolicy }, { parent: this });
      this.urls[service] = repository.repositoryUrl;
    }
    this.registerOutputs({ urls: this.urls });
  }
}
