/**
 * A small glob → RegExp compiler for paths relative to the scanned root (always with `/`).
 *
 * Supported: `**` (any number of whole segments, including none), `*` (any run of characters
 * within one segment), `?` (one character within a segment), `{a,b}` (alternatives, nestable),
 * `[abc]` / `[!abc]` / `[^abc]` (character classes) and `\x` (a literal x).
 * Dotfiles are matched like any other file (as in .gitignore, unlike shell globs).
 * A leading `./` or `/` and a trailing `/` are dropped; `dir/**` also matches `dir` itself.
 */

const REGEXP_SPECIAL = /[.+^${}()|[\]\\*?]/g;

function escapeRegExp(s: string): string {
  return s.replace(REGEXP_SPECIAL, "\\$&");
}

/** Trims `./`, leading and trailing `/`, and turns Windows separators into `/`. */
export function normalizeGlob(glob: string): string {
  let g = glob.trim();
  while (g.startsWith("./")) g = g.slice(2);
  while (g.startsWith("/")) g = g.slice(1);
  while (g.length > 1 && g.endsWith("/")) g = g.slice(0, -1);
  return g;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function findBraceClose(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    const ch = p[i];
    if (ch === "\\") {
      i++;
    } else if (ch === "{") {
      depth++;
    } else if (ch === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits the inside of `{…}` on its top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "\\") i++;
    else if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function translate(p: string, atSegmentStart: boolean): string {
  let out = "";
  let segStart = atSegmentStart;
  let i = 0;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === "*" && p[i + 1] === "*" && segStart && (i + 2 === p.length || p[i + 2] === "/")) {
      if (i + 2 === p.length) {
        out += ".*";
        i += 2;
      } else {
        out += "(?:[^/]+/)*";
        i += 3;
      }
      segStart = true;
      continue;
    }
    if (ch === "/" && p.slice(i + 1) === "**") {
      // `dir/**` matches everything below dir, and dir itself.
      out += "(?:/.*)?";
      i = p.length;
      continue;
    }
    const wasSegStart = segStart;
    segStart = false;
    if (ch === "*") {
      while (p[i] === "*") i++;
      out += "[^/]*";
      continue;
    }
    if (ch === "?") {
      out += "[^/]";
    } else if (ch === "\\") {
      if (i + 1 < p.length) {
        out += escapeRegExp(p[i + 1]!);
        i++;
      } else {
        out += "\\\\";
      }
    } else if (ch === "[") {
      const close = p.indexOf("]", i + 2);
      if (close === -1) {
        out += "\\[";
      } else {
        let body = p.slice(i + 1, close);
        let negate = false;
        if (body.startsWith("!") || body.startsWith("^")) {
          negate = true;
          body = body.slice(1);
        }
        out += `[${negate ? "^/" : ""}${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (ch === "{") {
      const close = findBraceClose(p, i);
      if (close === -1) {
        out += "\\{";
      } else {
        const alts = splitAlternatives(p.slice(i + 1, close)).map((a) => translate(a, wasSegStart));
        out += `(?:${alts.join("|")})`;
        i = close;
      }
    } else if (ch === "/") {
      out += "/";
      segStart = true;
    } else {
      out += escapeRegExp(ch);
    }
    i++;
  }
  return out;
}

/** Compiles one glob into a RegExp anchored at both ends, matched against a whole relative path. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(normalizeGlob(glob), true)}$`);
}

export interface PathMatcherOptions {
  /**
   * gitignore-style: a pattern without a `/` (other than a trailing one) matches a name at any
   * depth (`*.gen.ts` ≡ `**\/*.gen.ts`); a leading `/` anchors it at the root. Default true.
   */
  matchBase?: boolean;
  /** A pattern that matches a folder also matches every path below it. Default true. */
  matchAncestors?: boolean;
}

export interface PathMatcher {
  /** The compiled patterns, in the order given. */
  readonly patterns: ReadonlyArray<{ glob: string; re: RegExp }>;
  /** True if any pattern matches the path (or, with matchAncestors, one of its folders). */
  matches(path: string): boolean;
  /**
   * The shortest prefix of the path (a folder, or the path itself) that a pattern matches,
   * with that pattern; undefined if none does.
   */
  matchPrefix(path: string): { prefix: string; glob: string } | undefined;
}

export function createPathMatcher(globs: readonly string[], options: PathMatcherOptions = {}): PathMatcher {
  const matchBase = options.matchBase ?? true;
  const matchAncestors = options.matchAncestors ?? true;
  const patterns = globs
    .filter((g) => normalizeGlob(g) !== "")
    .map((glob) => {
      const anchored = glob.trim().startsWith("/");
      const g = normalizeGlob(glob);
      const body = matchBase && !anchored && !g.includes("/") ? `**/${g}` : g;
      return { glob, re: globToRegExp(body) };
    });
  const testOne = (p: string): string | undefined => {
    for (const { glob, re } of patterns) if (re.test(p)) return glob;
    return undefined;
  };
  // Folder results, memoised: every file of a folder asks about the same prefixes.
  const folderCache = new Map<string, { prefix: string; glob: string } | null>();
  const matchFolder = (folder: string): { prefix: string; glob: string } | null => {
    let hit = folderCache.get(folder);
    if (hit === undefined) {
      const slash = folder.lastIndexOf("/");
      hit = slash === -1 ? null : matchFolder(folder.slice(0, slash));
      if (hit === null) {
        const glob = testOne(folder);
        hit = glob === undefined ? null : { prefix: folder, glob };
      }
      if (folderCache.size > 100_000) folderCache.clear();
      folderCache.set(folder, hit);
    }
    return hit;
  };
  const matchPrefix = (path: string): { prefix: string; glob: string } | undefined => {
    if (patterns.length === 0) return undefined;
    if (matchAncestors) {
      const slash = path.lastIndexOf("/");
      const hit = slash === -1 ? null : matchFolder(path.slice(0, slash));
      if (hit) return hit;
    }
    const glob = testOne(path);
    return glob === undefined ? undefined : { prefix: path, glob };
  };
  return {
    patterns,
    matches: (path) => matchPrefix(path) !== undefined,
    matchPrefix,
  };
}

/** The leading segments of a glob that hold no wildcard (`services/orders/**` → `services/orders`). */
export function globLiteralPrefix(glob: string): string {
  const segs = normalizeGlob(glob).split("/");
  const out: string[] = [];
  for (const s of segs) {
    if (/[*?[\]{}\\]/.test(s)) break;
    out.push(s);
  }
  return out.join("/");
}

/** True if the glob holds no wildcard at all. */
export function isLiteralGlob(glob: string): boolean {
  return !/[*?[\]{}\\]/.test(normalizeGlob(glob));
}
