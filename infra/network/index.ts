import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkSettings } from "../../stacks";
import { assumeRolePolicy } from "../iam";
import { SubnetLayout, SubnetTier, subnetLayout } from "./layout";

export { SubnetLayout, SubnetPlacement, SubnetTier, cidrsOf } from "./layout";

export interface NetworkArgs {
  prefix: string;
  settings: NetworkSettings;
  region: string;
}

/**
 * VPC with a public and a private subnet in every configured AZ. Public subnets hold the
 * load balancers and NAT gateways; nodes, pods and the database live in private subnets.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** The subnets' AZs and CIDRs (known at plan time): what policies that admit a tier's addresses read. */
  readonly layout: SubnetLayout;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:network:Network", name, {}, opts);
    const { prefix, settings } = args;
    const parent = { parent: this };
    this.layout = subnetLayout(settings.vpcCidr, settings.availabilityZones);

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: settings.vpcCidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: prefix },
      },
      parent,
    );

    const internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: prefix } }, parent);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id }],
        tags: { Name: `${prefix}-public` },
      },
      parent,
    );

    const subnets = (tier: SubnetTier, role: string, extra: Partial<aws.ec2.SubnetArgs> = {}) =>
      this.layout[tier].map(
        ({ availabilityZone: az, cidrBlock }) =>
          new aws.ec2.Subnet(
            `${name}-${tier}-${az}`,
            {
              vpcId: vpc.id,
              availabilityZone: az,
              cidrBlock,
              ...extra,
              tags: { Name: `${prefix}-${tier}-${az}`, [`kubernetes.io/role/${role}`]: "1" },
            },
            parent,
          ),
      );
    const publicSubnets = subnets("public", "elb", { mapPublicIpOnLaunch: false });
    const privateSubnets = subnets("private", "internal-elb");

    publicSubnets.forEach(
      (subnet, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${settings.availabilityZones[i]}`,
          {
            subnetId: subnet.id,
            routeTableId: publicRoutes.id,
          },
          parent,
        ),
    );

    const natCount = settings.natGateways === "perAz" ? settings.availabilityZones.length : 1;
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
      const az = settings.availabilityZones[i];
      const ip = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc", tags: { Name: `${prefix}-nat-${az}` } }, parent);
      return new aws.ec2.NatGateway(
        `${name}-nat-${az}`,
        {
          subnetId: subnet.id,
          allocationId: ip.id,
          tags: { Name: `${prefix}-nat-${az}` },
        },
        { parent: this, dependsOn: [internetGateway] },
      );
    });

    const privateRouteTables = privateSubnets.map((subnet, i) => {
      const az = settings.availabilityZones[i];
      const routes = new aws.ec2.RouteTable(
        `${name}-private-${az}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: natGateways[Math.min(i, natCount - 1)].id }],
          tags: { Name: `${prefix}-private-${az}` },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(`${name}-private-${az}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
      return routes;
    });

    // ECR serves image layers from S3: the (free) gateway endpoint keeps them off the NAT gateways.
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRouteTables.map((r) => r.id),
        tags: { Name: `${prefix}-s3` },
      },
      parent,
    );

    this.createFlowLogs(name, prefix, vpc, settings);

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds });
  }

  private createFlowLogs(name: string, prefix: string, vpc: aws.ec2.Vpc, settings: NetworkSettings): void {
    const parent = { parent: this };
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: `/eshop/${prefix}/vpc-flow-logs`,
        retentionInDays: settings.flowLogRetentionDays,
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com"),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.id,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: settings.flowLogAggregationSeconds,
      },
      parent,
    );
  }
}
