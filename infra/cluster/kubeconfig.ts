import * as pulumi from "@pulumi/pulumi";

export interface KubeconfigArgs {
  clusterName: pulumi.Input<string>;
  endpoint: pulumi.Input<string>;
  certificateAuthority: pulumi.Input<string>;
  region: string;
}

/**
 * A kubeconfig built from the cluster's own outputs, authenticating with `aws eks get-token`
 * so it holds no long-lived credential. It is an Output passed straight to the Kubernetes
 * provider, never unwrapped in an `apply` that creates resources: during the first preview the
 * cluster does not exist yet and such code would silently not run (pulumi/pulumi#12372).
 */
export function kubeconfig(args: KubeconfigArgs): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([args.clusterName, args.endpoint, args.certificateAuthority]).apply(([name, server, ca]) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
          {
            name,
            user: {
              exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
                interactiveMode: "Never",
              },
            },
          },
        ],
      }),
    ),
  );
}
