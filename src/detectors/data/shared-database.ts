import type { RelatedLocation } from "../../check/finding.js";
import type { Detector } from "../../check/rule.js";
import type { DatastoreUse } from "../../model/datastores/index.js";

type Level = "database" | "instance";

/** Services sharing one store in one environment. */
interface Share {
  level: Level;
  environment: string;
  services: string[];
  uses: DatastoreUse[];
}

/**
 * Two or more services resolving to the same store in the same deployment environment: the same
 * database (or Redis keyspace), or only the same server. One finding per set of services and
 * level, naming every environment where they share it; stores the scan could not resolve never
 * get here (model/datastores drops them).
 */
export const sharedDatabase: Detector = {
  name: "shared-database",
  defaults: { sharedInstance: "warning", ignoreServices: [] },
  run({ model, params, report }) {
    const ignored = new Set(Array.isArray(params.ignoreServices) ? params.ignoreServices.map(String) : []);
    const uses = (model.datastores ?? []).filter((u) => !ignored.has(u.service));
    const shares = [...groupShares(uses, "database"), ...groupShares(uses, "instance")];
    // One finding per (level, services): the same pair sharing in compose and Kubernetes is one problem.
    const findings = new Map<string, Share[]>();
    for (const s of shares) {
      if (s.level === "instance" && params.sharedInstance === "off") continue;
      // Per store kind: a shared MongoDB and a shared Redis are two findings, each with its own message.
      const k = `${s.level}|${s.uses[0]!.kind}|${s.services.join(",")}`;
      findings.set(k, [...(findings.get(k) ?? []), s]);
    }
    for (const group of findings.values()) {
      group.sort((a, b) => envRank(a.environment) - envRank(b.environment) || cmp(a.environment, b.environment));
      const first = group[0]!;
      const anchor = first.uses.find((u) => u.service === first.services[0])!;
      report({
        message: message(group, uses),
        file: anchor.file,
        line: anchor.line,
        column: anchor.column,
        service: anchor.service,
        related: related(group),
        ...(first.level === "instance" && params.sharedInstance !== "error" ? { severity: "warning" as const } : {}),
      });
    }
  },
};

/** Per environment and key, the services that resolve to it (a level only where the one above does not already hold). */
function groupShares(uses: DatastoreUse[], level: Level): Share[] {
  const byKey = new Map<string, DatastoreUse[]>();
  for (const u of uses) {
    const k = level === "database" ? u.databaseKey : u.instanceKey;
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), u]);
  }
  const out: Share[] = [];
  for (const list of byKey.values()) {
    const services = [...new Set(list.map((u) => u.service))].sort();
    if (services.length < 2) continue;
    if (level === "instance") {
      // Already one database for all of them: the database finding says it.
      // Two config lines of one service naming the same database are one database, not two.
      const dbs = new Set(services.map((s) => [...new Set(list.filter((u) => u.service === s).map((u) => u.databaseKey ?? `?${s}`))].sort().join("+")));
      if (dbs.size === 1 && !dbs.values().next().value!.startsWith("?")) continue;
    }
    out.push({ level, environment: list[0]!.environment, services, uses: list });
  }
  return out;
}

function message(group: Share[], all: DatastoreUse[]): string {
  const first = group[0]!;
  const u = first.uses[0]!;
  const names = list(first.services);
  const where = group.map((s) => `${envLabel(s.environment)}: ${place(s)}`).join("; ");
  const proof = identityProof(group);
  const identityOnly = u.endpoints.every((e) => /^__ref\d+__$/.test(e));
  const what = first.level === "instance"
    ? `run on the same ${kindLabel(u)} server`
    : u.kind === "redis" ? `use the same Redis keyspace (db ${u.database})` : identityOnly ? `use the same ${kindLabel(u)} database` : `use the same ${kindLabel(u)} database ${u.database}`;
  let text = identityOnly ? `${names} ${what} (${group.map((s) => envLabel(s.environment)).join("; ")}).` : `${names} ${what} (${where}).`;
  if (proof && group.some((s) => s.uses.some((x) => x.byIdentity))) text += ` The values are not in the repo; the shared ${proof} prove${proof.includes(",") || proof.includes(" and ") ? "" : "s"} it.`;
  else if (proof) text += ` ${first.services.length === 2 ? "Both" : "All"} also read ${proof}.`;
  const apart = apartElsewhere(first, group, all);
  if (apart.length) text += ` Only there: ${apart.map(envLabel).join(", ")} give${apart.length === 1 ? "s" : ""} them separate ${first.level === "instance" ? "servers" : "databases"}.`;
  text +=
    first.level === "instance"
      ? " Separate databases on one server still share its CPU, connections and maintenance windows."
      : u.kind === "redis"
        ? " Their keys can collide and one's memory pressure evicts the other's keys; give each service its own Redis (or at least its own db index)."
        : " A schema change or a heavy query by one breaks the other; give each service its own database and share data through APIs or events.";
  return text;
}

/** ConfigMap and Secret keys every service of the share reads (where the store is known only by identity, if anywhere). */
function identityProof(group: Share[]): string | undefined {
  const withIdentity = group.filter((s) => s.uses.some((u) => u.byIdentity));
  const identity = withIdentity.length ? withIdentity : group;
  const common = identity[0]!.services
    .map((svc) => new Set(identity[0]!.uses.filter((u) => u.service === svc).flatMap((u) => u.sources)))
    .reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  const secrets = [...common].filter((s) => withIdentity.length ? true : s.startsWith("Secret")).sort();
  return secrets.length ? groupSources(secrets) : undefined;
}

/** Environments where every one of the services resolved a store, but not a shared one. */
function apartElsewhere(first: Share, group: Share[], all: DatastoreUse[]): string[] {
  const here = new Set(group.map((s) => s.environment));
  const envs = [...new Set(all.map((u) => u.environment))].filter((e) => !here.has(e)).sort();
  return envs.filter((env) => {
    const kinds = all.filter((u) => u.environment === env && u.kind === first.uses[0]!.kind && first.services.includes(u.service));
    // Two different Secrets may still hold one URL: only values the repo holds prove them apart.
    return first.services.every((s) => kinds.some((u) => u.service === s)) && kinds.every((u) => !u.byIdentity);
  });
}

/** `Secret a key x`, `Secret a key y` → `Secret a keys x and y`. */
function groupSources(sources: string[]): string {
  const byObject = new Map<string, string[]>();
  for (const src of sources) {
    const m = /^(.*) key (.*)$/.exec(src);
    const [obj, key] = m ? [m[1]!, m[2]!] : [src, ""];
    byObject.set(obj, [...(byObject.get(obj) ?? []), key]);
  }
  return list([...byObject].map(([obj, keys]) => (keys.length === 1 ? `${obj} key ${keys[0]}` : `${obj} keys ${list(keys)}`)));
}

function place(s: Share): string {
  const u = s.uses[0]!;
  return s.level === "instance" || u.database === undefined ? u.instanceLabel.replace(/^\S+( Server)? /, "") : `${u.instanceLabel.replace(/^\S+( Server)? /, "")}/${u.database}`;
}

function related(group: Share[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  for (const s of group) {
    for (const svc of s.services) {
      for (const u of s.uses.filter((x) => x.service === svc)) {
        const head = `${svc} (${envLabel(s.environment)})`;
        for (const step of [{ file: u.file, line: u.line, message: `connects to ${u.instanceLabel}${u.database !== undefined ? `/${u.database}` : ""}` }, ...u.chain.slice(1)]) {
          const k = `${step.file}:${step.line}:${head}:${step.message}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push({ file: step.file, line: step.line, message: `${head}: ${step.message}` });
        }
      }
    }
  }
  return out;
}

const kindLabel = (u: DatastoreUse) => u.instanceLabel.split(" ")[0] === "SQL" ? "SQL Server" : u.instanceLabel.split(" ")[0]!;
const envLabel = (e: string) => (e.startsWith("compose:") ? `compose (${e.slice(8)})` : e === "local" ? "no manifest, code defaults" : e);
const envRank = (e: string) => (e === "kubernetes" ? 0 : e.startsWith("compose:") ? 1 : 2);
const list = (xs: string[]) => (xs.length <= 2 ? xs.join(" and ") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
