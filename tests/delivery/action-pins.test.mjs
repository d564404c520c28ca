import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { checkPinnedReleases, readPins } from "./lib/action-pins.mjs";
import { readRepoFile, repoRoot } from "./lib/repo.mjs";

const pins = readPins(repoRoot);
const files = [
  ...readdirSync(`${repoRoot}/.github/workflows`)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `.github/workflows/${name}`),
  ...readdirSync(`${repoRoot}/.github/actions`).map((name) => `.github/actions/${name}/action.yml`),
];

describe("action pins", () => {
  it("lists each action once, with a 40-hex SHA and a release", () => {
    assert.equal(new Set(pins.map((p) => p.action)).size, pins.length);
    for (const pin of pins) {
      assert.match(pin.sha, /^[0-9a-f]{40}$/, pin.action);
      assert.doesNotMatch(pin.sha, /^0+$/, pin.action);
      assert.match(pin.release, /^v\d+\.\d+\.\d+$/, pin.action);
    }
  });

  for (const file of files) {
    it(`${file} uses only the verified pins, with their release in the comment`, () => {
      assert.deepEqual(checkPinnedReleases(readRepoFile(file), pins), []);
    });
  }

  it("every pin of the list is used somewhere (no stale entries)", () => {
    const text = files.map(readRepoFile).join("\n");
    assert.deepEqual(
      pins.filter((p) => !text.includes(`${p.action}@${p.sha}`)).map((p) => p.action),
      [],
    );
  });

  const pulumi = pins.find((p) => p.action === "pulumi/actions");
  it("refuses an all-zero pin, a pin not in the list and a disagreeing comment", () => {
    const line = (ref) => `    steps:\n      - uses: ${ref}\n`;
    assert.match(checkPinnedReleases(line(`pulumi/actions@${"0".repeat(40)} # v6`), pins).join(), /placeholder/);
    assert.match(checkPinnedReleases(line(`pulumi/actions@${"a".repeat(40)} # v6.6.1`), pins).join(), /not a verified pin/);
    assert.match(
      checkPinnedReleases(line(`pulumi/actions@${pulumi.sha} # v7.0.0`), pins).join(),
      /comment says v7\.0\.0, the pin is v6\.6\.1/,
    );
    assert.deepEqual(checkPinnedReleases(line(`pulumi/actions@${pulumi.sha} # v6.6.1`), pins), []);
  });
});
