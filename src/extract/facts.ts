import type { AdrFact } from "./adr-facts.js";

export type * from "./adr-facts.js";

/**
 * Language-neutral facts. Extractors (TS/JS, Go, YAML, SQL, .env) emit these; the model and the
 * detectors read only these. Every type here is plain JSON so facts can cross worker threads and be
 * written to disk (`archlint facts`).
 */

/** A source position. Lines and columns are 1-based; end is exclusive of nothing (inclusive last char + 1). */
export interface Loc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One piece of a string value with the place its first character sits in the source. */
export interface StringSegment {
  /** Offset of this segment within the assembled value. */
  offset: number;
  /** The cooked text of this segment. */
  text: string;
  /** Where `text[0]` sits in the source file. */
  line: number;
  column: number;
  /**
   * Whether newlines in `text` are real newlines in the source (template literals, Go raw strings,
   * .sql files). When false the segment occupies one source line (escaped `\n` stays on the line).
   */
  multiline: boolean;
}

/**
 * A value as far as static analysis of one file can tell. Extractors fold constants, template
 * literals, concatenation and `fmt.Sprintf` into these so detectors never walk syntax.
 */
export type Value =
  | {
      kind: "string";
      value: string;
      segments: StringSegment[];
      holes: number[];
      /**
       * Per hole (same order), the plain reference it stands for (`config.baseUrl`, `BASE`), or ""
       * for anything else; absent when no hole is a reference. Lets the model follow a hole into
       * another file (TS/JS).
       */
      holeRefs?: string[];
      loc: Loc;
    }
  | { kind: "number"; value: number; loc: Loc }
  | { kind: "boolean"; value: boolean; loc: Loc }
  | { kind: "env"; name: string; default?: Value; loc: Loc }
  | { kind: "object"; props: Record<string, Value>; loc: Loc }
  | { kind: "array"; items: Value[]; loc: Loc }
  | { kind: "call"; callee: string; loc: Loc }
  | {
      kind: "unknown";
      text: string;
      loc: Loc;
      /**
       * A function expression that returns an object (`(config) => ({ host: … })`, a body ending
       * in `return options`) or a call (`(config) => config.get("database")`): that value, so the
       * model can read a NestJS `useFactory`.
       */
      returns?: Value;
    };

/** Where a string literal sits syntactically, so rules can tell a query from a log line. */
export interface StringContext {
  /** The callee path of the call the string is an argument of (`pool.query`, `fmt.Sprintf`). */
  callee?: string;
  /** Index of the argument within that call. */
  argIndex?: number;
  /** Tag of a tagged template (`sql`, `Prisma.sql`). */
  tag?: string;
  /** Variable or constant the string initialises. */
  variable?: string;
  /** Object property the string is the value of. */
  property?: string;
  /** Names of properties read from the call's result in the same function (`rows[0].total`). */
  resultProperties?: string[];
}

/**
 * A string as written in code: one literal, a template literal (its `${…}` parts are `holes`),
 * a Go raw string, or a concatenation of literals folded into one value.
 */
export interface StringFact {
  kind: "string";
  value: string;
  /** Offsets in `value` where an interpolation or non-literal operand was replaced by a placeholder. */
  holes: number[];
  segments: StringSegment[];
  loc: Loc;
  context: StringContext;
}

/** A call site, with its arguments evaluated as far as the file allows. */
export interface CallFact {
  kind: "call";
  /** Dotted callee path as written (`axios.create`, `grpc.Dial`, `this.client.get`). */
  callee: string;
  /** `new X()` rather than `X()`. */
  isNew: boolean;
  args: Value[];
  loc: Loc;
  /**
   * The name the call's result is bound to, as written: `const c = axios.create()` → `c`,
   * `this.http = axios.create()` → `this.http`, `conn, err := grpc.Dial(…)` → `conn`, an object or
   * struct field `{ http: … }` → `http`. Lets the model follow a client instance to its calls.
   */
  assignedTo?: string;
}

/**
 * A function, method, arrow function or closure: its span and parameters, so the model can tell
 * which function a call sits in and whether a value (a Go `ctx`) comes in from the caller.
 */
export interface FunctionFact {
  kind: "function";
  /** Declared name, the variable or property it initialises, or "" for an anonymous closure. */
  name: string;
  /** Parameters in order, with their type as written when there is one (`context.Context`). */
  params: Array<{ name: string; type?: string }>;
  /** The callee of the call this function is passed to (`policy.execute`, `mux.HandleFunc`). */
  argOf?: string;
  /** The whole function, body included. */
  loc: Loc;
}

/**
 * A loop (`for`, `while`, `do`), read for what bounds it: the model asks whether a retry loop can
 * run forever.
 */
export interface LoopFact {
  kind: "loop";
  /** Nothing in the header ends it: `for {}`, `for (;;)`, `while (true)`, `do … while (true)`. */
  unconditional: boolean;
  /** The body leaves the loop under an ordering comparison (`if attempt >= max { return err }`): it counts. */
  countedExit: boolean;
  /** The body stops on cancellation (`ctx.Done()`, `ctx.Err()`, `signal.aborted`). */
  cancellable: boolean;
  /** The whole loop, body included. */
  loc: Loc;
}

/** An assignment to a property path (`client.defaults.timeout = 5000`, `cfg.timeout = 2000`). */
export interface AssignmentFact {
  kind: "assignment";
  /** The target path as written (`axios.defaults.timeout`). */
  target: string;
  value: Value;
  loc: Loc;
}

/**
 * A Go composite literal of a package-qualified type (`&http.Client{Timeout: 3 * time.Second}`),
 * or of a package-local type passed straight to a call (`db.Create(&Order{…})`).
 */
export interface CompositeFact {
  kind: "composite";
  /** The type as written, without `&` (`http.Client`). */
  type: string;
  /** The literal's fields (an `object` value for keyed literals). */
  value: Value;
  /** As in `CallFact.assignedTo`. */
  assignedTo?: string;
  loc: Loc;
}

/** A read of an environment variable (`process.env.X`, `os.Getenv("X")`). */
export interface EnvReadFact {
  kind: "env-read";
  name: string;
  default?: Value;
  loc: Loc;
}

/** An import of a module or package (`import x from "pg"`, Go `import "database/sql"`). */
export interface ImportFact {
  kind: "import";
  module: string;
  /** Local names bound by the import (default, namespace or named). */
  names: string[];
  /**
   * What each local name stands for in the module: `default`, `*` (namespace, Go package,
   * `const x = require(…)`) or the exported name (`import { Pool as P }` → local P, imported Pool).
   */
  bindings?: Array<{ local: string; imported: string }>;
  loc: Loc;
}

/**
 * A module-level (TS/JS) or package-level (Go) variable or constant with its evaluated value, so
 * the model can follow `config.inventoryAddr` into the file that defines `config`.
 */
export interface DeclarationFact {
  kind: "declaration";
  name: string;
  value: Value;
  /** `export const` in TS/JS; a capitalised name in Go. */
  exported: boolean;
  /** A TS/JS class (its value: the methods whose results are known) or function declaration. */
  declares?: "class" | "function";
  loc: Loc;
}

/** A comment directive that silences findings. */
export interface SuppressionFact {
  kind: "suppression";
  /** `next-line` silences the following line; `line` the line it sits on; `file` the whole file. */
  scope: "next-line" | "line" | "file";
  rules: string[];
  reason?: string;
  /** The line the suppression applies to (for `file`, 0). */
  targetLine: number;
  loc: Loc;
}

/** A Kubernetes-style or compose document from a YAML file, kept as plain data. */
export interface ManifestFact {
  kind: "manifest";
  /** `k8s` for documents with apiVersion + kind, `compose` for docker-compose files, `yaml` otherwise. */
  format: "k8s" | "compose" | "helm-values" | "yaml";
  /** Kubernetes kind (`Deployment`, `Service`, …); empty for compose and plain YAML. */
  resourceKind: string;
  name: string;
  namespace?: string;
  /** The parsed document. */
  doc: unknown;
  /** 0-based index of the document within the file. */
  docIndex: number;
  /** Line of each JSON-pointer-like path (`spec.template.spec.containers.0.image`) that could be located. */
  lines: Record<string, number>;
  /**
   * Helm templates only: lines of the file made only of actions that print content (`{{- include
   * "x" . | nindent 8 }}`, `{{- toYaml .Values.probes | nindent 10 }}`). The keys they add are
   * unknown, so the mapping around such a line may hold more than `doc` shows.
   */
  helmOutputLines?: number[];
  /**
   * Helm templates only: the scalars whose value in `doc` holds `__HELM__` placeholders, keyed by
   * the same paths as `lines` (`spec.template.spec.containers.0.env.1.value`), as written in the
   * template. The model renders the simple forms (`{{ .Values.db.host | quote }}`) against the
   * chart's values.yaml (extract/yaml/helm-eval.ts); the rest stay unknown.
   */
  helmScalars?: Record<string, HelmScalar>;
  loc: Loc;
}

/** A scalar of a Helm template that holds actions (see {@link ManifestFact.helmScalars}). */
export interface HelmScalar {
  /** The scalar's source, quotes and actions included: `"{{ .Values.db.host }}:{{ .Values.db.port }}"`. */
  source: string;
  /** Opening actions of the `if` / `with` / `range` blocks it sits in, outermost first (`{{ else }}` when in an else branch). */
  blocks?: string[];
}

/** A variable assignment in a `.env` file. */
export interface EnvFileFact {
  kind: "env-file-entry";
  name: string;
  value: string;
  loc: Loc;
}

/**
 * A setting in a service's configuration that is neither YAML nor code: a Spring `.properties`
 * entry (`spring.datasource.url=jdbc:mysql://…`) or a Prisma schema `datasource` field
 * (`datasource.db.url` → `env("DATABASE_URL")`, `datasource.db.provider` → `"postgresql"`).
 */
export interface ConfigEntryFact {
  kind: "config-entry";
  format: "properties" | "prisma";
  /** Dotted key: the property name, or `datasource.<block>.<field>` for Prisma. */
  key: string;
  /** A string, or an `env` value for `env("X")` / `${X:default}` placeholders when the format has them. */
  value: Value;
  loc: Loc;
  /** Which document of a multi-document file (`#---` in a Spring `.properties`) holds it; absent for the first. */
  document?: number;
}

/**
 * An ORM model bound to a table: TypeORM `@Entity("orders")`, Sequelize `tableName`/`define`,
 * Prisma `model Order { … @@map("orders") }`, GORM `func (Order) TableName() string`.
 */
export interface OrmEntityFact {
  kind: "orm-entity";
  orm: "typeorm" | "sequelize" | "prisma" | "gorm" | "mikro-orm" | "objection";
  /** The class, model or struct name the code uses (`Order`). */
  name: string;
  /** The table it maps to. */
  table: string;
  /** The table name is written in code or schema, not derived from a naming convention. */
  explicit: boolean;
  loc: Loc;
}

export type Fact =
  | StringFact
  | ConfigEntryFact
  | OrmEntityFact
  | CallFact
  | EnvReadFact
  | ImportFact
  | SuppressionFact
  | ManifestFact
  | EnvFileFact
  | DeclarationFact
  | SqlFact
  | AdrFact
  | ProtoServiceFact
  | FunctionFact
  | LoopFact
  | AssignmentFact
  | CompositeFact;

export type FileLanguage =
  | "ts"
  | "js"
  | "go"
  | "yaml"
  | "sql"
  | "env"
  | "proto"
  | "json"
  | "markdown"
  | "prisma"
  | "properties"
  | "other";

/** What one extractor learnt about one file. */
export interface FileFacts {
  file: string;
  language: FileLanguage;
  facts: Fact[];
  /** Generated code ("Code generated … DO NOT EDIT"): the run drops the file. */
  generated?: boolean;
  /** Set when the file could not be read or parsed; the run reports it as a `parse-error`. */
  parseError?: { message: string; line?: number; column?: number };
}

/** A `*` in a select list: `SELECT *` or `alias.*`. */
export interface SqlStar {
  /** The table the star expands (resolved through aliases), when one table is in scope. */
  table?: string;
  /** Every table the star expands (one for `o.*`, all joined tables for a bare `*`). */
  tables: string[];
  /** The qualifier as written (`o` in `o.*`). */
  qualifier?: string;
  /** The star sits inside `EXISTS (…)`, where it reads no columns. */
  inExists: boolean;
  /** The star sits in a subquery rather than the outermost select. */
  inSubquery: boolean;
  loc: Loc;
}

/** A SQL statement found in a `.sql` file or in a string in code. */
export interface SqlFact {
  kind: "sql";
  origin: "sql-file" | "code-string";
  dialect: "mysql" | "postgresql";
  /** Statement type as the parser names it: select, insert, update, delete, create, … */
  statement: string;
  tablesRead: string[];
  tablesWritten: string[];
  stars: SqlStar[];
  /** Columns the code reads from the result, when the extractor could see them. */
  resultProperties?: string[];
  loc: Loc;
}

/** One rpc of a proto service. */
export interface ProtoMethod {
  name: string;
  requestType: string;
  responseType: string;
  clientStreaming: boolean;
  serverStreaming: boolean;
  loc: Loc;
}

/** A `service` declared in a `.proto` file. `fullName` is package-qualified, as gRPC names it on the wire. */
export interface ProtoServiceFact {
  kind: "proto-service";
  /** `shop.orders.v1.OrdersService`. */
  fullName: string;
  /** `OrdersService`. */
  name: string;
  package: string;
  methods: ProtoMethod[];
  loc: Loc;
}
