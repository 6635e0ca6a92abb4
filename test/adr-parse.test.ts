import { describe, expect, it } from "vitest";
import { vagueness, type ItemText, type RollbackPart } from "../src/detectors/adr/concrete.js";
import type { AdrFact } from "../src/extract/facts.js";
import { extractAdr } from "../src/extract/markdown/adr.js";
import { parseAdrFileName, splitNumberedTitle } from "../src/extract/markdown/names.js";
import { findPlaceholders } from "../src/extract/markdown/placeholders.js";

const read = (file: string, text: string): AdrFact => extractAdr(file, text, () => true).facts[0] as AdrFact;

describe("ADR parsing: the three formats in the wild", () => {
  it("reads an adr-tools (Nygard) record, including the 'Superceded by' spelling", () => {
    const fact = read(
      "doc/adr/0002-use-rabbitmq.md",
      "# 2. Use RabbitMQ\n\nDate: 2017-03-01\n\n## Status\n\nSuperceded by [3. Use Kafka](0003-use-kafka.md)\n\nAmended by [4. Add DLQ](0004-add-dlq.md)\n\n## Context\n\nx\n",
    );
    expect(fact).toMatchObject({ format: "nygard", fileNumber: 2, titleNumber: 2, statusValue: "superseded", title: { text: "Use RabbitMQ", line: 1 }, date: { text: "2017-03-01", line: 3, column: 7 } });
    expect(fact.relations).toEqual([
      { kind: "superseded-by", target: "0003-use-kafka.md", targetFile: "0003-use-kafka.md", targetNumber: 3, line: 7, column: 1 },
      { kind: "amended-by", target: "0004-add-dlq.md", targetFile: "0004-add-dlq.md", targetNumber: 4, line: 9, column: 1 },
    ]);
  });

  it("reads MADR 2 / log4brains bullets and a Links section", () => {
    const fact = read(
      "docs/adr/20250110-use-grpc.md",
      "# Use gRPC\n\n- Status: accepted\n- Deciders: A, B\n- Date: 2025-01-10\n\n## Context and Problem Statement\n\nx\n\n## Links\n\n- Supersedes [20210301-use-rest](20210301-use-rest.md)\n",
    );
    expect(fact).toMatchObject({ format: "bullets", dateNamed: true, statusValue: "accepted", status: { line: 3, column: 11 }, date: { text: "2025-01-10" } });
    expect(fact.fileNumber).toBeUndefined();
    expect(fact.relations).toMatchObject([{ kind: "supersedes", targetFile: "20210301-use-rest.md", line: 13 }]);
  });

  it("reads MADR 3/4 front matter, its 'superseded by' status and bold labels", () => {
    const fact = read("docs/decisions/0001-x.md", '---\nstatus: "superseded by [ADR-0005](0005-y.md)"\ndate: 2024-01-02\n---\n\n# Keep one database\n');
    expect(fact).toMatchObject({ format: "front-matter", statusValue: "superseded", status: { line: 2, column: 10 } });
    expect(fact.relations).toMatchObject([{ kind: "superseded-by", targetNumber: 5 }]);
    const bold = read("adr/0004-x.md", "# 4. Keep REST\n\n**Status:** Rejected\n\n**Date:** 2024-04-01\n");
    expect(bold).toMatchObject({ statusValue: "rejected", date: { text: "2024-04-01" } });
  });

  it("keeps task items with their checked state, section and nesting", () => {
    const fact = read("adr/0001-x.md", "# 1. X\n\n### Rollback\n\n- [x] **Kill switch:** `a.b`\n- [ ] Steps:\n  1. one `cmd`\n  2. two\n");
    const items = fact.items.filter((i) => !i.paragraph);
    expect(items.map((i) => [i.text, i.checked, i.parent])).toEqual([
      ["Kill switch: `a.b`", true, undefined],
      ["Steps:", false, undefined],
      ["one `cmd`", undefined, 1],
      ["two", undefined, 1],
    ]);
    expect(items[0]!.code).toEqual(["a.b"]);
  });

  it("reports invalid front matter as a parse error and still reads the body", () => {
    const r = extractAdr("adr/0001-x.md", "---\nstatus: [unclosed\n---\n# 1. X\n", () => true);
    expect(r.parseError?.message).toMatch(/invalid YAML front matter/);
    expect((r.facts[0] as AdrFact).title?.text).toBe("X");
  });

  it("names files and titles as the tools do", () => {
    expect(parseAdrFileName("0007-use-kafka.md")).toEqual({ number: 7, dateNamed: false });
    expect(parseAdrFileName("ADR-012-use-kafka.md")).toEqual({ number: 12, dateNamed: false });
    expect(parseAdrFileName("20240131-use-kafka.md")).toEqual({ dateNamed: true });
    expect(parseAdrFileName("use-kafka.md")).toEqual({ dateNamed: false });
    expect(splitNumberedTitle("ADR-0007: Use Kafka")).toEqual({ number: 7, title: "Use Kafka" });
    expect(splitNumberedTitle("12 factor config")).toEqual({ title: "12 factor config" });
  });
});

describe("ADR placeholders", () => {
  it("finds template prompts and leaves prose alone", () => {
    const hits = (t: string) => findPlaceholders(t).map((p) => p.text);
    expect(hits("{short title of solved problem}")).toEqual(["{short title of solved problem}"]);
    expect(hits("Status: [proposed | accepted]")).toEqual(["[proposed | accepted]"]);
    expect(hits("Decision: TBD")).toEqual(["TBD"]);
    expect(hits("TODO: write this")).toEqual(["TODO"]);
    for (const ok of ["GET /orders/{id}", 'header { "alg": "RS256" }', "the TODO markers in SQL", "see [1] and [sic]"]) expect(hits(ok), ok).toEqual([]);
  });
});

describe("what makes a rollback item concrete", () => {
  const item = (body: string, extra: Partial<ItemText> = {}): ItemText => ({ body, code: [...body.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), links: [], children: [], ...extra });
  const cases: Array<[RollbackPart, string, boolean]> = [
    ["kill-switch", "set `orders.events.transport` to `rabbitmq`", true],
    ["kill-switch", 'the "checkout-breaker" flag in LaunchDarkly', true],
    ["kill-switch", "the feature flag", false],
    ["kill-switch", "we'll flip the team's switch", false],
    ["kill-switch", "`{flag name}`", false],
    ["steps", "Revert the PR if needed.", false],
    ["steps", "roll back if something goes wrong", false],
    ["steps", "`kubectl rollout undo deploy/orders`", true],
    ["steps", "stop the Kafka consumers, replay from the outbox table, then start the RabbitMQ consumers again", true],
    ["trigger", "p99 latency +15% over baseline at 5% canary traffic", true],
    ["trigger", "consumer lag > 10000 messages for 5 minutes", true],
    ["trigger", "if latency gets worse", false],
    ["trigger", "{metric} {comparison} {threshold}", false],
    ["verification", "the 'checkout-pay-e2e' synthetic check passes", true],
    ["verification", "error rate back below 0.1% for 30 minutes", true],
    ["verification", "check that everything works", false],
    ["verification", "monitor", false],
  ];
  for (const [part, body, concrete] of cases) {
    it(`${part}: ${body}`, () => expect(vagueness(part, item(body)) === undefined).toBe(concrete));
  }
  it("counts nested sub-steps", () => {
    expect(vagueness("steps", item("", { children: ["Flip the switch in the ConfigMap", "Drain the Kafka backlog"] }))).toBeUndefined();
  });
});
