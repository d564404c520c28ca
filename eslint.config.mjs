// ESLint for the Pulumi program, its stack settings and its tests (infra/, stacks/, tests/infra), and the delivery
// checks (tests/delivery, plain ES modules for Node): the recommended rules of ESLint and
// typescript-eslint, type-checked ones included. `npm run lint`; tests/run.sh runs it in its infrastructure step.
import eslint from "@eslint/js";
import globals from "globals";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    files: ["tests/delivery/**/*.mjs"],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  {
    files: ["infra/**/*.ts", "stacks/**/*.ts", "tests/infra/**/*.ts"],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `const { registration: _, ...manifest } = object` leaves out a field on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    files: ["tests/infra/**/*.ts"],
    rules: {
      // The suites read resource inputs and Kubernetes manifests as the untyped JSON they are (reveal() returns
      // `any`): their shape is checked by the OpenAPI models and JSON schemas, not by the type checker.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // node:test's describe and it return promises that the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test", "before", "after"] }] },
      ],
    },
  },
);
