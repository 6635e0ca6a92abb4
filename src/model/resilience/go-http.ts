/**
 * What bounds outbound HTTP in Go code: `http.Get`/`Post`/… and `http.DefaultClient` (no timeout,
 * ever), `http.Client{…}` literals with or without `Timeout` (a client without one is fine when
 * the package builds its requests with a context), and calls inside `hystrix.Do` (1 s default).
 */
import type { CompositeFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";
import { importsOf, lastSegment, receiverOf, type Derivation } from "./context.js";
import { dirname } from "../connections/resolve.js";
import type { CallSite, Limit, LimitedCall } from "./types.js";

const DEFAULT_CLIENT = /^(Get|Post|Head|PostForm|DefaultClient\.(Get|Post|Head|PostForm|Do))$/;
const CLIENT_METHODS = new Set(["Do", "Get", "Post", "Head", "PostForm"]);
const HYSTRIX_DEFAULT_MS = 1000;

export function goHttpLimits(d: Derivation): LimitedCall[] {
  const out: LimitedCall[] = [];
  for (const [service, files] of d.byService) {
    const goFiles = files.filter((f) => f.language === "go");
    for (const file of goFiles) {
      const scope = d.scopes.of(file)!;
      const imports = importsOf(file);
      const httpPkg = [...imports].find(([, v]) => v.module === "net/http")?.[0];
      if (!httpPkg) continue;
      for (const call of scope.calls) {
        if (!call.callee.startsWith(`${httpPkg}.`)) continue;
        const rest = call.callee.slice(httpPkg.length + 1);
        if (!DEFAULT_CLIENT.test(rest)) continue;
        const limit = hystrixLimit(d, file, call.loc);
        out.push({
          ...(service ? { service } : {}), file: file.path, line: call.loc.line, column: call.loc.column, isTest: file.isTest,
          protocol: "http", library: "net/http", callee: call.callee, anchor: "call", uses: [],
          missing: `${call.callee} uses http.DefaultClient, which has no timeout`, ...(limit ? { limit } : {}),
        });
      }
      for (const lit of scope.composites) {
        if (lit.type !== `${httpPkg}.Client`) continue;
        const entry = clientLiteral(d, service, file, goFiles, lit);
        if (entry) out.push(entry);
      }
    }
  }
  return out;
}

function clientLiteral(d: Derivation, service: string, file: ModelFile, goFiles: ModelFile[], lit: CompositeFact): LimitedCall | undefined {
  const pkgFiles = goFiles.filter((f) => dirname(f.path) === dirname(file.path));
  const uses: CallSite[] = [];
  const name = lit.assignedTo ? lastSegment(lit.assignedTo) : undefined;
  if (name) {
    for (const f of pkgFiles) {
      for (const c of d.scopes.of(f)!.calls) {
        if (CLIENT_METHODS.has(lastSegment(c.callee)) && lastSegment(receiverOf(c.callee)) === name) uses.push({ file: f.path, line: c.loc.line, column: c.loc.column });
      }
    }
  }
  const base = {
    ...(service ? { service } : {}), file: file.path, line: lit.loc.line, column: lit.loc.column, isTest: file.isTest,
    protocol: "http" as const, library: "net/http", callee: `${lit.type}{}`, anchor: "client" as const, uses,
  };
  // `client.Timeout = …` later in the package counts as the literal's own field.
  const set = name ? pkgFiles.flatMap((f) => d.scopes.of(f)!.assignments).find((a) => lastSegment(a.target) === "Timeout" && lastSegment(receiverOf(a.target)) === name) : undefined;
  const timeout = (lit.value.kind === "object" ? lit.value.props.Timeout : undefined) ?? set?.value;
  if (timeout) {
    const limit: Limit = { kind: "timeout", file: file.path, line: timeout.loc.line, note: "Timeout" };
    const v = d.measurer.ms(file, timeout, "ns", service || undefined);
    if (v) limit.value = v;
    if (v && v.ms <= 0) return { ...base, missing: `${lit.type} with Timeout 0 (no timeout)` };
    return { ...base, limit, missing: "" };
  }
  if (lit.value.kind !== "object") return undefined; // positional or unreadable literal
  // Requests built with a context carry the caller's deadline; the package decides per request.
  const withContext = pkgFiles.some((f) => d.scopes.of(f)!.calls.some((c) => /(^|\.)(NewRequestWithContext|WithContext)$/.test(c.callee)));
  if (withContext) return { ...base, limit: { kind: "inherited-context", file: file.path, line: lit.loc.line, note: "requests carry a context" }, missing: "" };
  return { ...base, missing: `${lit.type} without Timeout` };
}

/** `hystrix.Do(name, func() error { … })`: the command's timeout (1 s unless configured) bounds the call. */
function hystrixLimit(d: Derivation, file: ModelFile, at: { line: number; column: number }): Limit | undefined {
  const fn = d.scopes.of(file)!.enclosing(at).find((f) => f.argOf && /^hystrix\.(Do|Go|DoC|GoC)$/.test(f.argOf));
  if (!fn) return undefined;
  return { kind: "policy", file: file.path, line: fn.loc.line, note: "hystrix command", value: { ms: HYSTRIX_DEFAULT_MS, text: "hystrix's default 1000 ms", file: file.path, line: fn.loc.line, chain: [] } };
}
