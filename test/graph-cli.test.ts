import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { GraphDocument } from "../src/model/graph/document.js";
import { graphDot, graphHtml, graphMermaid } from "../src/report/graph/index.js";

/** `archlint graph`, `archlint facts`, `archlint merge` through bin/archlint.js (npm run build first). */
const repo = join(import.meta.dirname, "..");
const bin = join(repo, "bin", "archlint.js");
const shop = join(repo, "fixtures", "repos", "shop");
const cases = join(repo, "fixtures", "rules", "cyclic-rpc");
const chromium = "/usr/bin/chromium";

function archlint(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cache = new Map<string, ReturnType<typeof archlint>>();
function archlintCached(args: string[]) {
  const key = args.join("\0");
  if (!cache.has(key)) cache.set(key, archlint(args));
  return cache.get(key)!;
}

describe("archlint graph / facts / merge", () => {
  it("graph --format json: services, edges with evidence, the cycle; same bytes twice", () => {
    const a = archlintCached(["graph", shop, "--format", "json"]);
    expect(a.code, a.stderr).toBe(0);
    expect(archlint(["graph", shop, "--format", "json"]).stdout).toBe(a.stdout);
    const g = JSON.parse(a.stdout) as { services: Array<{ name: string; language: string; paths: string[] }>; edges: Array<{ from: string; to: string; protocol: string; inferred: boolean; evidence: Array<{ file: string; line: number }> }>; cycles: string[][] };
    expect(g.services.map((s) => `${s.name}:${s.language}:${s.paths.join()}`)).toEqual(["inventory:go:services/inventory", "notifications:go:services/notifications", "orders:ts:services/orders", "payments:ts:services/payments", "storefront:js:services/storefront"]);
    expect(g.edges.map((e) => `${e.from}>${e.to}:${e.protocol}`)).toEqual(["inventory>orders:grpc", "orders>inventory:grpc", "orders>notifications:async", "orders>payments:http", "payments>notifications:async", "storefront>orders:http"]);
    expect(g.edges.every((e) => e.evidence.length > 0 && !e.inferred)).toBe(true);
    expect(g.cycles).toEqual([["inventory", "orders"]]);
  });

  it("graph on a folder without services prints an empty graph", () => {
    const r = archlint(["graph", mkdtempSync(join(tmpdir(), "archlint-empty-"))]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ services: [], edges: [], cycles: [] });
  });

  it("mermaid and dot highlight the cycle (renderers are pure functions of the JSON document)", () => {
    const doc = JSON.parse(archlintCached(["graph", shop, "--format", "json"]).stdout) as GraphDocument;
    const m = graphMermaid(doc);
    expect(m.startsWith("flowchart LR\n")).toBe(true);
    expect(m).toContain("-.->|async|");
    expect(m).toMatch(/class s\d,s\d cycle/);
    expect(m).toContain("linkStyle 0,1 stroke:#d22");
    const d = graphDot(doc);
    expect(d).toContain('"inventory" -> "orders" [label="grpc", color="#dd2222"');
    expect(d).toContain('"orders" -> "notifications" [label="async", style=dashed');
  });

  it("facts + merge: a cycle across two repos shows only when their facts are joined", () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-merge-"));
    const alpha = join(dir, "alpha.json");
    const beta = join(dir, "beta.json");
    // One repo per service: each half of fires-grpc-ts-go alone has no cycle.
    expect(archlint(["facts", join(cases, "fires-grpc-ts-go", "alpha"), "--repo", "alpha", "--output", alpha]).code).toBe(0);
    expect(archlint(["facts", join(cases, "fires-grpc-ts-go", "beta"), "--repo", "beta", "--output", beta]).code).toBe(0);
    const facts = JSON.parse(readFileSync(alpha, "utf8")) as { format: string; version: number; repo: string; unresolved: Array<{ target: string }> };
    expect([facts.format, facts.version, facts.repo]).toEqual(["archlint-facts", 1, "alpha"]);
    expect(facts.unresolved.map((u) => u.target)).toContain("grpc:demo.beta.v1.BetaService");
    const mergedFacts = join(dir, "merged.json");
    const r = archlint(["merge", alpha, beta, "--format", "json", "--write-facts", mergedFacts]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; location: { file: string } }> };
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual(["cyclic-rpc alpha/src/main.ts"]);
    expect(report.findings[0]!.message).toContain("alpha → beta → alpha");
    const merged = JSON.parse(readFileSync(mergedFacts, "utf8")) as { repo: string; edges: Array<{ from: string; to: string; protocol: string; evidence: Array<{ file: string }> }> };
    expect(merged.edges.map((e) => `${e.from}>${e.to}:${e.protocol}`)).toEqual(["alpha>beta:grpc", "beta>alpha:grpc"]);
    expect(merged.edges[0]!.evidence.map((e) => e.file)).toEqual(["alpha/src/main.ts", "beta/main.go"]);
  });

  it("merge refuses a file that is not facts, or from a newer format, with one line and exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-merge-bad-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "archlint-facts", version: 99, repo: "x" }));
    const r = archlint(["merge", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^archlint: .*version 99 is newer than this archlint understands \(1\)/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it.skipIf(!existsSync(chromium))("graph --format html renders nodes and edges, the cycle in red, evidence on click (headless Chromium)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-html-"));
    // The CLI path (dagre found and inlined from the installed package) on a small repo…
    const small = join(dir, "small.html");
    expect(archlint(["graph", join(cases, "fires-grpc-ts-go"), "--format", "html", "--output", small]).code).toBe(0);
    expect(readFileSync(small, "utf8")).toContain("dagre");
    // …and the shop's graph, rendered by the same pure function from the JSON the CLI printed.
    const doc = JSON.parse(archlintCached(["graph", shop, "--format", "json"]).stdout) as GraphDocument;
    const dagre = readFileSync(join(repo, "node_modules", "@dagrejs", "dagre", "dist", "dagre.min.js"), "utf8");
    const html = graphHtml(doc, dagre, "Service graph of shop");
    const file = join(dir, "graph.html");
    writeFileSync(file, html);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // self-contained
    const { chromium: pw } = await import("playwright-core");
    const browser = await pw.launch({
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      await page.route(/^(?!file:|data:)/, (route) => route.abort()); // nothing leaves the file
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => (globalThis as unknown as { __graphRendered?: unknown }).__graphRendered);
      expect(await page.evaluate(() => (globalThis as unknown as { __graphRendered: unknown }).__graphRendered)).toEqual({ nodes: 5, edges: 6 });
      expect(await page.locator(".edge.cycle").count()).toBe(2);

      // The screenshot itself: decode it in the page and count red (cycle) and dark (text, lines) pixels.
      const png = (await page.screenshot()).toString("base64");
      const pixels = await page.evaluate(async (b64) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs in the browser; the test's tsconfig has no DOM lib
        const w = globalThis as any;
        const img = new w.Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = w.document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
        let red = 0;
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i]! > 180 && d[i + 1]! < 90 && d[i + 2]! < 90) red++;
          else if (d[i]! < 110 && d[i + 1]! < 110 && d[i + 2]! < 110) dark++;
        }
        return { red, dark };
      }, png);
      expect(pixels.red).toBeGreaterThan(300);
      expect(pixels.dark).toBeGreaterThan(300);

      // Click an edge: its evidence appears.
      // Dispatched on the edge itself: with five services another edge's hit area may cross its midpoint.
      await page.locator('.edge[data-from="inventory"][data-to="orders"] path.hit').dispatchEvent("click");
      const detail = await page.locator("#detail").innerText();
      expect(detail).toContain("inventory → orders (grpc)");
      expect(detail).toContain("services/inventory/internal/ordersclient/client.go:29");
    } finally {
      await browser.close();
    }
  }, 60_000);
});
