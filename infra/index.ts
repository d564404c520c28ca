import * as pulumi from "@pulumi/pulumi";
import { currentSettings } from "../stacks";
import { createPlatform } from "./platform";
import { Telemetry } from "./telemetry";
import { deployShop } from "./shop";

// Settings first: an invalid or unsafe stack fails here, before any resource is registered.
const settings = currentSettings();
const platform = createPlatform(settings);
const shop = deployShop(settings, platform);
const telemetry = settings.telemetry.enabled
  ? new Telemetry(
      "telemetry",
      {
        settings: settings.telemetry,
        region: settings.region,
        clusterName: platform.cluster.name,
        clusterArn: platform.cluster.arn,
        shopNamespace: shop?.workloads.namespace,
        readyForWorkloads: platform.cluster.readyForWorkloads,
      },
      { providers: [platform.cluster.provider] },
    )
  : undefined;

export const url = `https://${settings.dns.host}`;
export const clusterName = platform.cluster.name;
export const kubeconfig = pulumi.secret(platform.cluster.kubeconfig);
export const databaseEndpoint = platform.database.endpoint;
export const certificateArn = platform.domain.certificateArn;
export const webAclArn = shop?.cdn.webAclArn;
export const imageRepositoryUrls = platform.images?.urls;
export const vpcId = platform.network.vpcId;
export const loadBalancerDnsName = shop?.edge.dnsName;
export const cdnDomainName = shop?.cdn.domainName;
export const workloadNamespace = shop?.workloads.namespace;
// The digests this stack runs: PR previews load them into the config, rollbacks redeploy earlier ones.
export const images = shop?.images;
// The deploy workflow reads these before it promotes a canary (README "Delivery").
export const canaryAlarmNames = shop?.edge.canaryAlarmNames;
export const canaryAnalysis = shop?.canaryAnalysis;
export const containerLogGroup = telemetry?.logGroupName;
// Per catalog operator (services/catalog.json `operators`), its internal credential: README "Outputs".
export const operatorCredentials = shop && pulumi.secret(pulumi.output(shop.workloads.operatorCredentials));
