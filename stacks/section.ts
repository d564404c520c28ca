import { InvalidSetting } from "./errors";

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A typed view over one configuration object. Every read names its full key in errors,
 * and `done()` refuses fields nobody read, so a typo such as `multiAZ` cannot silently
 * fall back to a default.
 */
export class Section {
  private readonly read = new Set<string>();

  constructor(
    readonly key: string,
    private readonly values: Record<string, Json>,
  ) {}

  static of(key: string, value: Json): Section {
    if (!isObject(value)) throw new InvalidSetting(key, "must be an object");
    return new Section(key, value);
  }

  keyOf(field: string): string {
    return `${this.key}.${field}`;
  }

  has(field: string): boolean {
    return this.values[field] !== undefined && this.values[field] !== null;
  }

  fields(): string[] {
    return Object.keys(this.values);
  }

  private raw(field: string): Json {
    this.read.add(field);
    return this.values[field];
  }

  string(field: string, opts: { default?: string; pattern?: RegExp; rule?: string; oneOf?: readonly string[] } = {}): string {
    const value = this.raw(field);
    const key = this.keyOf(field);
    if (value === undefined || value === null) {
      if (opts.default !== undefined) return opts.default;
      throw new InvalidSetting(key, "is required");
    }
    if (typeof value !== "string" || value.length === 0) throw new InvalidSetting(key, "must be a non-empty string");
    if (opts.oneOf && !opts.oneOf.includes(value)) {
      throw new InvalidSetting(key, `must be one of ${opts.oneOf.join(", ")} (got '${value}')`);
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      throw new InvalidSetting(key, `${opts.rule ?? `must match ${opts.pattern}`} (got '${value}')`);
    }
    return value;
  }

  integer(field: string, opts: { min: number; max: number; default?: number; allowed?: readonly number[] }): number {
    const value = this.raw(field);
    const key = this.keyOf(field);
    if (value === undefined || value === null) {
      if (opts.default !== undefined) return opts.default;
      throw new InvalidSetting(key, "is required");
    }
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) throw new InvalidSetting(key, "must be an integer");
    if (number < opts.min || number > opts.max) {
      throw new InvalidSetting(key, `must be between ${opts.min} and ${opts.max} (got ${number})`);
    }
    if (opts.allowed && !opts.allowed.includes(number)) {
      throw new InvalidSetting(key, `must be one of ${opts.allowed.join(", ")} (got ${number})`);
    }
    return number;
  }

  boolean(field: string, opts: { default?: boolean } = {}): boolean {
    const value = this.raw(field);
    const key = this.keyOf(field);
    if (value === undefined || value === null) {
      if (opts.default !== undefined) return opts.default;
      throw new InvalidSetting(key, "is required");
    }
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    throw new InvalidSetting(key, "must be true or false");
  }

  stringList(
    field: string,
    opts: { minItems: number; maxItems: number; item: (value: string, key: string) => void; default?: string[] },
  ): string[] {
    const value = this.raw(field);
    const key = this.keyOf(field);
    if (value === undefined || value === null) {
      if (opts.default !== undefined) return opts.default;
      throw new InvalidSetting(key, "is required");
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new InvalidSetting(key, "must be a list of strings");
    if (value.length < opts.minItems || value.length > opts.maxItems) {
      throw new InvalidSetting(key, `must have between ${opts.minItems} and ${opts.maxItems} items (got ${value.length})`);
    }
    if (new Set(value).size !== value.length) throw new InvalidSetting(key, "must not repeat an item");
    value.forEach((v, i) => opts.item(v as string, `${key}[${i}]`));
    return value as string[];
  }

  section(field: string, opts: { optional?: boolean } = {}): Section {
    const value = this.raw(field);
    if ((value === undefined || value === null) && opts.optional) return new Section(this.keyOf(field), {});
    return Section.of(this.keyOf(field), value);
  }

  /** Refuses fields that were never read: they are typos or settings this program does not know. */
  done(): void {
    const unknown = Object.keys(this.values).filter((f) => !this.read.has(f));
    if (unknown.length > 0) {
      throw new InvalidSetting(this.keyOf(unknown[0]), `is not a known setting (known: ${[...this.read].sort().join(", ")})`);
    }
  }
}
