import type { Settings } from "../../stacks";

/**
 * The resources the platform layer (infra/ without workloads) must register for a stack, derived
 * from its settings: what changes between stacks is the AZ count, the NAT mode and the catalog.
 */
export function expectedPlatformResources(settings: Settings): Record<string, number> {
  const azs = settings.network.availabilityZones.length;
  const nats = settings.network.natGateways === "perAz" ? azs : 1;
  const services = settings.registry.createRepositories ? settings.services.length : 0;
  const repositoryPolicies = settings.registry.createRepositories && settings.registry.pullAccountIds.length > 0 ? services : 0;
  const accessEntries = 2 + settings.access.clusterAdminArns.length;
  const expected: Record<string, number> = {
    "aws:acm/certificate:Certificate": 1,
    "aws:acm/certificateValidation:CertificateValidation": 1,
    "aws:cloudwatch/logGroup:LogGroup": 5, // VPC flow logs, EKS control plane, WAF, RDS postgresql and upgrade
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
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": 2, // LB controller, cluster autoscaler
    "aws:iam/role:Role": 6, // flow logs, control plane, nodes, LB controller, cluster autoscaler, EBS CSI
    "aws:iam/rolePolicy:RolePolicy": 3,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 5,
    "aws:kms/alias:Alias": 1,
    "aws:kms/key:Key": 1,
    "aws:rds/instance:Instance": 1,
    "aws:rds/parameterGroup:ParameterGroup": 1,
    "aws:rds/subnetGroup:SubnetGroup": 1,
    "aws:route53/record:Record": 1, // certificate validation
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
    "aws:wafv2/webAcl:WebAcl": 1,
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
    "eshop:infra:Cluster": 1,
    "eshop:infra:Database": 1,
    "eshop:infra:EdgeProtection": 1,
    "eshop:infra:ImageRepositories": settings.registry.createRepositories ? 1 : 0,
    "eshop:infra:Network": 1,
    "eshop:infra:ShopDomain": 1,
    "kubernetes:helm.sh/v3:Release": 2, // LB controller, cluster autoscaler
    "pulumi:providers:kubernetes": 1,
    "random:index/randomPassword:RandomPassword": 2, // RDS master, db-service runtime role
  };
  return Object.fromEntries(Object.entries(expected).filter(([, count]) => count > 0));
}

/** Types owned by the platform layer; Kubernetes objects are checked by the workloads tests. */
export function isPlatformType(type: string): boolean {
  return /^(aws:|random:|eshop:infra:|pulumi:providers:|kubernetes:helm\.sh\/v3:Release$)/.test(type);
}
