import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Settings } from "../../stacks";
import { credentialDigest } from "../../infra/workloads/internal-credentials";
import { expectedPlatformResources, isPlatformType } from "./expected-resources";
import { isShopLayer } from "./k8s-shop-layer";
import type { RecordedResource } from "./mocks";
import { ProgramRun, runProgram } from "./program";
import { StackName, stackSettings } from "./stack-config";

/**
 * Runs the whole program for one stack under mocks and checks what each component asked AWS for.
 * Expected values come from the stack's own settings, so the same suite serves dev and prod.
 */
export function describeStack(stack: StackName): void {
  describe(`stack ${stack}`, () => {
    let run: ProgramRun;
    let settings: Settings;
    const all = (type: string) => run.mocks.ofType(type).filter((r) => !isShopLayer(r.name));
    const one = (type: string): RecordedResource => {
      const found = all(type);
      assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
      return found[0];
    };
    const production = stack === "prod";

    before(async () => {
      settings = stackSettings(stack);
      run = await runProgram(stack);
    });

    it("registers the expected count of resources per type", (t) => {
      const counts = run.mocks.countsByType();
      const width = Math.max(...counts.map(([type]) => type.length));
      t.diagnostic(`resources of stack ${stack} (${run.mocks.resources.length} in all):`);
      for (const [type, count] of counts) t.diagnostic(`  ${type.padEnd(width)}  ${String(count).padStart(3)}`);
      const platform = Object.fromEntries(
        counts
          .filter(([type]) => isPlatformType(type))
          .map(([type]) => [type, all(type).length] as const)
          .filter(([, count]) => count > 0),
      );
      assert.deepEqual(platform, expectedPlatformResources(settings));
    });

    it("exports the URL, cluster name, secret kubeconfig, database endpoint and ECR URLs", () => {
      const outputs = run.outputs as Record<string, any>;
      assert.equal(outputs.url, `https://${settings.dns.host}`);
      assert.equal(outputs.clusterName, `eshop-${stack}`);
      assert.match(outputs.databaseEndpoint, /^eshop-\w+\.c0ffee\.eu-west-1\.rds\.amazonaws\.com:5432$/);
      if (settings.registry.createRepositories)
        assert.deepEqual(
          Object.keys(outputs.imageRepositoryUrls),
          settings.services.map((s) => s.name),
        );
      else assert.equal(outputs.imageRepositoryUrls, undefined, "a stack without repositories exports none");
      assert.ok(run.secretOutputs.includes("kubeconfig"), "kubeconfig must be a secret output");
      const kubeconfig = JSON.parse(outputs.kubeconfig);
      assert.deepEqual(kubeconfig.users[0].user.exec.args.slice(0, 4), ["eks", "get-token", "--cluster-name", `eshop-${stack}`]);
      assert.equal(kubeconfig.clusters[0].cluster.server, `https://eshop-${stack}.gr7.eu-west-1.eks.amazonaws.com`);
    });

    it("exports each catalog operator's credential as a secret output, the one its callees know by digest", () => {
      const credentials = (run.outputs as Record<string, any>).operatorCredentials as Record<string, string>;
      assert.ok(run.secretOutputs.includes("operatorCredentials"), "operatorCredentials must be a secret output");
      assert.deepEqual(
        Object.keys(credentials),
        settings.catalog.operators.map((o) => o.name),
      );
      const [name] = settings.catalog.operators.map((o) => o.name);
      const db = run.mocks.ofType("kubernetes:core/v1:Secret").find((r) => r.inputs.metadata.name === "db-service")!;
      assert.equal(db.inputs.stringData[`InternalAuth__Callers__${name}`], credentialDigest(credentials[name]));
    });

    it("never exports the database password in clear", () => {
      const clear = Object.entries(run.outputs).filter(([key]) => !run.secretOutputs.includes(key));
      assert.doesNotMatch(JSON.stringify(clear), /mock-password/);
    });

    describe("network", () => {
      it("has a public and a private subnet in every configured AZ, tagged for load balancers", () => {
        const subnets = all("aws:ec2/subnet:Subnet");
        for (const az of settings.network.availabilityZones) {
          const inAz = subnets.filter((s) => s.inputs.availabilityZone === az);
          assert.deepEqual(inAz.map((s) => s.inputs.tags["kubernetes.io/role/elb"] ?? "private").sort(), ["1", "private"]);
          assert.equal(inAz.find((s) => !s.inputs.tags["kubernetes.io/role/elb"])!.inputs.tags["kubernetes.io/role/internal-elb"], "1");
        }
        const cidrs = subnets.map((s) => s.inputs.cidrBlock);
        assert.equal(new Set(cidrs).size, cidrs.length);
        assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch !== true));
      });

      it(`has ${production ? "one NAT gateway per AZ" : "one shared NAT gateway"} and routes each private subnet through NAT`, () => {
        const nats = all("aws:ec2/natGateway:NatGateway");
        assert.equal(nats.length, production ? settings.network.availabilityZones.length : 1);
        const natIds = new Set(nats.map((n) => `${n.name}-id`));
        const privateTables = all("aws:ec2/routeTable:RouteTable").filter((r) => r.name.includes("private"));
        assert.equal(privateTables.length, settings.network.availabilityZones.length);
        assert.ok(privateTables.every((r) => natIds.has(r.inputs.routes[0].natGatewayId) && r.inputs.routes[0].cidrBlock === "0.0.0.0/0"));
        assert.equal(new Set(privateTables.map((r) => r.inputs.routes[0].natGatewayId)).size, nats.length);
      });

      it("logs all VPC traffic to CloudWatch", () => {
        const flowLog = one("aws:ec2/flowLog:FlowLog");
        assert.equal(flowLog.inputs.trafficType, "ALL");
        assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
        const group = all("aws:cloudwatch/logGroup:LogGroup").find((g) => g.name === "network-flow-logs")!;
        assert.equal(group.inputs.retentionInDays, settings.network.flowLogRetentionDays);
        assert.equal(flowLog.inputs.maxAggregationInterval, production ? 60 : 600, "the stack's own aggregation window");
      });

      it("keeps ECR's S3 layer downloads off the NAT gateways with an S3 gateway endpoint on every private route table", () => {
        const endpoint = one("aws:ec2/vpcEndpoint:VpcEndpoint").inputs;
        assert.deepEqual([endpoint.serviceName, endpoint.vpcEndpointType], ["com.amazonaws.eu-west-1.s3", "Gateway"]);
        const privateTables = all("aws:ec2/routeTable:RouteTable")
          .filter((r) => r.name.includes("private"))
          .map((r) => `${r.name}-id`);
        assert.deepEqual([...endpoint.routeTableIds].sort(), privateTables.sort());
      });
    });

    describe("cluster", () => {
      it("runs the configured version in private subnets with secrets encrypted by a rotated KMS key", () => {
        const cluster = one("aws:eks/cluster:Cluster").inputs;
        assert.equal(cluster.version, settings.cluster.kubernetesVersion);
        const privateSubnetIds = all("aws:ec2/subnet:Subnet")
          .filter((s) => s.name.includes("private"))
          .map((s) => `${s.name}-id`);
        assert.deepEqual([...cluster.vpcConfig.subnetIds].sort(), privateSubnetIds.sort());
        assert.deepEqual(cluster.encryptionConfig.resources, ["secrets"]);
        const key = one("aws:kms/key:Key");
        assert.equal(cluster.encryptionConfig.provider.keyArn, `arn:aws:kms:eu-west-1:123456789012:${key.name}`);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(cluster.deletionProtection, production);
      });

      it("limits the public API endpoint to the configured CIDRs and keeps a private endpoint", () => {
        const vpcConfig = one("aws:eks/cluster:Cluster").inputs.vpcConfig;
        assert.equal(vpcConfig.endpointPrivateAccess, true);
        assert.equal(vpcConfig.endpointPublicAccess, true);
        assert.deepEqual(vpcConfig.publicAccessCidrs, settings.access.apiAccessCidrs);
      });

      it("sends the stack's control-plane log types to a log group with the configured retention", () => {
        assert.deepEqual(one("aws:eks/cluster:Cluster").inputs.enabledClusterLogTypes, settings.cluster.logTypes);
        assert.equal(settings.cluster.logTypes.includes("audit"), production, "audit logs in production only");
        const group = all("aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === `/aws/eks/eshop-${stack}/cluster`)!;
        assert.equal(group.inputs.retentionInDays, settings.cluster.logRetentionDays);
      });

      it("starts nodes from a launch template that requires IMDSv2 with a hop limit of 1", () => {
        const template = one("aws:ec2/launchTemplate:LaunchTemplate").inputs;
        assert.deepEqual(template.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        assert.equal(template.blockDeviceMappings[0].ebs.encrypted, "true");
      });

      it("has one private managed node group per AZ, sized from settings, on that launch template", () => {
        const groups = all("aws:eks/nodeGroup:NodeGroup");
        const subnets = all("aws:ec2/subnet:Subnet");
        assert.equal(groups.length, settings.network.availabilityZones.length);
        for (const group of groups) {
          const subnet = subnets.find((s) => `${s.name}-id` === group.inputs.subnetIds[0])!;
          assert.ok(subnet.name.includes("private"), `${group.name} must be in a private subnet`);
          assert.deepEqual(group.inputs.scalingConfig, {
            minSize: settings.cluster.nodesPerAz.min,
            desiredSize: settings.cluster.nodesPerAz.desired,
            maxSize: settings.cluster.nodesPerAz.max,
          });
          assert.deepEqual(group.inputs.instanceTypes, settings.cluster.nodeInstanceTypes);
          assert.equal(group.inputs.launchTemplate.id, `${one("aws:ec2/launchTemplate:LaunchTemplate").name}-id`);
        }
        assert.deepEqual(new Set(groups.map((g) => g.inputs.subnetIds[0])).size, groups.length);
      });

      it("installs the managed add-ons, with network policy enforcement on in the VPC CNI", () => {
        const addons = Object.fromEntries(all("aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a.inputs]));
        assert.deepEqual(Object.keys(addons).sort(), [
          "aws-ebs-csi-driver",
          "coredns",
          "eks-pod-identity-agent",
          "kube-proxy",
          "metrics-server",
          "vpc-cni",
        ]);
        assert.deepEqual(JSON.parse(addons["vpc-cni"].configurationValues), { enableNetworkPolicy: "true" });
      });

      it("installs the Load Balancer Controller and the Cluster Autoscaler with AWS access through Pod Identity only", () => {
        const releases = Object.fromEntries(all("kubernetes:helm.sh/v3:Release").map((r) => [r.inputs.chart, r.inputs]));
        assert.equal(releases["aws-load-balancer-controller"].version, settings.cluster.loadBalancerControllerChartVersion);
        assert.equal(releases["aws-load-balancer-controller"].values.clusterName, `eshop-${stack}`);
        assert.equal(releases["cluster-autoscaler"].values.autoDiscovery.clusterName, `eshop-${stack}`);
        assert.equal(releases["cluster-autoscaler"].values.image, undefined, "the autoscaler image is the chart's own appVersion");
        const associations = all("aws:eks/podIdentityAssociation:PodIdentityAssociation")
          .filter((a) => a.inputs.namespace === "kube-system")
          .map((a) => `${a.inputs.namespace}/${a.inputs.serviceAccount}`);
        assert.deepEqual(associations.sort(), ["kube-system/aws-load-balancer-controller", "kube-system/cluster-autoscaler"]);
        const trusts: Record<string, string> = {
          "lb-controller": "aws-load-balancer-controller",
          autoscaler: "cluster-autoscaler",
          "ebs-csi": "ebs-csi-controller-sa",
        };
        for (const [role, serviceAccount] of Object.entries(trusts)) {
          const [statement] = JSON.parse(
            all("aws:iam/role:Role").find((r) => r.name === `cluster-${role}`)!.inputs.assumeRolePolicy,
          ).Statement;
          assert.equal(statement.Principal.Service, "pods.eks.amazonaws.com");
          assert.deepEqual(
            statement.Condition,
            {
              StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-name": `eshop-${stack}`,
                "aws:RequestTag/kubernetes-namespace": "kube-system",
                "aws:RequestTag/kubernetes-service-account": serviceAccount,
              },
              ArnEquals: { "aws:SourceArn": `arn:aws:eks:eu-west-1:123456789012:cluster/eshop-${stack}` },
            },
            `${role}: only ${serviceAccount} of this cluster may assume it`,
          );
        }
      });

      it("gives the workloads layer a Kubernetes provider built from the cluster's kubeconfig", () => {
        const provider = one("pulumi:providers:kubernetes");
        assert.ok(provider.secretInputs.includes("kubeconfig"));
        assert.equal(JSON.parse(provider.inputs.kubeconfig)["current-context"], `eshop-${stack}`);
        const releaseProviders = all("kubernetes:helm.sh/v3:Release").map((r) => r.provider ?? "");
        assert.ok(
          releaseProviders.every((p) => p.includes("pulumi:providers:kubernetes::cluster-k8s")),
          releaseProviders.join(", "),
        );
      });
    });

    describe("database", () => {
      it(`is encrypted, private${production ? ", Multi-AZ, protected and snapshotted on delete" : " and single-AZ"}`, () => {
        const db = one("aws:rds/instance:Instance").inputs;
        assert.equal(db.engine, "postgres");
        assert.equal(db.storageEncrypted, true);
        assert.equal(db.publiclyAccessible, false);
        assert.equal(db.multiAz, production);
        assert.equal(db.deletionProtection, production);
        assert.equal(db.skipFinalSnapshot, !production);
        assert.equal(db.backupRetentionPeriod, settings.database.backupRetentionDays);
        assert.equal(db.password, "mock-password-of-database-password");
        assert.ok(one("aws:rds/instance:Instance").secretInputs.includes("password"), "the password must reach RDS as a secret");
        const subnetGroup = one("aws:rds/subnetGroup:SubnetGroup").inputs;
        assert.ok(subnetGroup.subnetIds.every((id: string) => id.includes("private")));
      });

      it("forces TLS and logs statements without their parameter values through its parameter group", () => {
        const params = one("aws:rds/parameterGroup:ParameterGroup").inputs;
        assert.equal(params.family, settings.database.parameterGroupFamily);
        const value = (name: string) => params.parameters.find((p: { name: string }) => p.name === name)?.value;
        assert.equal(value("rds.force_ssl"), "1");
        assert.equal(value("log_parameter_max_length"), "0");
        assert.equal(value("log_parameter_max_length_on_error"), "0");
      });

      it("pre-creates its log groups with the configured retention", () => {
        const exported = one("aws:rds/instance:Instance").inputs.enabledCloudwatchLogsExports as string[];
        for (const log of exported) {
          const group = all("aws:cloudwatch/logGroup:LogGroup").find(
            (g) => g.inputs.name === `/aws/rds/instance/${settings.database.identifier}/${log}`,
          );
          assert.equal(group?.inputs.retentionInDays, settings.database.logRetentionDays, log);
        }
      });

      it("admits 5432 from the cluster security group and nothing else", () => {
        const rule = one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs;
        assert.equal(rule.referencedSecurityGroupId, `sg-eshop-${stack}-cluster`);
        assert.equal(rule.cidrIpv4, undefined);
        assert.deepEqual([rule.ipProtocol, rule.fromPort, rule.toPort], ["tcp", 5432, 5432]);
        assert.equal(one("aws:ec2/securityGroup:SecurityGroup").inputs.ingress, undefined);
      });
    });

    describe("DNS and certificate", () => {
      it("looks up the configured public zone and validates a certificate for the shop host by DNS", () => {
        const lookup = run.mocks.calls.find((c) => c.token === "aws:route53/getZone:getZone")!;
        assert.deepEqual(
          { name: lookup.inputs.name, privateZone: lookup.inputs.privateZone },
          { name: settings.dns.zone, privateZone: false },
        );
        const certificate = one("aws:acm/certificate:Certificate").inputs;
        assert.equal(certificate.domainName, settings.dns.host);
        assert.equal(certificate.validationMethod, "DNS");
        const record = one("aws:route53/record:Record").inputs;
        assert.deepEqual([record.zoneId, record.type, record.name], ["Z0MOCKZONE12345", "CNAME", `_0a1b2c.${settings.dns.host}.`]);
        assert.deepEqual(one("aws:acm/certificateValidation:CertificateValidation").inputs.validationRecordFqdns, [
          `_0a1b2c.${settings.dns.host}`,
        ]);
        assert.match(String(run.outputs.certificateArn), /^arn:aws:acm:/);
      });
    });

    describe("images", () => {
      it(
        production
          ? "creates no repositories: it runs the registry stack's images by full reference"
          : "has one immutable, scanned ECR repository with a lifecycle policy per catalog service",
        () => {
          const repositories = all("aws:ecr/repository:Repository");
          if (!settings.registry.createRepositories) {
            assert.deepEqual(repositories, []);
            assert.ok(
              settings.services.every((s) => s.image.published && s.image.repository),
              "every image is a full reference",
            );
            return;
          }
          assert.deepEqual(
            repositories.map((r) => r.inputs.name),
            settings.services.map((s) => `eshop/${s.name}`),
          );
          assert.ok(
            repositories.every(
              (r) => r.inputs.imageTagMutability === "IMMUTABLE" && r.inputs.imageScanningConfiguration.scanOnPush === true,
            ),
          );
          assert.equal(repositories[0].inputs.forceDelete, !production);
          for (const policy of all("aws:ecr/lifecyclePolicy:LifecyclePolicy")) {
            const rules = JSON.parse(policy.inputs.policy).rules;
            assert.deepEqual(rules[0].selection, {
              tagStatus: "tagged",
              tagPrefixList: ["deployed-"],
              countType: "imageCountMoreThan",
              countNumber: settings.registry.keepDeployedImages,
            });
            assert.equal(rules[1].selection.countNumber, settings.registry.untaggedExpiryDays);
            assert.equal(rules[2].selection.countNumber, settings.registry.keepLastImages);
            assert.equal(rules[2].selection.tagStatus, "any");
            assert.deepEqual(
              rules.map((r: any) => r.rulePriority),
              [1, 2, 3],
              "the deployed images' rule comes first, so no later rule can expire them",
            );
          }
        },
      );
    });
  });
}
