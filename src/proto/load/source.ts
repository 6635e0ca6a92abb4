import { execFile, spawn } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

/** Where one side's files come from: a folder or a git tree. Paths are relative to the side's root, with `/`. */
export interface Source {
  /** For messages: the folder, or `ref` in the repository. */
  label: string;
  /** Every `.proto`, `buf.yaml` and `buf.work.yaml` under the root. */
  list(): Promise<string[]>;
  /** Reads several files at once (one `git cat-file --batch` for a git tree). Missing files are absent. */
  readMany(paths: string[]): Promise<Map<string, string>>;
}

export class SourceError extends Error {}

const wanted = (name: string) => name.endsWith(".proto") || name === "buf.yaml" || name === "buf.work.yaml";

/** A folder on disk. Skips `.git` and `node_modules`, never follows symlinks out. */
export function dirSource(root: string): Source {
  const abs = resolve(root);
  return {
    label: root,
    async list() {
      const out: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          if (e.name === ".git" || e.name === "node_modules") continue;
          const p = join(dir, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.isFile() && wanted(e.name)) out.push(relative(abs, p).split(sep).join("/"));
        }
      };
      await walk(abs);
      return out.sort();
    },
    async readMany(paths) {
      const out = new Map<string, string>();
      await Promise.all(
        paths.map(async (p) => {
          try {
            out.set(p, await readFile(join(abs, p), "utf8"));
          } catch {
            // absent
          }
        }),
      );
      return out;
    },
  };
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileP("git", args, { cwd, maxBuffer: 1 << 30, encoding: "utf8" });
  return stdout;
}

/**
 * The tree of `ref` at the same place as `dir` in its repository, read straight from the object
 * database (`git ls-tree`, `git cat-file --batch`): no checkout, no working-tree change.
 */
export async function gitSource(dir: string, ref: string): Promise<Source> {
  let top: string;
  try {
    top = (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
  } catch {
    throw new SourceError(`--against '${ref}' is neither a folder nor a git ref: ${dir} is not inside a git repository`);
  }
  let commit: string;
  try {
    commit = (await git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    let shallow = false;
    try {
      shallow = (await git(dir, ["rev-parse", "--is-shallow-repository"])).trim() === "true";
    } catch {
      // old git
    }
    const hint = shallow
      ? ` This is a shallow clone: fetch the ref first (git fetch --depth=1 origin ${ref.replace(/^origin\//, "")}), or check out with fetch-depth: 0.`
      : " Fetch it first (git fetch origin), or name a branch, tag or commit that exists here.";
    throw new SourceError(`git ref '${ref}' not found in ${top}.${hint}`);
  }
  const prefix = relative(top, resolve(dir)).split(sep).join("/");
  const base = prefix ? `${prefix}/` : "";
  return {
    label: `${ref} (${commit.slice(0, 12)})`,
    async list() {
      const out = await git(top, ["ls-tree", "-r", "-z", "--name-only", commit, "--", prefix || "."]);
      return out
        .split("\0")
        .filter((p) => p && p.startsWith(base) && wanted(p.slice(p.lastIndexOf("/") + 1)))
        .map((p) => p.slice(base.length))
        .filter((p) => !p.split("/").some((s) => s === "node_modules" || s === ".git"))
        .sort();
    },
    readMany(paths) {
      return catFileBatch(top, commit, paths.map((p) => base + p)).then((m) => {
        const out = new Map<string, string>();
        for (const p of paths) {
          const v = m.get(base + p);
          if (v !== undefined) out.set(p, v);
        }
        return out;
      });
    },
  };
}

/** Reads blobs `commit:path` with one `git cat-file --batch` process. */
function catFileBatch(cwd: string, commit: string, paths: string[]): Promise<Map<string, string>> {
  return new Promise((resolveP, reject) => {
    const out = new Map<string, string>();
    if (!paths.length) return resolveP(out);
    const child = spawn("git", ["cat-file", "--batch"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => chunks.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new SourceError(`git cat-file failed (exit ${code})`));
      const buf = Buffer.concat(chunks);
      let pos = 0;
      for (const p of paths) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        const header = buf.toString("utf8", pos, nl);
        pos = nl + 1;
        if (header.endsWith(" missing")) continue;
        const size = Number(header.split(" ")[2]);
        out.set(p, buf.toString("utf8", pos, pos + size));
        pos += size + 1;
      }
      resolveP(out);
    });
    child.stdin.end(paths.map((p) => `${commit}:${p}\n`).join(""));
  });
}
