import * as pulumi from "@pulumi/pulumi";
import { pulumiConfigSource } from "./config-source";
import { Settings, loadSettings } from "./settings";

export * from "./settings";
export { imageReference, UNPUBLISHED } from "./images";
export type { ImageSetting, RegistrySettings } from "./images";
export type { Catalog, CatalogService, CatalogRoute, CatalogGrant, CatalogOperator } from "./catalog";
export { callers } from "./catalog";
export { SettingsError } from "./errors";

/** The running stack's settings, validated (guard rails included) before any resource exists. */
export function currentSettings(): Settings {
  return loadSettings(pulumiConfigSource(), pulumi.getProject(), pulumi.getStack());
}
export type { NetworkSettings } from "./network";
export type { ClusterSettings } from "./cluster";
export type { DatabaseSettings } from "./database";
export type { DnsSettings, EdgeSettings } from "./edge";
export type { ServiceSizing, Resources, Autoscaling } from "./workloads";
export type { ApplicationSettings, VendorSettings } from "./application";
export type { ObservabilitySettings, AlertThresholds } from "./observability";
export type { TelemetrySettings } from "./telemetry";
export type { AccessSettings } from "./access";
export type { CanarySettings } from "./canary";
