import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toServerSettings } from "../src/settings";

describe("toServerSettings", () => {
  it("gives the server's defaults for unset settings", () => {
    assert.deepEqual(toServerSettings({}), {
      settings: { severity: {}, policyTypes: {}, inlayHints: true, reportJsonSyntax: false },
      problems: [],
    });
  });

  it("maps the three settings to the server's shape", () => {
    const mapped = toServerSettings({
      severity: { MISSING_VERSION: "off", REDUNDANT_ACTION: "hint" },
      policyTypes: { "**/trust*.json": "trust", "scp/**": "scp" },
      inlayHints: false,
    });
    assert.deepEqual(mapped, {
      settings: {
        severity: { MISSING_VERSION: "off", REDUNDANT_ACTION: "hint" },
        policyTypes: { "**/trust*.json": "trust", "scp/**": "scp" },
        inlayHints: false,
        reportJsonSyntax: false,
      },
      problems: [],
    });
  });

  it("normalises case: codes upper, levels and types lower", () => {
    const mapped = toServerSettings({
      severity: { missing_version: "Warning" },
      policyTypes: { "*.json": "Resource" },
    });
    assert.deepEqual(mapped.settings.severity, { MISSING_VERSION: "warning" });
    assert.deepEqual(mapped.settings.policyTypes, { "*.json": "resource" });
  });

  it("drops and reports invalid entries, keeping the valid ones", () => {
    const mapped = toServerSettings({
      severity: { A: "loud", B: "error", C: 3 },
      policyTypes: { "a/*.json": "bucket", "": "trust", "b/*.json": "identity" },
      inlayHints: "yes",
    });
    assert.deepEqual(mapped.settings, {
      severity: { B: "error" },
      policyTypes: { "b/*.json": "identity" },
      inlayHints: true,
      reportJsonSyntax: false,
    });
    assert.equal(mapped.problems.length, 5);
    assert.match(mapped.problems[0] ?? "", /"A" has "loud"/);
  });

  it("rejects settings that are not objects", () => {
    const mapped = toServerSettings({ severity: ["off"], policyTypes: "trust" });
    assert.deepEqual(mapped.settings, { severity: {}, policyTypes: {}, inlayHints: true, reportJsonSyntax: false });
    assert.equal(mapped.problems.length, 2);
  });

  it("leaves JSON syntax errors to VS Code unless its JSON validation is off", () => {
    assert.equal(toServerSettings({ jsonValidate: true }).settings.reportJsonSyntax, false);
    assert.equal(toServerSettings({}).settings.reportJsonSyntax, false);
    assert.equal(toServerSettings({ jsonValidate: false }).settings.reportJsonSyntax, true);
  });
});
