/** One broken rule, naming the config key that breaks it. */
export interface SettingsProblem {
  key: string;
  rule: string;
}

/** Thrown before any resource exists when a stack's configuration is invalid or unsafe. */
export class SettingsError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: SettingsProblem[],
  ) {
    super(`Stack '${stack}' configuration refused:\n` + problems.map((p) => `  - ${p.key}: ${p.rule}`).join("\n"));
    this.name = "SettingsError";
  }
}

/** A single invalid value, raised while parsing; the loader adds the stack name. */
export class InvalidSetting extends Error {
  constructor(
    readonly key: string,
    readonly rule: string,
  ) {
    super(`${key}: ${rule}`);
    this.name = "InvalidSetting";
  }
}
