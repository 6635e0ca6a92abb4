/**
 * Files whose statements say nothing about who owns a table at run time: seed scripts and test
 * data factories. A seed in one service that inserts demo rows into another service's table is
 * development data, not an access; counting it would make a service an owner, or a table
 * contested, on the strength of `INSERT … VALUES ('demo@example.com')`. Migrations are kept: the
 * service whose migrations create a table is a real claim on it.
 */
const SEED_DIRS = new Set(["seed", "seeds", "seeder", "seeders", "seeding", "factories", "testutil", "testutils", "testhelpers", "testing"]);
/**
 * `seed.ts`, `orders.seed.ts`, `demo-seed.js`, `seed_data.go`, `DatabaseSeeder.ts`. Not
 * `*.factory.ts`: NestJS names provider factories that way (`typeorm-config.factory.ts`).
 */
const SEED_FILE = /(^|[._-])(seeds?|seeder)([._-][^/]*)?\.(m|c)?[jt]sx?$|(^|_)seed(_[^/]*)?\.go$|Seeder\.(m|c)?[jt]sx?$/i;

export function isSeedOrFactory(path: string): boolean {
  const segs = path.split("/");
  const base = segs.pop()!;
  return segs.some((s) => SEED_DIRS.has(s.toLowerCase())) || SEED_FILE.test(base);
}
