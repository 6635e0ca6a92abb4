/** Name suffixes that say "this is a service" and nothing about which one (one is stripped). */
const SERVICE_SUFFIXES = ["-service", "-svc", "-server", "-srv", "-api", "-app", "-deployment", "-deploy"];

/**
 * The one key used to join names of the same service from different places: an npm package
 * (`@shop/orders-service`), a Go module (`github.com/acme/payments/v2`), a folder (`orders_svc`),
 * a Kubernetes Deployment (`orders-deployment`), a compose service.
 *
 * Lowercase; npm scope stripped; last segment of a path (a trailing `/vN` ignored); `_`, `.`,
 * spaces and other non `[a-z0-9-]` characters become `-`; a trailing `-vN` is dropped; then one
 * of {@link SERVICE_SUFFIXES} is stripped when something remains.
 */
export function normalizeServiceName(name: string): string {
  let n = name.trim().toLowerCase();
  if (n.startsWith("@") && n.includes("/")) n = n.slice(n.indexOf("/") + 1);
  const segs = n.split("/").filter((s) => s !== "");
  if (segs.length > 1 && /^v\d+$/.test(segs[segs.length - 1]!)) segs.pop();
  n = segs.length > 0 ? segs[segs.length - 1]! : "";
  n = n
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  n = n.replace(/^(.+?)-v\d+$/, "$1");
  for (const suffix of SERVICE_SUFFIXES) {
    if (n.endsWith(suffix) && n.length > suffix.length) {
      n = n.slice(0, -suffix.length);
      break;
    }
  }
  return n;
}

/** `@shop/orders` → `orders`; unscoped names unchanged. */
export function stripNpmScope(name: string): string {
  return name.startsWith("@") && name.includes("/") ? name.slice(name.indexOf("/") + 1) : name;
}

/** `github.com/acme/payments/v2` → `payments` (last path segment, a major-version `/vN` ignored). */
export function goModuleBaseName(modulePath: string): string {
  const segs = modulePath.split("/").filter((s) => s !== "");
  if (segs.length > 1 && /^v\d+$/.test(segs[segs.length - 1]!)) segs.pop();
  return segs[segs.length - 1] ?? modulePath;
}
