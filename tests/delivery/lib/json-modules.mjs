// @actions/workflow-parser imports its JSON schema without an import attribute, which Node 20 rejects.
// This loader hook supplies the attribute for .json modules so GitHub's own parser can run on Node 20.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json')) return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  return nextLoad(url, context);
}`),
);
