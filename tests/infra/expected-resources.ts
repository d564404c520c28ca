import type { Settings } from "../../stacks";

/**
 * The resources the platform layer (infra/ without the shop layer: workloads, edge, CDN and its WAF) must register for a stack, derived
 * from its settings: what changes between stacks is the AZ count, the NAT mode and the catalog.
 */
export function expectedPlatformResources(settings: Settings): Record<string, number> {
  const azs = settings.network.availabilityZones.length;
  const nats = settings.network.natGateways === "perAz" ? azs : 1;
  const services = settings.registry.createRepositories ? settings.services.length : 0;
  const repositoryPolicies = settings.registry.createRepositories && settings.registry.pullAccountIds.length > 0 ? services : 0;
  const accessEntries = 2 + settings.access.clusterAdminArns.length;
  // infra/telemetry: the containers' log group, a role + policy + association each for the collector and Fluent Bit, two releases.
  const telemetry = settings.telemetry.enabled ? 1 : 0;
  const expected: Record<string, number> = {
    "aws:acm/certificate:Certificate": 1,
    "aws:acm/certificateValidation:CertificateValidation": 1,
    "aws:cloudwatch/logGroup:LogGroup": 4 + telemetry, // VPC flow logs, EKS control plane, RDS postgresql and upgrade (+ containers)
    "aws:ec2/eip:Eip": nats,
    "aws:ec2/flowLog:FlowLog": 1,
    "aws:ec2/internetGateway:InternetGateway": 1,
    "aws:ec2/launchTemplate:LaunchTemplate": 1,
    "aws:ec2/natGateway:NatGateway": nats,
    "aws:ec2/routeTable:RouteTable": 1 + azs,
    "aws:ec2/routeTableAssociation:RouteTableAssociation": 2 * azs,
    "aws:ec2/securityGroup:SecurityGroup": 1,
    "aws:ec2/subnet:Subnet": 2 * azs,
    "aws:ec2/vpc:Vpc": 1,
    "aws:ec2/vpcEndpoint:VpcEndpoint": 1, // S3 gateway
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": services,
    "aws:ecr/repository:Repository": services,
    "aws:ecr/repositoryPolicy:RepositoryPolicy": repositoryPolicies,
    "aws:eks/accessEntry:AccessEntry": accessEntries,
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": accessEntries,
    "aws:eks/addon:Addon": 6, // VPC CNI, kube-proxy, Pod Identity agent, CoreDNS, metrics-server, EBS CSI
    "aws:eks/cluster:Cluster": 1,
    "aws:eks/nodeGroup:NodeGroup": azs,
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": 2 + 2 * telemetry, // LB controller, cluster autoscaler (+ collector, Fluent Bit)
    "aws:iam/role:Role": 6 + 2 * telemetry, // flow logs, control plane, nodes, LB controller, cluster autoscaler, EBS CSI (+ telemetry)
    "aws:iam/rolePolicy:RolePolicy": 3 + 2 * telemetry,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 5,
    "aws:kms/alias:Alias": 1,
    "aws:kms/key:Key": 1,
    "aws:rds/instance:Instance": 1,
    "aws:rds/parameterGroup:ParameterGroup": 1,
    "aws:rds/subnetGroup:SubnetGroup": 1,
    "aws:route53/record:Record": 1, // certificate validation
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
    "eshop:cluster:Cluster": 1,
    "eshop:database:Database": 1,
    "eshop:dns:ShopDomain": 1,
    "eshop:images:ImageRepositories": settings.registry.createRepositories ? 1 : 0,
    "eshop:network:Network": 1,
    "kubernetes:helm.sh/v3:Release": 2 + 2 * telemetry, // LB controller, cluster autoscaler (+ collector, Fluent Bit)
    "pulumi:providers:kubernetes": 1,
    "random:index/randomPassword:RandomPassword": 2, // RDS master, db-service runtime role
  };
  return Object.fromEntries(Object.entries(expected).filter(([, count]) => count > 0));
}

/** The platform layer's components (infra/platform.ts), by the modules of their type tokens. */
const PLATFORM_MODULES = ["cluster", "database", "dns", "images", "network"];

/** Types owned by the platform layer; Kubernetes objects are checked by the workloads tests. */
export function isPlatformType(type: string): boolean {
  const platformComponent = new RegExp(`^eshop:(${PLATFORM_MODULES.join("|")}):`);
  return platformComponent.test(type) || /^(aws:|random:|pulumi:providers:|kubernetes:helm\.sh\/v3:Release$)/.test(type);
}
