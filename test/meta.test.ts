import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { detectors } from "../src/detectors/index.js";
import { allRules } from "../src/check/engine.js";

/** Keeps every rule's YAML, doc, detector, fixtures, presets and schema in step (typescript-eslint style). */
const repo = join(import.meta.dirname, "..");
const rules = allRules();
const presets = ["recommended", "strict"].map((p) => ({ name: p, rules: (load(readFileSync(join(repo, "rules", `${p}.yaml`), "utf8")) as { rules: Record<string, string> }).rules }));
const schema = JSON.parse(readFileSync(join(repo, "schema", "archlint.schema.json"), "utf8")) as { properties: { rules: { properties: Record<string, unknown> } } };

describe("every rule", () => {
  it("has at least one rule", () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) {
    describe(rule.id, () => {
      it("has its YAML file named after its id and a doc with the standard sections", () => {
        expect(rule.source.endsWith(`${rule.id}.yaml`)).toBe(true);
        expect(rule.doc, `rules/${rule.id}.md is missing`).toBeTruthy();
        for (const section of ["## Why it matters", "## Examples", "## How to fix", "## When to switch it off"]) {
          expect(rule.doc, `rules/${rule.id}.md lacks '${section}'`).toContain(section);
        }
        expect(rule.doc!.startsWith(`# ${rule.id}\n`)).toBe(true);
      });
      it("names a detector that exists and params the detector knows", () => {
        const d = detectors.get(rule.detector);
        expect(d).toBeDefined();
        for (const key of Object.keys(rule.params)) expect(Object.keys(d!.defaults), `param ${key}`).toContain(key);
      });
      it("has fires- and ok- fixture cases", () => {
        const dir = join(repo, "fixtures", "rules", rule.id);
        expect(existsSync(dir), `fixtures/rules/${rule.id}/ is missing`).toBe(true);
        const cases = readdirSync(dir);
        expect(cases.some((c) => c.startsWith("fires-"))).toBe(true);
        expect(cases.some((c) => c.startsWith("ok-"))).toBe(true);
        for (const c of cases) expect(c).toMatch(/^(fires|ok)-[a-z0-9-]+$/);
      });
      it("is in both presets", () => {
        for (const p of presets) expect(p.rules, `rules/${p.name}.yaml`).toHaveProperty(rule.id);
      });
      it("documents its params in the config schema", () => {
        if (Object.keys(rule.params).length === 0) return;
        expect(schema.properties.rules.properties, "schema/archlint.schema.json").toHaveProperty(rule.id);
      });
    });
  }
  it("has no fixture folder or preset entry without a rule", () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const dir of readdirSync(join(repo, "fixtures", "rules"))) expect(ids.has(dir), `fixtures/rules/${dir}`).toBe(true);
    for (const p of presets) for (const id of Object.keys(p.rules)) expect(ids.has(id), `${p.name}: ${id}`).toBe(true);
  });
});
