import { InvalidSetting } from "./errors";
import { LOG_RETENTION_DAYS, RDS_INSTANCE_CLASS } from "./formats";
import { Section } from "./section";

export interface DatabaseSettings {
  identifier: string;
  engineVersion: string;
  /** RDS parameter group family derived from the major version, e.g. postgres17. */
  parameterGroupFamily: string;
  instanceClass: string;
  allocatedStorageGiB: number;
  maxAllocatedStorageGiB: number;
  multiAz: boolean;
  deletionProtection: boolean;
  finalSnapshot: boolean;
  backupRetentionDays: number;
  publiclyAccessible: boolean;
  databaseName: string;
  username: string;
  /** Retention of the instance log groups (postgresql, upgrade). */
  logRetentionDays: number;
}

export function readDatabase(section: Section, identifier: string): DatabaseSettings {
  const engineVersion = section.string("engineVersion", {
    pattern: /^1[3-9](\.\d+)?$/,
    rule: "must be a PostgreSQL version 13 or later, e.g. 17 or 17.5",
  });
  const allocatedStorageGiB = section.integer("allocatedStorageGiB", { min: 20, max: 65536 });
  const maxAllocatedStorageGiB = section.integer("maxAllocatedStorageGiB", { min: 20, max: 65536 });
  if (maxAllocatedStorageGiB < allocatedStorageGiB) {
    throw new InvalidSetting(
      section.keyOf("maxAllocatedStorageGiB"),
      `must be >= allocatedStorageGiB (${maxAllocatedStorageGiB} < ${allocatedStorageGiB})`,
    );
  }
  const settings: DatabaseSettings = {
    identifier,
    engineVersion,
    parameterGroupFamily: `postgres${engineVersion.split(".")[0]}`,
    instanceClass: section.string("instanceClass", {
      pattern: RDS_INSTANCE_CLASS,
      rule: "must be an RDS instance class such as db.r6g.large",
    }),
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    multiAz: section.boolean("multiAz"),
    deletionProtection: section.boolean("deletionProtection"),
    finalSnapshot: section.boolean("finalSnapshot", { default: true }),
    backupRetentionDays: section.integer("backupRetentionDays", { min: 1, max: 35 }),
    publiclyAccessible: section.boolean("publiclyAccessible", { default: false }),
    databaseName: section.string("databaseName", {
      default: "eshop",
      pattern: /^[a-z][a-z0-9_]{0,62}$/,
      rule: "must be a PostgreSQL identifier",
    }),
    logRetentionDays: section.integer("logRetentionDays", { min: 1, max: 3653, default: 30, allowed: LOG_RETENTION_DAYS }),
    username: section.string("username", {
      default: "eshop_admin",
      pattern: /^[a-z][a-z0-9_]{0,15}$/,
      rule: "must be a PostgreSQL user name of at most 16 characters",
    }),
  };
  section.done();
  return settings;
}
