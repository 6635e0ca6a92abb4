import type { RelatedLocation } from "../../check/finding.js";
import type { Detector, FindingInput } from "../../check/rule.js";
import type { Loc, StringFact } from "../../extract/facts.js";
import { parseEndpoint, position } from "../../model/connections/endpoint.js";
import type { Model, ModelFile } from "../../model/types.js";
import { manifestSecrets } from "./secret-manifests.js";
import { findToken, isAuthHeader, isSecretName, looksLikeSecretValue, mask } from "./secret-values.js";

/** Calls whose argument at this index is a key or password (`jwt.sign(payload, "…")`). */
const SECRET_ARGS: Record<string, number> = { "jwt.sign": 1, "jwt.verify": 1, "jsonwebtoken.sign": 1, "jsonwebtoken.verify": 1, createHmac: 1, SetBasicAuth: 1, PlainAuth: 2, "auth.basic": 1 };

export type Report = (f: FindingInput) => void;

/**
 * Credentials written into code, manifests and committed env files: values of credential names
 * (`password: "…"`, `SMTP_PASSWORD: "…"`), passwords in DSNs and URLs, auth headers, and provider
 * tokens (`ghp_…`, `AKIA…`, private keys) anywhere. Placeholders and references are not findings.
 * A finding never shows the secret: only a masked form.
 */
export const hardcodedSecret: Detector = {
  name: "hardcoded-secret",
  defaults: { skipTests: true, checkManifests: true, checkEnvFiles: true },
  run({ model, params, report }) {
    const found = new Map<string, FindingInput>();
    const add: Report = (f) => {
      const key = `${f.file}:${f.line}:${f.column ?? 0}`;
      if (!found.has(key)) found.set(key, f);
    };
    const skip = (file: ModelFile | undefined) => !!file && file.isTest && params.skipTests !== false;
    for (const file of model.files) {
      if (skip(file) || (file.language !== "ts" && file.language !== "js" && file.language !== "go")) continue;
      for (const fact of file.facts) {
        if (fact.kind === "string") checkString(file, fact, add);
        else if (fact.kind === "env-read" && fact.default?.kind === "string" && !fact.default.holes.length && isSecretName(fact.name) && looksLikeSecretValue(fact.default.value, fact.name)) {
          add(codeFinding(file, fact.default.loc, `the default of ${fact.name}`, fact.default.value, [{ file: file.path, line: fact.loc.line, column: fact.loc.column, message: `applies whenever ${fact.name} is unset` }]));
        }
      }
    }
    const byPath = new Map(model.files.map((f) => [f.path, f]));
    for (const conn of model.connections ?? []) {
      if (conn.isTest && params.skipTests !== false) continue;
      for (const t of conn.targets) {
        const lit = t.literal;
        if (t.role === "password" && lit?.kind === "string" && looksLikeSecretValue(lit.value)) {
          const file = byPath.get(lit.loc.file);
          if (file) add(codeFinding(file, lit.loc, `the ${conn.library} password`, lit.value, chainOf(t.chain)));
        }
      }
    }
    if (params.checkManifests !== false || params.checkEnvFiles !== false) {
      manifestSecrets(model, { manifests: params.checkManifests !== false, envFiles: params.checkEnvFiles !== false, skipTests: params.skipTests !== false }, add);
    }
    for (const f of found.values()) report(f);
  },
};

function checkString(file: ModelFile, s: StringFact, add: Report): void {
  const token = findToken(s.value);
  if (token) {
    const pos = position(s, token.index);
    add({
      message: `${token.name} (${mask(token.match)}) written in code: anyone who can read the repo can use it. Revoke it, then load it from a secret store or an env var the deployment sets from a Secret.`,
      file: file.path, line: pos.line, column: pos.column, ...(file.service ? { service: file.service } : {}),
    });
    return;
  }
  if (s.value.includes("@")) {
    const ep = parseEndpoint({ kind: "string", value: s.value, holes: s.holes, segments: s.segments, loc: s.loc }, "dsn");
    const pw = ep?.password;
    if (pw && pw.literal && looksLikeSecretValue(pw.text) && ep.hosts.length) {
      add({
        message: `Password (${mask(pw.text)}) written into a connection string: anyone who can read the repo can use it. Build the URL from an env var set from a Secret, and rotate the password.`,
        file: file.path, line: pw.line, column: pw.column, ...(file.service ? { service: file.service } : {}),
      });
      return;
    }
  }
  if (s.holes.length) {
    // `Bearer ${token}`: the credential is not literal. A literal prefix with a literal token is.
    const auth = s.context.property && isAuthHeader(s.context.property) ? /^(Bearer|Basic|Token|Bot)\s+/i.exec(s.value) : null;
    if (!auth || s.holes.some((h) => h >= auth[0].length)) return;
  }
  const name = s.context.property ?? s.context.variable;
  if (name && isAuthHeader(name)) {
    const m = /^(?:Bearer|Basic|Token|Bot)\s+(\S+)$/i.exec(s.value);
    const secret = m ? m[1]! : s.value;
    if (looksLikeSecretValue(secret)) add(codeFinding(file, s.loc, `the ${name} header`, secret, []));
    return;
  }
  if (name && isSecretName(lastPart(name)) && !s.holes.length && looksLikeSecretValue(s.value, lastPart(name), "prose-risk")) {
    add(codeFinding(file, s.loc, lastPart(name), s.value, []));
    return;
  }
  if (s.context.callee !== undefined && s.context.argIndex !== undefined && !s.holes.length) {
    const callee = s.context.callee;
    const idx = SECRET_ARGS[callee] ?? SECRET_ARGS[callee.slice(callee.lastIndexOf(".") + 1)];
    if (idx === s.context.argIndex && looksLikeSecretValue(s.value)) add(codeFinding(file, s.loc, `the key passed to ${callee}`, s.value, []));
  }
}

function codeFinding(file: ModelFile, loc: Loc, what: string, value: string, related: RelatedLocation[]): FindingInput {
  const f: FindingInput = {
    message: `Hardcoded credential in ${what} (${mask(value)}): anyone who can read the repo can use it. Load it from an env var or file the deployment fills from a Secret, with no default, and rotate it.`,
    file: file.path, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn,
  };
  if (related.length) f.related = related;
  if (file.service) f.service = file.service;
  return f;
}

function chainOf(chain: Array<{ file: string; line: number; column?: number; message: string }>): RelatedLocation[] {
  return chain.map((s) => ({ file: s.file, line: s.line, ...(s.column ? { column: s.column } : {}), message: s.message }));
}

/** `this.config.dbPassword` → `dbPassword`. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}
