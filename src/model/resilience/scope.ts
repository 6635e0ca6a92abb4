/**
 * Per-file lookups the resilience derivation needs: the call at a position, the functions around
 * a position, the facts inside a span. Built once per file, lazily.
 */
import type { AssignmentFact, CallFact, CompositeFact, FunctionFact, Loc, LoopFact } from "../../extract/facts.js";
import type { ModelFile } from "../types.js";

interface Pos {
  line: number;
  column: number;
}

/** Whether `p` lies inside `span` (inclusive start, exclusive end). */
export function within(span: Loc, p: Pos): boolean {
  if (p.line < span.line || p.line > span.endLine) return false;
  if (p.line === span.line && p.column < span.column) return false;
  if (p.line === span.endLine && p.column >= span.endColumn) return false;
  return true;
}

export class FileScope {
  readonly calls: CallFact[] = [];
  readonly functions: FunctionFact[] = [];
  readonly loops: LoopFact[] = [];
  readonly assignments: AssignmentFact[] = [];
  readonly composites: CompositeFact[] = [];
  private readonly callsAt = new Map<string, CallFact>();

  constructor(readonly file: ModelFile) {
    for (const f of file.facts) {
      if (f.kind === "call") {
        this.calls.push(f);
        this.callsAt.set(`${f.loc.line}:${f.loc.column}`, f);
      } else if (f.kind === "function") this.functions.push(f);
      else if (f.kind === "loop") this.loops.push(f);
      else if (f.kind === "assignment") this.assignments.push(f);
      else if (f.kind === "composite") this.composites.push(f);
    }
  }

  callAt(p: Pos): CallFact | undefined {
    return this.callsAt.get(`${p.line}:${p.column}`);
  }

  /** Functions around `p`, innermost first. */
  enclosing(p: Pos): FunctionFact[] {
    return this.functions.filter((f) => within(f.loc, p)).sort((a, b) => size(a.loc) - size(b.loc));
  }

  callsWithin(span: Loc): CallFact[] {
    return this.calls.filter((c) => within(span, c.loc));
  }
}

function size(l: Loc): number {
  return (l.endLine - l.line) * 10_000 + (l.endColumn - l.column);
}

/** One `FileScope` per file, made on first use. */
export class Scopes {
  private readonly memo = new Map<string, FileScope>();
  readonly byPath = new Map<string, ModelFile>();
  constructor(readonly files: readonly ModelFile[]) {
    for (const f of files) this.byPath.set(f.path, f);
  }
  of(file: ModelFile | string): FileScope | undefined {
    const f = typeof file === "string" ? this.byPath.get(file) : file;
    if (!f) return undefined;
    let s = this.memo.get(f.path);
    if (!s) this.memo.set(f.path, (s = new FileScope(f)));
    return s;
  }
  /** The call fact a `call` value stands for (same position, same file). */
  callOf(loc: Loc): CallFact | undefined {
    return this.of(loc.file)?.callAt(loc);
  }
}
