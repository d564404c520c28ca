import * as pulumi from "@pulumi/pulumi";
import { currentSettings } from "../stacks";
import { createPlatform } from "./platform";
import { deployShop } from "./workloads/shop";

// Settings first: an invalid or unsafe stack fails here, before any resource is registered.
const settings = currentSettings();
const platform = createPlatform(settings);
const shop = deployShop(settings, platform);

export const url = `https://${settings.dns.host}`;
export const clusterName = platform.cluster.name;
export const kubeconfig = pulumi.secret(platform.cluster.kubeconfig);
export const databaseEndpoint = platform.database.endpoint;
export const certificateArn = platform.domain.certificateArn;
export const webAclArn = platform.edgeProtection.webAclArn;
export const imageRepositoryUrls = platform.images?.urls;
export const vpcId = platform.network.vpcId;
export const loadBalancerDnsName = shop?.edge.dnsName;
export const workloadNamespace = shop?.workloads.namespace;
// The digests this stack runs: PR previews load them into the config, rollbacks redeploy earlier ones.
export const images = shop?.images;
