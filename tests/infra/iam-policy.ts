/**
 * A small IAM policy evaluator for identity policies as this program writes them: Allow statements
 * with Action (wildcards allowed) and Resource patterns, explicit Deny winning. Conditions are
 * ignored, which only ever widens what counts as allowed, so "not allowed" here is not allowed in AWS.
 */
interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );

export function allows(policy: string, action: string, resource = "*"): boolean {
  const statements = (JSON.parse(policy) as { Statement: Statement[] }).Statement;
  const matches = (s: Statement) =>
    list(s.Action).some((a) => glob(a).test(action)) && (resource === "*" ? true : list(s.Resource).some((r) => glob(r).test(resource)));
  if (statements.some((s) => s.Effect === "Deny" && matches(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && matches(s));
}
