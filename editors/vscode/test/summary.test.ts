import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { markdownOf, previewFileName, summaryArgs } from "../src/summary";

describe("summary", () => {
  it("runs the CLI's markdown summary", () => {
    assert.deepEqual(summaryArgs("/p/trust.json"), ["summary", "/p/trust.json", "--format", "markdown"]);
  });

  it("reads the request's result", () => {
    assert.equal(markdownOf({ markdown: "# S" }), "# S");
    assert.equal(markdownOf("# S"), "# S");
    assert.equal(markdownOf({ other: 1 }), undefined);
    assert.equal(markdownOf(null), undefined);
  });

  it("names the preview after the policy", () => {
    assert.equal(previewFileName("/a/b/trust.json"), "trust.summary.md");
    assert.equal(previewFileName("Untitled-1"), "Untitled-1.summary.md");
    assert.equal(previewFileName("C:\\x\\my policy.json"), "my_policy.summary.md");
  });
});
