import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DatabaseSettings } from "../stacks";

export interface DatabaseArgs {
  settings: DatabaseSettings;
  production: boolean;
  vpcId: pulumi.Input<string>;
  privateSubnetIds: pulumi.Input<string>[];
  publicSubnetIds: pulumi.Input<string>[];
  /** The only source admitted on 5432: the EKS cluster security group (nodes and pods). */
  clientSecurityGroupId: pulumi.Input<string>;
}

export const POSTGRES_PORT = 5432;
/** Where the db-service image holds the RDS CA bundle (services/Dockerfile adds it at build time). */
export const RDS_CA_BUNDLE_PATH = "/etc/ssl/certs/rds-global-bundle.pem";
/** The login db-service runs as: DML only, created and kept in step by the migration Job. */
export const RUNTIME_ROLE = "eshop_app";
/** Multi-AZ creates and modifications routinely take 30-60 minutes; Pulumi's default is 40. */
const RDS_TIMEOUTS = { create: "90m", update: "90m", delete: "60m" };

/** RDS PostgreSQL, encrypted, TLS only, reachable on 5432 from the cluster and from nowhere else. */
export class Database extends pulumi.ComponentResource {
  readonly endpoint: pulumi.Output<string>;
  readonly address: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly databaseName: string;
  readonly username: string;
  readonly password: pulumi.Output<string>;
  /** Npgsql connection string of db-service (secret): the DML-only runtime role, TLS verified against the RDS CA. */
  readonly connectionString: pulumi.Output<string>;
  /** Npgsql connection string of the migration Job (secret): the master user, which owns the schema (DDL). */
  readonly migrationConnectionString: pulumi.Output<string>;
  /** The runtime role's password (secret): the migration Job sets it, db-service logs in with it. */
  readonly runtimePassword: pulumi.Output<string>;
  /** The RDS instance: what db-service and its migration wait for. */
  readonly instance: aws.rds.Instance;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:database:Database", name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };

    const subnets = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        description: `${settings.identifier} database subnets`,
        subnetIds: settings.publiclyAccessible ? args.publicSubnetIds : args.privateSubnetIds,
      },
      parent,
    );

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `${settings.identifier} PostgreSQL: 5432 from the EKS cluster only`,
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-cluster`,
      {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: args.clientSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: "PostgreSQL from EKS nodes and pods",
      },
      parent,
    );

    const parameters = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: settings.parameterGroupFamily,
        description: `${settings.identifier}: TLS forced, statement logs without parameter values`,
        parameters: [
          { name: "rds.force_ssl", value: "1" },
          { name: "log_min_duration_statement", value: "1000" },
          // Slow and failing statements are logged without their bind values: those carry emails,
          // password hashes and token hashes.
          { name: "log_parameter_max_length", value: "0" },
          { name: "log_parameter_max_length_on_error", value: "0" },
        ],
      },
      parent,
    );

    // RDS refuses '/', '@', '"' and spaces in master passwords.
    const password = new random.RandomPassword(
      `${name}-password`,
      {
        length: 40,
        special: true,
        overrideSpecial: "!#$%^&*()-_=+[]{}<>:?",
      },
      parent,
    );

    // RDS would create these on first export with infinite retention; owning them sets the retention.
    const logGroups = ["postgresql", "upgrade"].map(
      (log) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${log}-logs`,
          {
            name: `/aws/rds/instance/${settings.identifier}/${log}`,
            retentionInDays: settings.logRetentionDays,
          },
          parent,
        ),
    );
    const runtimePassword = new random.RandomPassword(`${name}-runtime-password`, { length: 40, special: false }, parent);

    const instance = new aws.rds.Instance(
      `${name}-postgres`,
      {
        identifier: settings.identifier,
        engine: "postgres",
        engineVersion: settings.engineVersion,
        instanceClass: settings.instanceClass,
        allocatedStorage: settings.allocatedStorageGiB,
        maxAllocatedStorage: settings.maxAllocatedStorageGiB,
        storageType: "gp3",
        storageEncrypted: true,
        dbName: settings.databaseName,
        username: settings.username,
        password: password.result,
        port: POSTGRES_PORT,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [securityGroup.id],
        parameterGroupName: parameters.name,
        publiclyAccessible: settings.publiclyAccessible,
        multiAz: settings.multiAz,
        backupRetentionPeriod: settings.backupRetentionDays,
        backupWindow: "02:00-03:00",
        maintenanceWindow: "sun:03:30-sun:04:30",
        copyTagsToSnapshot: true,
        deletionProtection: settings.deletionProtection,
        skipFinalSnapshot: !settings.finalSnapshot,
        finalSnapshotIdentifier: settings.finalSnapshot ? `${settings.identifier}-final` : undefined,
        autoMinorVersionUpgrade: true,
        applyImmediately: !args.production,
        performanceInsightsEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      },
      { parent: this, protect: args.production, dependsOn: logGroups, customTimeouts: RDS_TIMEOUTS },
    );

    this.endpoint = instance.endpoint;
    this.address = instance.address;
    this.port = instance.port;
    this.databaseName = settings.databaseName;
    this.username = settings.username;
    this.password = pulumi.secret(password.result);
    this.instance = instance;
    this.runtimePassword = pulumi.secret(runtimePassword.result);
    const tls = `SSL Mode=VerifyFull;Root Certificate=${RDS_CA_BUNDLE_PATH}`;
    this.connectionString = pulumi.secret(
      pulumi.interpolate`Host=${instance.address};Port=${instance.port};Database=${settings.databaseName};Username=${RUNTIME_ROLE};Password=${runtimePassword.result};${tls}`,
    );
    this.migrationConnectionString = pulumi.secret(
      pulumi.interpolate`Host=${instance.address};Port=${instance.port};Database=${settings.databaseName};Username=${settings.username};Password=${password.result};${tls}`,
    );
    this.registerOutputs({
      endpoint: this.endpoint,
      address: this.address,
      port: this.port,
      connectionString: this.connectionString,
      migrationConnectionString: this.migrationConnectionString,
    });
  }
}
