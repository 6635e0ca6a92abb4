/**
 * The folder a docker-compose service is built from. A compose service says which code it runs
 * by its `build:` context, whatever the service is called (`customers-service` built from
 * `./spring-petclinic-customers-service`), so the context is a stronger link to a folder service
 * than the name.
 */
import { posix } from "node:path";
import { dirName } from "./classify.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A local path of the repo, or undefined: remote contexts (`https://…`, `git@…`, `repo.git#branch`),
 * variables (`${APP_DIR}`) and absolute paths name nothing we can see.
 */
function localPath(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const p = v.trim();
  if (p === "" || p.includes("$") || p.includes("://") || p.startsWith("git@") || p.includes("#") || /\.git$/.test(p)) return undefined;
  if (p.startsWith("/") || p.startsWith("~") || /^[A-Za-z]:[\\/]/.test(p)) return undefined;
  return p.replace(/\\/g, "/");
}

/** `dir` joined with a relative path, as a repo path ("" for the root); undefined when it leaves the repo. */
function under(dir: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(dir === "" ? "." : dir, rel)).replace(/\/+$/, "");
  if (joined === ".." || joined.startsWith("../")) return undefined;
  return joined === "." ? "" : joined;
}

/**
 * The folders a compose service's `build:` points at, strongest first: the folder of its
 * `dockerfile:` when that lies elsewhere in the context (`context: .`, `dockerfile:
 * services/orders/Dockerfile`, as monorepos build: the Dockerfile says which code the image is),
 * then the build context itself (`build: ./orders`, `build: { context: ./orders }`, relative to the
 * compose file's folder). Empty when the service has no local build.
 */
export function composeBuildFolders(composeFile: string, service: unknown): string[] {
  if (!isObject(service)) return [];
  const build = service.build;
  const fileDir = dirName(composeFile);
  if (typeof build === "string") {
    const ctx = localPath(build);
    const dir = ctx === undefined ? undefined : under(fileDir, ctx);
    return dir === undefined ? [] : [dir];
  }
  if (!isObject(build)) return [];
  // The Compose Specification defaults the context to the compose file's folder.
  const ctx = build.context === undefined ? "." : localPath(build.context);
  const dir = ctx === undefined ? undefined : under(fileDir, ctx);
  if (dir === undefined) return [];
  const out: string[] = [];
  const dockerfile = localPath(build.dockerfile);
  if (dockerfile !== undefined) {
    const df = under(dir, dockerfile);
    const dfDir = df === undefined ? undefined : dirName(df);
    if (dfDir !== undefined && dfDir !== dir) out.push(dfDir);
  }
  out.push(dir);
  return out;
}

/**
 * The service (by root folder) a compose service is built from: the first of
 * {@link composeBuildFolders} that is some service's root. Only exact roots count, so a context
 * that is a shared `docker/` folder or the repo root of a monorepo with no root service links to
 * nothing, and the name decides as before.
 */
export function composeBuildService<T>(composeFile: string, service: unknown, byRoot: ReadonlyMap<string, T>): T | undefined {
  for (const dir of composeBuildFolders(composeFile, service)) {
    const hit = byRoot.get(dir);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
