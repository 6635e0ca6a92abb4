/** Loading .proto files for the gRPC fake upstream, the gRPC request driver and the health check. */
import { fromJSON, loadSync, type MethodDefinition, type PackageDefinition } from "@grpc/proto-loader";
import { HarnessConfigError } from "../errors.js";

const cache = new Map<string, PackageDefinition>();
const LOAD_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function loadProto(file: string): PackageDefinition {
  let def = cache.get(file);
  if (!def) {
    try {
      def = loadSync(file, LOAD_OPTIONS);
    } catch (err) {
      throw new HarnessConfigError(`${file}: cannot load proto: ${String((err as Error).message).split("\n")[0]}`);
    }
    cache.set(file, def);
  }
  return def;
}

export type UnaryMethod = MethodDefinition<object, object>;

/** The methods of `package.Service` in a loaded proto, keyed by method name. */
export function serviceMethods(def: PackageDefinition, service: string, where: string): Record<string, UnaryMethod> {
  const svc = def[service];
  if (!svc || typeof svc !== "object" || "format" in svc) {
    throw new HarnessConfigError(`${where}: no service '${service}' in the proto (have: ${serviceNames(def).join(", ") || "none"})`);
  }
  return svc as unknown as Record<string, UnaryMethod>;
}

/** The method `package.Service/Method`. */
export function findMethod(def: PackageDefinition, fullMethod: string, where: string): UnaryMethod {
  const [service, method] = fullMethod.split("/") as [string, string];
  const m = serviceMethods(def, service, where)[method];
  if (!m) throw new HarnessConfigError(`${where}: service '${service}' has no method '${method}'`);
  if (m.requestStream || m.responseStream) throw new HarnessConfigError(`${where}: '${fullMethod}' is streaming; the harness drives unary methods`);
  return m;
}

function serviceNames(def: PackageDefinition): string[] {
  return Object.keys(def).filter((k) => !("format" in (def[k] as object)));
}

/** grpc.health.v1 (the standard health protocol), built in so no .proto needs shipping. */
export function healthProto(): PackageDefinition {
  let def = cache.get("<health>");
  if (!def) {
    def = fromJSON({
      nested: {
        grpc: { nested: { health: { nested: { v1: { nested: {
          HealthCheckRequest: { fields: { service: { type: "string", id: 1 } } },
          HealthCheckResponse: {
            fields: { status: { type: "ServingStatus", id: 1 } },
            nested: { ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } } },
          },
          Health: { methods: { Check: { requestType: "HealthCheckRequest", responseType: "HealthCheckResponse" } } },
        } } } } } },
      },
    } as unknown as Parameters<typeof fromJSON>[0], LOAD_OPTIONS);
    cache.set("<health>", def);
  }
  return def;
}
