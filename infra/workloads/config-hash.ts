import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** Pod template annotation that changes whenever the data of the ConfigMap or Secret a pod reads changes. */
export const CONFIG_HASH_ANNOTATION = "eshop.io/config-hash";

/**
 * A SHA-256 over the environment a pod gets through envFrom. ConfigMaps and Secrets are read only
 * when a container starts, so without this a changed setting or a rotated secret would wait for
 * the next image to reach the pods; with it, the pod template changes and the Deployment rolls.
 * The hash reveals nothing of the secrets, so it is not kept secret (the plan shows it change).
 */
export function configHash(...sources: pulumi.Input<Record<string, pulumi.Input<string>>>[]): pulumi.Output<string> {
  const hash = pulumi.all(sources.map((source) => pulumi.output(source))).apply((resolved) => {
    const entries = resolved.flatMap((data, i) =>
      Object.keys(data)
        .sort()
        .map((key) => `${i}\u0000${key}\u0000${data[key]}`),
    );
    return createHash("sha256").update(entries.join("\u0001")).digest("hex");
  });
  return pulumi.unsecret(hash);
}
