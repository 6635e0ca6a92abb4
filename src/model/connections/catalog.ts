/**
 * The connection catalog: plain data describing every client call that opens a connection to
 * something else (an HTTP API, a gRPC server, a database, a cache, a broker, a WebSocket), by
 * library. `connections.ts` matches call facts against it to build `model.connections`; rules
 * (hardcoded endpoints, shared databases, the service graph) read that, never this file.
 *
 * Adding a library is adding an entry. Fields:
 * - `modules`: import specifiers (TS/JS) or package paths (Go) that provide the call. A Go major
 *   version suffix (`/v9`) is ignored when matching. `[]` means a global (`fetch`, `WebSocket`);
 *   `["*"]` means any callee, recognised by its shape (`whenArg`).
 * - `calls`: the export path called, relative to the module: `create` (`axios.create`), `""` (the
 *   default export or the module itself called: `axios(url)`, `got(url)`), `Pool` (`new Pool`,
 *   whether imported as `{ Pool }` or reached as `pg.Pool`), `Client().ApplyURI` (Go chains).
 *   `*` matches any single method name (used by shape entries).
 * - `isNew`: true when the call must be `new X(…)`, false when it must not; absent for either.
 * - `targets`: role → slots. A slot is `"<arg index>"` or `"<arg index>.<property path>"`
 *   (`"0.baseURL"`, `"0.socket.host"`, `"0.bootstrap\.servers"` for a key with a dot).
 *   A slot whose value has the wrong shape (an options object where a URL was expected) is skipped,
 *   so one entry can list both `"0"` (a URL string) and `"0.host"` (an options object).
 * - `whenArg`: the call counts only when argument `index` is a call whose callee matches `callee`
 *   (a RegExp source), or a string whose value matches `string`.
 * - `system`: the server software when the library implies it (mysql, postgresql, redis…).
 */

export type ConnectionKind = "http" | "grpc" | "database" | "cache" | "broker" | "websocket" | "search" | "smtp" | "tcp";

/**
 * What a slot holds. `url`: a URL or `host:port`; `address`: `host:port` (gRPC, Redis `Addr`);
 * `servers`: one or a list of URLs/addresses; `dsn`: a connection string; `host` / `port` /
 * `user` / `password` / `database`: one field of an options object.
 */
export type TargetRole = "url" | "address" | "servers" | "dsn" | "host" | "port" | "user" | "password" | "database";

export interface CatalogEntry {
  language: "ts" | "go";
  /** The library's usual name, as findings show it. */
  library: string;
  modules: string[];
  calls: string[];
  isNew?: boolean;
  kind: ConnectionKind;
  /** Server software the library talks to, when it implies one. */
  system?: string;
  targets: Partial<Record<TargetRole, string[]>>;
  whenArg?: { index: number; callee?: string; string?: string };
}

const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "request"];
/** Fields most Node database clients share in their options object (mysql2, pg, TypeORM, knex…). */
const dbOptions = (arg: number, prefix = ""): Partial<Record<TargetRole, string[]>> => ({
  dsn: [`${arg}`, `${arg}.${prefix}uri`, `${arg}.${prefix}url`, `${arg}.${prefix}connectionString`],
  host: [`${arg}.${prefix}host`, `${arg}.${prefix}hostname`, `${arg}.${prefix}server`],
  port: [`${arg}.${prefix}port`],
  user: [`${arg}.${prefix}user`, `${arg}.${prefix}username`],
  password: [`${arg}.${prefix}password`],
  database: [`${arg}.${prefix}database`, `${arg}.${prefix}db`],
});

/**
 * A NestJS `forRootAsync` module's options, wherever they are written: what `useFactory` returns,
 * or what the options class of `useClass` / `useExisting` returns from its factory method
 * (`TypeOrmOptionsFactory.createTypeOrmOptions()`). `()` in a slot steps into a function's result.
 */
const nestAsync = (methods: string[], targets: (prefix: string) => Partial<Record<TargetRole, string[]>>): Partial<Record<TargetRole, string[]>> => {
  const prefixes = ["useFactory.().", ...methods.flatMap((m) => [`useClass.${m}.().`, `useExisting.${m}.().`])];
  const out: Partial<Record<TargetRole, string[]>> = {};
  for (const prefix of prefixes) {
    for (const [role, slots] of Object.entries(targets(prefix)) as Array<[TargetRole, string[]]>) out[role] = [...new Set([...(out[role] ?? []), ...slots])];
  }
  return out;
};

export const CATALOG: readonly CatalogEntry[] = [
  // ------------------------------------------------------------------------------------------
  // TS/JS: HTTP
  { language: "ts", library: "fetch", modules: [], calls: ["fetch", "window.fetch", "globalThis.fetch", "self.fetch"], kind: "http", targets: { url: ["0", "0.url"] } },
  { language: "ts", library: "fetch", modules: ["node-fetch", "cross-fetch", "isomorphic-fetch", "isomorphic-unfetch", "unfetch", "make-fetch-happen"], calls: ["", "default", "fetch"], kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "undici", modules: ["undici"], calls: ["fetch", "request", "stream", "connect"], kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "undici", modules: ["undici"], calls: ["Pool", "Client", "BalancedPool"], isNew: true, kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "axios", modules: ["axios"], calls: ["", ...HTTP_VERBS, "getUri"], kind: "http", targets: { url: ["0", "0.url", "0.baseURL"] } },
  { language: "ts", library: "axios", modules: ["axios"], calls: ["create"], kind: "http", targets: { url: ["0.baseURL"] } },
  { language: "ts", library: "got", modules: ["got"], calls: ["", "stream", ...HTTP_VERBS], kind: "http", targets: { url: ["0", "0.url", "0.prefixUrl", "1.prefixUrl"] } },
  { language: "ts", library: "got", modules: ["got"], calls: ["extend"], kind: "http", targets: { url: ["0.prefixUrl"] } },
  { language: "ts", library: "ky", modules: ["ky"], calls: ["", ...HTTP_VERBS], kind: "http", targets: { url: ["0", "1.prefixUrl"] } },
  { language: "ts", library: "ky", modules: ["ky"], calls: ["create", "extend"], kind: "http", targets: { url: ["0.prefixUrl"] } },
  { language: "ts", library: "superagent", modules: ["superagent", "supertest"], calls: ["", ...HTTP_VERBS, "del"], kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "request", modules: ["request", "request-promise", "request-promise-native"], calls: ["", ...HTTP_VERBS, "del"], kind: "http", targets: { url: ["0", "0.url", "0.uri"] } },
  { language: "ts", library: "needle", modules: ["needle"], calls: [""], kind: "http", targets: { url: ["1"] } },
  { language: "ts", library: "needle", modules: ["needle"], calls: HTTP_VERBS, kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "ofetch", modules: ["ofetch"], calls: ["ofetch", "$fetch", "ofetch.raw"], kind: "http", targets: { url: ["0", "1.baseURL"] } },
  { language: "ts", library: "ofetch", modules: ["ofetch"], calls: ["ofetch.create", "$fetch.create"], kind: "http", targets: { url: ["0.baseURL"] } },
  {
    language: "ts", library: "node:http", modules: ["http", "https", "node:http", "node:https", "http2", "node:http2"], calls: ["request", "get", "connect"], kind: "http",
    targets: { url: ["0"], host: ["0.host", "0.hostname"], port: ["0.port"] },
  },
  { language: "ts", library: "EventSource", modules: [], calls: ["EventSource"], isNew: true, kind: "http", targets: { url: ["0"] } },
  { language: "ts", library: "eventsource", modules: ["eventsource"], calls: ["", "default", "EventSource"], isNew: true, kind: "http", targets: { url: ["0"] } },

  {
    // Any client object's verb method called with an absolute URL literal: `this.http.get("https://…")`.
    language: "ts", library: "HTTP client", modules: ["*"], calls: HTTP_VERBS, isNew: false, kind: "http", targets: { url: ["0"] },
    whenArg: { index: 0, string: "^https?://" },
  },

  // TS/JS: WebSocket
  { language: "ts", library: "WebSocket", modules: [], calls: ["WebSocket"], isNew: true, kind: "websocket", targets: { url: ["0"] } },
  { language: "ts", library: "ws", modules: ["ws", "isomorphic-ws", "reconnecting-websocket"], calls: ["", "default", "WebSocket"], isNew: true, kind: "websocket", targets: { url: ["0"] } },
  { language: "ts", library: "socket.io-client", modules: ["socket.io-client"], calls: ["", "io", "connect", "default"], isNew: false, kind: "websocket", targets: { url: ["0"] } },

  // TS/JS: gRPC
  { language: "ts", library: "@grpc/grpc-js", modules: ["@grpc/grpc-js", "grpc"], calls: ["Client", "Channel"], isNew: true, kind: "grpc", targets: { address: ["0"] } },
  {
    // Generated and proto-loader clients: `new pkg.v1.OrdersService(addr, grpc.credentials.createInsecure())`.
    language: "ts", library: "@grpc/grpc-js", modules: ["*"], calls: ["*"], isNew: true, kind: "grpc", targets: { address: ["0"] },
    whenArg: { index: 1, callee: "(^|\\.)(credentials\\.)?(create(Insecure|Ssl|FromSecureContext)|combineChannelCredentials)$|ChannelCredentials\\.create" },
  },
  { language: "ts", library: "nice-grpc", modules: ["nice-grpc", "nice-grpc-web"], calls: ["createChannel"], kind: "grpc", targets: { address: ["0"] } },
  {
    language: "ts", library: "@connectrpc/connect", modules: ["@connectrpc/connect-node", "@connectrpc/connect-web", "@bufbuild/connect-node", "@bufbuild/connect-web"],
    calls: ["createGrpcTransport", "createConnectTransport", "createGrpcWebTransport"], kind: "grpc", targets: { url: ["0.baseUrl"] },
  },

  // TS/JS: NestJS modules and client factories (the options name the peer; servers are not here)
  { language: "ts", library: "@nestjs/axios", modules: ["@nestjs/axios"], calls: ["HttpModule.register"], kind: "http", targets: { url: ["0.baseURL"] } },
  {
    language: "ts", library: "@nestjs/microservices", modules: ["@nestjs/microservices"], calls: ["ClientsModule.register"], kind: "grpc",
    targets: { url: ["0.*.options.url"], servers: ["0.*.options.servers", "0.*.options.urls", "0.*.options.client.brokers"], host: ["0.*.options.host"], port: ["0.*.options.port"] },
  },
  {
    language: "ts", library: "@nestjs/microservices", modules: ["@nestjs/microservices"], calls: ["ClientProxyFactory.create"], kind: "grpc",
    targets: { url: ["0.options.url"], servers: ["0.options.servers", "0.options.urls", "0.options.client.brokers"], host: ["0.options.host"], port: ["0.options.port"] },
  },
  // TS/JS: databases and caches
  { language: "ts", library: "mysql2", modules: ["mysql2", "mysql2/promise", "mysql", "promise-mysql"], calls: ["createPool", "createConnection", "createPoolCluster"], kind: "database", system: "mysql", targets: dbOptions(0) },
  { language: "ts", library: "mariadb", modules: ["mariadb"], calls: ["createPool", "createConnection"], kind: "database", system: "mysql", targets: dbOptions(0) },
  { language: "ts", library: "pg", modules: ["pg", "pg-pool"], calls: ["Pool", "Client", "", "default", "native.Pool", "native.Client"], isNew: true, kind: "database", system: "postgresql", targets: dbOptions(0) },
  { language: "ts", library: "postgres", modules: ["postgres"], calls: ["", "default"], isNew: false, kind: "database", system: "postgresql", targets: dbOptions(0) },
  { language: "ts", library: "mongodb", modules: ["mongodb"], calls: ["MongoClient"], isNew: true, kind: "database", system: "mongodb", targets: { dsn: ["0"] } },
  { language: "ts", library: "mongodb", modules: ["mongodb"], calls: ["MongoClient.connect"], kind: "database", system: "mongodb", targets: { dsn: ["0"] } },
  { language: "ts", library: "mongoose", modules: ["mongoose"], calls: ["connect", "createConnection"], kind: "database", system: "mongodb", targets: { dsn: ["0"] } },
  {
    language: "ts", library: "redis", modules: ["redis", "@redis/client"], calls: ["createClient"], kind: "cache", system: "redis",
    targets: { dsn: ["0.url"], host: ["0.socket.host", "0.host"], port: ["0.socket.port", "0.port"], password: ["0.password"] },
  },
  { language: "ts", library: "redis", modules: ["redis", "@redis/client"], calls: ["createCluster"], kind: "cache", system: "redis", targets: { dsn: ["0.rootNodes"] } },
  {
    language: "ts", library: "ioredis", modules: ["ioredis"], calls: ["", "default", "Redis"], isNew: true, kind: "cache", system: "redis",
    targets: { dsn: ["0"], port: ["0"], host: ["1", "0.host", "1.host"], password: ["0.password", "1.password", "2.password"] },
  },
  { language: "ts", library: "ioredis", modules: ["ioredis"], calls: ["Cluster", "Redis.Cluster", "default.Cluster"], isNew: true, kind: "cache", system: "redis", targets: { servers: ["0"] } },
  { language: "ts", library: "knex", modules: ["knex"], calls: ["", "default", "knex"], kind: "database", targets: dbOptions(0, "connection.") },
  { language: "ts", library: "typeorm", modules: ["typeorm"], calls: ["DataSource"], isNew: true, kind: "database", targets: dbOptions(0) },
  { language: "ts", library: "typeorm", modules: ["typeorm"], calls: ["createConnection"], kind: "database", targets: dbOptions(0) },
  {
    language: "ts", library: "sequelize", modules: ["sequelize", "sequelize-typescript"], calls: ["Sequelize", "", "default"], isNew: true, kind: "database",
    targets: { dsn: ["0", "0.url"], host: ["3.host", "0.host", "1.host"], port: ["3.port", "0.port", "1.port"], password: ["2", "0.password"] },
  },
  // NestJS module forms (issue 7): the options object is the underlying library's.
  { language: "ts", library: "@nestjs/typeorm", modules: ["@nestjs/typeorm"], calls: ["TypeOrmModule.forRoot"], kind: "database", targets: dbOptions(0) },
  { language: "ts", library: "@nestjs/sequelize", modules: ["@nestjs/sequelize"], calls: ["SequelizeModule.forRoot"], kind: "database", targets: dbOptions(0) },
  { language: "ts", library: "@nestjs/mongoose", modules: ["@nestjs/mongoose"], calls: ["MongooseModule.forRoot"], kind: "database", system: "mongodb", targets: { dsn: ["0"] } },
  {
    language: "ts", library: "nestjs redis", modules: ["@nestjs-modules/ioredis", "@liaoliaots/nestjs-redis", "nestjs-redis"], calls: ["RedisModule.forRoot"], kind: "cache", system: "redis",
    targets: { dsn: ["0.url", "0.config.url"], host: ["0.config.host", "0.host"], port: ["0.config.port", "0.port"], password: ["0.config.password", "0.password"] },
  },
  // The async forms (see nestAsync): a factory's or an options class's result.
  { language: "ts", library: "@nestjs/typeorm", modules: ["@nestjs/typeorm"], calls: ["TypeOrmModule.forRootAsync"], kind: "database", targets: nestAsync(["createTypeOrmOptions"], (p) => dbOptions(0, p)) },
  { language: "ts", library: "@nestjs/sequelize", modules: ["@nestjs/sequelize"], calls: ["SequelizeModule.forRootAsync"], kind: "database", targets: nestAsync(["createSequelizeOptions"], (p) => dbOptions(0, p)) },
  {
    language: "ts", library: "@nestjs/mongoose", modules: ["@nestjs/mongoose"], calls: ["MongooseModule.forRootAsync"], kind: "database", system: "mongodb",
    targets: nestAsync(["createMongooseOptions"], (p) => ({ dsn: [`0.${p}uri`] })),
  },
  {
    language: "ts", library: "nestjs redis", modules: ["@nestjs-modules/ioredis", "@liaoliaots/nestjs-redis", "nestjs-redis"], calls: ["RedisModule.forRootAsync"], kind: "cache", system: "redis",
    targets: nestAsync(["createRedisOptions", "createRedisModuleOptions"], (p) => ({
      dsn: [`0.${p}url`, `0.${p}config.url`], host: [`0.${p}config.host`, `0.${p}host`], port: [`0.${p}config.port`, `0.${p}port`], password: [`0.${p}config.password`, `0.${p}password`],
    })),
  },
  { language: "ts", library: "@prisma/client", modules: ["@prisma/client"], calls: ["PrismaClient"], isNew: true, kind: "database", targets: { dsn: ["0.datasourceUrl", "0.datasources.db.url"] } },
  { language: "ts", library: "mssql", modules: ["mssql"], calls: ["connect"], kind: "database", system: "sqlserver", targets: dbOptions(0) },
  { language: "ts", library: "mssql", modules: ["mssql"], calls: ["ConnectionPool"], isNew: true, kind: "database", system: "sqlserver", targets: dbOptions(0) },
  { language: "ts", library: "cassandra-driver", modules: ["cassandra-driver"], calls: ["Client"], isNew: true, kind: "database", system: "cassandra", targets: { servers: ["0.contactPoints"] } },
  { language: "ts", library: "@elastic/elasticsearch", modules: ["@elastic/elasticsearch", "@opensearch-project/opensearch"], calls: ["Client"], isNew: true, kind: "search", targets: { servers: ["0.node", "0.nodes"] } },
  { language: "ts", library: "memcached", modules: ["memcached"], calls: ["", "default"], isNew: true, kind: "cache", system: "memcached", targets: { servers: ["0"] } },

  // TS/JS: brokers
  { language: "ts", library: "nats", modules: ["nats", "nats.ws", "@nats-io/transport-node"], calls: ["connect"], kind: "broker", system: "nats", targets: { servers: ["0", "0.servers"] } },
  { language: "ts", library: "kafkajs", modules: ["kafkajs"], calls: ["Kafka"], isNew: true, kind: "broker", system: "kafka", targets: { servers: ["0.brokers"] } },
  { language: "ts", library: "amqplib", modules: ["amqplib", "amqplib/callback_api", "amqp-connection-manager"], calls: ["connect"], kind: "broker", system: "amqp", targets: { url: ["0", "0.hostname"], port: ["0.port"], password: ["0.password"] } },
  { language: "ts", library: "mqtt", modules: ["mqtt"], calls: ["connect", "connectAsync"], kind: "broker", system: "mqtt", targets: { url: ["0"], host: ["1.host"], port: ["1.port"] } },
  { language: "ts", library: "bullmq", modules: ["bullmq", "bull"], calls: ["Queue", "QueueEvents"], isNew: true, kind: "cache", system: "redis", targets: { host: ["1.connection.host", "1.redis.host"], port: ["1.connection.port", "1.redis.port"] } },
  { language: "ts", library: "bullmq", modules: ["bullmq"], calls: ["Worker"], isNew: true, kind: "cache", system: "redis", targets: { host: ["2.connection.host"], port: ["2.connection.port"] } },

  // ------------------------------------------------------------------------------------------
  // Go: HTTP
  { language: "go", library: "net/http", modules: ["net/http"], calls: ["Get", "Post", "Head", "PostForm", "DefaultClient.Get", "DefaultClient.Post", "DefaultClient.Head", "DefaultClient.PostForm"], kind: "http", targets: { url: ["0"] } },
  { language: "go", library: "net/http", modules: ["net/http"], calls: ["NewRequest"], kind: "http", targets: { url: ["1"] } },
  { language: "go", library: "net/http", modules: ["net/http"], calls: ["NewRequestWithContext"], kind: "http", targets: { url: ["2"] } },
  {
    // `client.Get("https://…")` on any *http.Client (or look-alike) with an absolute URL literal.
    language: "go", library: "net/http", modules: ["*"], calls: ["Get", "Post", "Head", "PostForm"], kind: "http", targets: { url: ["0"] },
    whenArg: { index: 0, string: "^https?://" },
  },
  { language: "go", library: "resty", modules: ["github.com/go-resty/resty"], calls: ["New().SetBaseURL", "New().SetHostURL"], kind: "http", targets: { url: ["0"] } },

  // Go: gRPC
  { language: "go", library: "grpc-go", modules: ["google.golang.org/grpc"], calls: ["Dial", "NewClient"], kind: "grpc", targets: { address: ["0"] } },
  { language: "go", library: "grpc-go", modules: ["google.golang.org/grpc"], calls: ["DialContext"], kind: "grpc", targets: { address: ["1"] } },

  // Go: databases and caches
  { language: "go", library: "database/sql", modules: ["database/sql"], calls: ["Open"], kind: "database", targets: { dsn: ["1"] } },
  { language: "go", library: "sqlx", modules: ["github.com/jmoiron/sqlx"], calls: ["Open", "Connect", "MustOpen", "MustConnect"], kind: "database", targets: { dsn: ["1"] } },
  { language: "go", library: "gorm", modules: ["gorm.io/driver/mysql"], calls: ["Open"], kind: "database", system: "mysql", targets: { dsn: ["0"] } },
  { language: "go", library: "gorm", modules: ["gorm.io/driver/postgres"], calls: ["Open"], kind: "database", system: "postgresql", targets: { dsn: ["0"] } },
  { language: "go", library: "gorm", modules: ["gorm.io/driver/sqlserver"], calls: ["Open"], kind: "database", system: "sqlserver", targets: { dsn: ["0"] } },
  { language: "go", library: "pgx", modules: ["github.com/jackc/pgx", "github.com/jackc/pgx/pgxpool", "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v4/pgxpool"], calls: ["Connect", "New"], kind: "database", system: "postgresql", targets: { dsn: ["1"] } },
  { language: "go", library: "pgx", modules: ["github.com/jackc/pgx", "github.com/jackc/pgx/pgxpool", "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v4/pgxpool"], calls: ["ParseConfig"], kind: "database", system: "postgresql", targets: { dsn: ["0"] } },
  { language: "go", library: "mongo-go-driver", modules: ["go.mongodb.org/mongo-driver/mongo/options", "go.mongodb.org/mongo-driver/v2/mongo/options"], calls: ["Client().ApplyURI"], kind: "database", system: "mongodb", targets: { dsn: ["0"] } },
  {
    language: "go", library: "go-redis", modules: ["github.com/go-redis/redis", "github.com/redis/go-redis"], calls: ["NewClient"], kind: "cache", system: "redis",
    targets: { address: ["0.Addr"], password: ["0.Password"] },
  },
  {
    language: "go", library: "go-redis", modules: ["github.com/go-redis/redis", "github.com/redis/go-redis"], calls: ["NewClusterClient", "NewUniversalClient", "NewFailoverClient"], kind: "cache", system: "redis",
    targets: { servers: ["0.Addrs", "0.SentinelAddrs"], password: ["0.Password"] },
  },
  { language: "go", library: "go-redis", modules: ["github.com/go-redis/redis", "github.com/redis/go-redis"], calls: ["ParseURL"], kind: "cache", system: "redis", targets: { dsn: ["0"] } },
  { language: "go", library: "redigo", modules: ["github.com/gomodule/redigo/redis"], calls: ["Dial"], kind: "cache", system: "redis", targets: { address: ["1"] } },
  { language: "go", library: "redigo", modules: ["github.com/gomodule/redigo/redis"], calls: ["DialURL"], kind: "cache", system: "redis", targets: { dsn: ["0"] } },
  { language: "go", library: "go-elasticsearch", modules: ["github.com/elastic/go-elasticsearch"], calls: ["NewClient", "NewTypedClient"], kind: "search", targets: { servers: ["0.Addresses"] } },

  // Go: brokers
  { language: "go", library: "nats.go", modules: ["github.com/nats-io/nats.go"], calls: ["Connect"], kind: "broker", system: "nats", targets: { servers: ["0"] } },
  { language: "go", library: "amqp", modules: ["github.com/streadway/amqp", "github.com/rabbitmq/amqp091-go"], calls: ["Dial", "DialConfig", "DialTLS"], kind: "broker", system: "amqp", targets: { url: ["0"] } },
  {
    language: "go", library: "sarama", modules: ["github.com/Shopify/sarama", "github.com/IBM/sarama"],
    calls: ["NewClient", "NewSyncProducer", "NewAsyncProducer", "NewConsumer", "NewConsumerGroup", "NewClusterAdmin"], kind: "broker", system: "kafka", targets: { servers: ["0"] },
  },
  { language: "go", library: "kafka-go", modules: ["github.com/segmentio/kafka-go"], calls: ["NewReader", "NewWriter"], kind: "broker", system: "kafka", targets: { servers: ["0.Brokers"] } },
  { language: "go", library: "kafka-go", modules: ["github.com/segmentio/kafka-go"], calls: ["TCP"], kind: "broker", system: "kafka", targets: { servers: ["0"] } },
  { language: "go", library: "kafka-go", modules: ["github.com/segmentio/kafka-go"], calls: ["Dial"], kind: "broker", system: "kafka", targets: { address: ["1"] } },
  { language: "go", library: "kafka-go", modules: ["github.com/segmentio/kafka-go"], calls: ["DialContext", "DialLeader"], kind: "broker", system: "kafka", targets: { address: ["2"] } },
  {
    language: "go", library: "confluent-kafka-go", modules: ["github.com/confluentinc/confluent-kafka-go/kafka", "github.com/confluentinc/confluent-kafka-go/v2/kafka"],
    calls: ["NewProducer", "NewConsumer", "NewAdminClient"], kind: "broker", system: "kafka", targets: { servers: ["0.bootstrap\\.servers"] },
  },

  // Go: WebSocket, SMTP, raw TCP
  { language: "go", library: "gorilla/websocket", modules: ["github.com/gorilla/websocket"], calls: ["DefaultDialer.Dial"], kind: "websocket", targets: { url: ["0"] } },
  { language: "go", library: "gorilla/websocket", modules: ["github.com/gorilla/websocket"], calls: ["DefaultDialer.DialContext"], kind: "websocket", targets: { url: ["1"] } },
  { language: "go", library: "websocket", modules: ["nhooyr.io/websocket", "github.com/coder/websocket"], calls: ["Dial"], kind: "websocket", targets: { url: ["1"] } },
  { language: "go", library: "net/smtp", modules: ["net/smtp"], calls: ["SendMail", "Dial"], kind: "smtp", targets: { address: ["0"] } },
  { language: "go", library: "net", modules: ["net"], calls: ["Dial", "DialTimeout"], kind: "tcp", targets: { address: ["1"] } },
];
