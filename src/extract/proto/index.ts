/**
 * Facts from a `.proto` file: the services it declares, with their full names (package-qualified,
 * as gRPC puts them on the wire) and methods. protobufjs parses the file; it keeps no positions,
 * so each service and rpc is located in the source by name (comments blanked out first).
 */
import protobuf from "protobufjs";
import type { FileFacts, Loc, ProtoMethod, ProtoServiceFact } from "../facts.js";

export function extractProto(file: string, text: string): FileFacts {
  const base: FileFacts = { file, language: "proto", facts: [] };
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, { keepCase: true, alternateCommentMode: true });
  } catch (err) {
    const message = String((err as Error).message ?? err);
    const line = /\(line (\d+)\)/.exec(message)?.[1];
    return { ...base, parseError: { message: `proto syntax error: ${message.replace(/\s*\(line \d+\)/, "")}`, ...(line ? { line: Number(line) } : {}) } };
  }
  const code = blankComments(text);
  const locator = new Locator(file, code);
  const pkg = parsed.package ?? "";
  const services: protobuf.Service[] = [];
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Service) services.push(o);
      if (o instanceof protobuf.Namespace || o instanceof protobuf.Type) walk(o as protobuf.NamespaceBase);
    }
  };
  walk(parsed.root);
  for (const svc of services) {
    const at = locator.find(new RegExp(`\\bservice\\s+${svc.name}\\b`, "g"), 0);
    const start = at?.index ?? 0;
    const methods: ProtoMethod[] = svc.methodsArray.map((m) => {
      const mAt = locator.find(new RegExp(`\\brpc\\s+${m.name}\\b`, "g"), start);
      return {
        name: m.name,
        requestType: m.requestType,
        responseType: m.responseType,
        clientStreaming: m.requestStream === true,
        serverStreaming: m.responseStream === true,
        loc: mAt?.loc ?? locator.loc(start, start),
      };
    });
    const fact: ProtoServiceFact = {
      kind: "proto-service",
      fullName: svc.fullName.replace(/^\./, ""),
      name: svc.name,
      package: pkg,
      methods,
      loc: at?.loc ?? locator.loc(0, 0),
    };
    base.facts.push(fact);
  }
  return base;
}

/** Replaces comments with spaces, keeping every offset and newline where it was. */
function blankComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) =>
    m.startsWith("/") ? m.replace(/[^\n]/g, " ") : m,
  );
}

class Locator {
  private readonly starts: number[] = [0];
  constructor(
    private readonly file: string,
    private readonly code: string,
  ) {
    for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  find(re: RegExp, from: number): { index: number; loc: Loc } | undefined {
    re.lastIndex = from;
    const m = re.exec(this.code);
    if (!m) return undefined;
    // Point at the name, not the keyword.
    const nameStart = m.index + m[0].search(/\S+$/);
    return { index: m.index, loc: this.loc(nameStart, m.index + m[0].length) };
  }

  loc(start: number, end: number): Loc {
    const a = this.position(start);
    const b = this.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
