/**
 * Validates data against the JSON-Schema subset `schema/harness.schema.json` uses (type, enum,
 * properties, required, additionalProperties, items, minimum/maximum, minLength, pattern, local
 * `$ref`), so the shipped schema is the one source of truth for what the harness YAML may say.
 * Returns the first problem as `where: what`, or undefined.
 */
export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
}

export function firstSchemaProblem(data: unknown, schema: SchemaNode): string | undefined {
  return check(data, schema, schema, "");
}

function check(value: unknown, node: SchemaNode, root: SchemaNode, where: string): string | undefined {
  if (node.$ref) {
    const name = node.$ref.replace(/^#\/\$defs\//, "");
    const target = root.$defs?.[name];
    if (!target) return `${where || "top level"}: schema has no $defs/${name}`;
    return check(value, target, root, where);
  }
  const at = where || "top level";
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.some((t) => hasType(value, t))) return `${at}: must be ${types.map(article).join(" or ")}, got ${describe(value)}`;
  }
  if (node.enum && !node.enum.includes(value)) return `${at}: must be one of ${node.enum.map(String).join(", ")}, got ${describe(value)}`;
  if (typeof value === "number") {
    if (node.minimum !== undefined && value < node.minimum) return `${at}: must be at least ${node.minimum}, got ${value}`;
    if (node.maximum !== undefined && value > node.maximum) return `${at}: must be at most ${node.maximum}, got ${value}`;
  }
  if (typeof value === "string") {
    if (node.minLength !== undefined && value.length < node.minLength) return `${at}: must not be empty`;
    if (node.pattern !== undefined && !new RegExp(node.pattern).test(value)) return `${at}: '${value}' does not match ${node.pattern}`;
  }
  if (Array.isArray(value) && node.items) {
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], node.items, root, `${where}[${i}]`);
      if (problem) return problem;
    }
  }
  if (isMapping(value)) {
    for (const key of node.required ?? []) {
      if (value[key] === undefined || value[key] === null) return `${join(where, key)}: is required`;
    }
    for (const [key, v] of Object.entries(value)) {
      const sub = node.properties?.[key];
      if (sub) {
        const problem = check(v, sub, root, join(where, key));
        if (problem) return problem;
      } else if (node.additionalProperties === false) {
        const known = Object.keys(node.properties ?? {}).filter((k) => k !== "$schema");
        return `${join(where, key)}: unknown key (expected one of ${known.join(", ")})`;
      } else if (typeof node.additionalProperties === "object") {
        const problem = check(v, node.additionalProperties, root, join(where, key));
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case "object": return isMapping(v);
    case "array": return Array.isArray(v);
    case "string": return typeof v === "string";
    case "boolean": return typeof v === "boolean";
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "integer": return Number.isInteger(v);
    case "null": return v === null;
    default: return true;
  }
}

function join(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

function article(t: string): string {
  return t === "object" ? "a mapping" : t === "array" ? "a list" : t === "integer" ? "an integer" : `a ${t}`;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (isMapping(v)) return "a mapping";
  if (typeof v === "string") return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return String(v);
}
