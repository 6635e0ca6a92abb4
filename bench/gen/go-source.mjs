// The text of one Go source file of a Go service.
import { query } from './sql.mjs';
import { envName, pascal, NOUNS, VERBS } from './names.mjs';

export const goModule = (svc) => `github.com/bench/${svc.name}`;

export function renderGo(rng, svc, file, pkgIdent) {
  const pkg = file.role === 'entry' ? 'main' : file.pkg.split('/').pop();
  const ctx = { rng, svc, file, std: new Set(), ext: new Set(), k: 0,
    calls: file.goImports.map((p) => `${p.split('/').pop()}.${pkgIdent[p]}`) };
  ctx.call = () => (ctx.calls.length ? ctx.calls[ctx.k++ % ctx.calls.length] : null);
  for (const p of file.goImports) ctx.ext.add(`${goModule(svc)}/${p}`);
  if (file.role === 'generated') return generated(rng, svc, file, pkg);
  const body = [...(PRIMARY[file.role] ?? genericFn)(ctx, file.ident), ''];
  const target = 40 + Math.floor(175 * rng.next() ** 1.6); // blocks are < 30 lines: files stay within 40-250
  const fillers = FILLERS[file.role] ?? [genericFn, genericFn, typeBlock, switchFn, workerFn];
  const headLen = () => 4 + ctx.std.size + ctx.ext.size;
  while (headLen() + body.length < target) body.push(...rng.pick(fillers)(ctx).join('\n').split('\n'), '');
  const text = body.join('\n');
  const unused = ctx.calls.filter((c) => !text.includes(c));
  if (unused.length) body.push(...unused.map((c) => `var _ = ${c}`), ''); // keep every import used
  const byPath = (a, b) => (a.split(' ').pop() < b.split(' ').pop() ? -1 : 1);
  const imports = [...[...ctx.std].sort(), ...(ctx.ext.size ? [''] : []), ...[...ctx.ext].sort(byPath)]
    .map((i) => (!i ? '' : i.includes(' ') ? `\t${i.split(' ')[0]} "${i.split(' ')[1]}"` : `\t"${i}"`));
  return [`package ${pkg}`, '', 'import (', ...imports, ')', '', ...body].join('\n');
}

const noun = (rng) => rng.pick(NOUNS);
const name = (ctx, verb = ctx.rng.pick(VERBS)) => pascal(verb, noun(ctx.rng), String(ctx.file.index), String(ctx.k++));

function genericFn(ctx, fn = name(ctx)) {
  const { rng, std } = ctx;
  std.add('context').add('errors').add('log');
  const c = ctx.call(), n = noun(rng);
  return [`// ${fn} ${rng.pick(VERBS)}s a ${n} and returns the fields kept.`,
    `func ${fn}(ctx context.Context, in map[string]any) (map[string]any, error) {`,
    '\tif in == nil {', `\t\treturn nil, errors.New("${n}: nil input")`, '\t}',
    '\tout := make(map[string]any, len(in))', '\tfor k, v := range in {', '\t\tif ctx.Err() != nil {', '\t\t\treturn nil, ctx.Err()', '\t\t}', '\t\tout[k] = v', '\t}',
    ...(c ? [`\t_ = ${c}`] : []),
    `\tlog.Printf("${rng.chance(0.5) ? `select kept %d fields of ${n}` : `user did not select a ${n}, %d fields`}", len(out))`,
    '\treturn out, nil', '}'];
}

function switchFn(ctx) {
  const { rng, std } = ctx;
  std.add('fmt').add('strings');
  const states = [...new Set(Array.from({ length: rng.int(3, 6) }, () => rng.pick(['pending', 'active', 'closed', 'failed', 'done', 'held', 'expired'])))];
  return [`func ${name(ctx, 'classify')}(status string, attempts int) (string, error) {`, '\tswitch strings.ToLower(status) {',
    ...states.flatMap((st, i) => [`\tcase "${st}":`, i % 2 ? `\t\tif attempts > ${rng.int(2, 9)} {\n\t\t\treturn "", fmt.Errorf("too many attempts for ${st}: %d", attempts)\n\t\t}\n\t\treturn "${st}", nil` : `\t\treturn "${st}", nil`]),
    '\tdefault:', '\t\treturn "", fmt.Errorf("unknown status %q", status)', '\t}', '}'];
}

function workerFn(ctx) {
  const { rng, std } = ctx;
  std.add('context').add('sync').add('log');
  const n = noun(rng);
  return [`func ${name(ctx, 'process')}(ctx context.Context, ids []string, workers int) []error {`, '\tjobs := make(chan string)', '\terrs := make([]error, 0)',
    '\tvar mu sync.Mutex', '\tvar wg sync.WaitGroup', '\tfor i := 0; i < workers; i++ {', '\t\twg.Add(1)', '\t\tgo func() {', '\t\t\tdefer wg.Done()',
    '\t\t\tfor id := range jobs {', '\t\t\t\tif id == "" {', '\t\t\t\t\tmu.Lock()', `\t\t\t\t\terrs = append(errs, context.Canceled)`, '\t\t\t\t\tmu.Unlock()',
    '\t\t\t\t\tcontinue', '\t\t\t\t}', `\t\t\t\tlog.Printf("${n} %s processed", id)`, '\t\t\t}', '\t\t}()', '\t}',
    '\tfor _, id := range ids {', '\t\tselect {', '\t\tcase <-ctx.Done():', '\t\t\tclose(jobs)', '\t\t\twg.Wait()', '\t\t\treturn append(errs, ctx.Err())',
    '\t\tcase jobs <- id:', '\t\t}', '\t}', '\tclose(jobs)', '\twg.Wait()', '\treturn errs', '}'];
}

function typeBlock(ctx, type = pascal(noun(ctx.rng), 'record', String(ctx.k++))) {
  const { rng } = ctx;
  const rows = [['ID', 'string', '`json:"id"`'], ['TenantID', 'string', '`json:"tenant_id"`']];
  for (let i = rng.int(2, 8); i > 0; i--) {
    const f = pascal(noun(rng), rng.pick(['id', 'count', 'label']), String(i));
    rows.push([f, rng.pick(['string', 'int64', 'bool', 'float64']), `\`json:"${f.toLowerCase()}"\``]);
  }
  return [`// ${type} is stored in ${rng.pick(ctx.svc.tables)}.`, `type ${type} struct {`, ...align(rows, '\t'), '}'];
}

/** Columns padded the way gofmt aligns them. */
function align(rows, indent) {
  const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(width[c]))).join(' '));
}

function storeBlock(ctx) {
  const { rng, svc, std } = ctx;
  std.add('context').add('database/sql').add('fmt');
  const table = rng.chance(0.03) ? `${rng.pick(NOUNS)}s` : rng.pick(svc.tables);
  const q = query(rng, table, svc.db, rng.pick(svc.tables));
  const fn = name(ctx, { star: 'list', count: 'count', select: 'find', join: 'list', insert: 'insert', update: 'update', delete: 'delete' }[q.kind]);
  const nArgs = (q.text.match(/\$\d|\?/g) ?? []).length;
  const args = Array.from({ length: nArgs }, (_, i) => `arg${i}`);
  const lit = q.multiline || rng.chance(0.6) ? `\`${q.text}\`` : `"${q.text}"`;
  const argList = args.length ? ', ' + args.join(', ') : '';
  const sig = `func ${fn}(ctx context.Context, db *sql.DB${args.length ? ', ' + args.join(', ') + ' any' : ''})`;
  if (q.kind === 'count') {
    return [`${sig} (int64, error) {`, '\tvar n int64', `\terr := db.QueryRowContext(ctx, ${lit}${argList}).Scan(&n)`,
      `\treturn n, err`, '}'];
  }
  if (['insert', 'update', 'delete'].includes(q.kind)) {
    return [`${sig} (int64, error) {`, `\tres, err := db.ExecContext(ctx, ${lit}${argList})`, '\tif err != nil {',
      `\t\treturn 0, fmt.Errorf("${fn}: %w", err)`, '\t}', '\treturn res.RowsAffected()', '}'];
  }
  return [`${sig} ([]map[string]any, error) {`, `\trows, err := db.QueryContext(ctx, ${lit}${argList})`, '\tif err != nil {',
    `\t\treturn nil, fmt.Errorf("${fn}: %w", err)`, '\t}', '\tdefer rows.Close()', '\tvar out []map[string]any',
    '\tfor rows.Next() {', '\t\tout = append(out, map[string]any{})', '\t}', '\treturn out, rows.Err()', '}'];
}

function clientBlock(ctx) {
  const { rng, svc, std, ext } = ctx;
  const dep = rng.pick(svc.deps) ?? 'upstream', n = noun(rng), fn = name(ctx, 'call');
  std.add('context').add('fmt');
  if (rng.chance(0.3)) {
    ext.add('google.golang.org/grpc').add('google.golang.org/grpc/credentials/insecure');
    const addr = rng.chance(0.05) ? `"${dep}:9090"` : `os.Getenv("${envName(dep, 'GRPC_ADDR')}")`;
    if (addr.startsWith('os')) std.add('os');
    return [`func ${fn}(ctx context.Context) (*grpc.ClientConn, error) {`,
      `\tconn, err := grpc.Dial(${addr}, grpc.WithTransportCredentials(insecure.NewCredentials()))`,
      '\tif err != nil {', `\t\treturn nil, fmt.Errorf("dial ${dep}: %w", err)`, '\t}', '\treturn conn, nil', '}'];
  }
  std.add('net/http').add('os').add('io');
  if (rng.chance(0.5)) {
    return [`func ${fn}(ctx context.Context, id string) ([]byte, error) {`,
      `\tresp, err := http.Get(os.Getenv("${envName(dep, 'URL')}") + "/v1/${n}s/" + id)`, '\tif err != nil {',
      `\t\treturn nil, fmt.Errorf("get ${n}: %w", err)`, '\t}', '\tdefer resp.Body.Close()', '\treturn io.ReadAll(resp.Body)', '}'];
  }
  std.add('time');
  return [`func ${fn}(ctx context.Context, id string) ([]byte, error) {`, `\tclient := &http.Client{Timeout: ${rng.int(1, 5)} * time.Second}`,
    `\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, os.Getenv("${envName(dep, 'URL')}")+"/v1/${n}s/"+id, nil)`,
    '\tif err != nil {', '\t\treturn nil, err', '\t}', '\tresp, err := client.Do(req)', '\tif err != nil {',
    `\t\treturn nil, fmt.Errorf("${dep}: %w", err)`, '\t}', '\tdefer resp.Body.Close()', '\treturn io.ReadAll(resp.Body)', '}'];
}

function handlerBlock(ctx) {
  const { rng, std } = ctx;
  std.add('net/http').add('encoding/json').add('log');
  const n = noun(rng), c = ctx.call();
  return [`func ${name(ctx, 'handle')}(w http.ResponseWriter, r *http.Request) {`, '\tid := r.URL.Query().Get("id")', '\tif id == "" {',
    `\t\thttp.Error(w, "select a ${n} first", http.StatusBadRequest)`, '\t\treturn', '\t}', ...(c ? [`\t_ = ${c}`] : []),
    `\tlog.Printf("${n} %s requested", id)`, '\tw.Header().Set("Content-Type", "application/json")',
    `\t_ = json.NewEncoder(w).Encode(map[string]string{"id": id, "kind": "${n}"})`, '}'];
}

function testBlock(ctx) {
  ctx.std.add('testing');
  const n = noun(ctx.rng);
  return [`func Test${name(ctx, 'check')}(t *testing.T) {`, `\tcases := []string{"${n}-a", "${n}-b", ""}`, '\tfor _, c := range cases {',
    '\t\tt.Run(c, func(t *testing.T) {', '\t\t\tif len(c) > 64 {', '\t\t\t\tt.Fatalf("too long: %q", c)', '\t\t\t}', '\t\t})', '\t}', '}'];
}

function configBlock(ctx, fn) {
  const { svc, std } = ctx;
  std.add('os');
  const fields = [['Port', 'PORT'], ...(svc.db ? [['DatabaseURL', 'DATABASE_URL']] : []),
    ...svc.deps.map((d) => [pascal(...d.split('-'), 'url'), envName(d, 'URL')])];
  return [`// ${fn}Config is read from the environment.`, `type ${fn}Config struct {`, ...align(fields.map(([f]) => [f, 'string']), '\t'), '}', '',
    `func ${fn}() ${fn}Config {`, `\treturn ${fn}Config{`, ...align(fields.map(([f, e]) => [`${f}:`, `os.Getenv("${e}"),`]), '\t\t'), '\t}', '}'];
}

function mainBlock(ctx) {
  const { svc, std, ext } = ctx;
  ['context', 'log', 'net/http', 'os', 'os/signal', 'syscall', 'time'].forEach((s) => std.add(s));
  if (svc.db) { std.add('database/sql'); ext.add(svc.db === 'mysql' ? '_ github.com/go-sql-driver/mysql' : '_ github.com/lib/pq'); }
  const out = ['func main() {', '\tmux := http.NewServeMux()', '\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {', '\t\tw.WriteHeader(http.StatusOK)', '\t})'];
  if (svc.db) out.push(`\tdb, err := sql.Open("${svc.db === 'mysql' ? 'mysql' : 'postgres'}", os.Getenv("DATABASE_URL"))`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}',
    '\tmux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {', '\t\tif err := db.PingContext(r.Context()); err != nil {',
    '\t\t\thttp.Error(w, "db down", http.StatusServiceUnavailable)', '\t\t\treturn', '\t\t}', '\t\tw.WriteHeader(http.StatusOK)', '\t})');
  for (const c of ctx.calls) out.push(`\t_ = ${c}`);
  out.push('\tsrv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux, ReadTimeout: 5 * time.Second}',
    '\tgo func() {', '\t\tif err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {', '\t\t\tlog.Fatal(err)', '\t\t}', '\t}()',
    '\tstop := make(chan os.Signal, 1)', '\tsignal.Notify(stop, syscall.SIGTERM, os.Interrupt)', '\t<-stop',
    '\tctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)', '\tdefer cancel()', '\t_ = srv.Shutdown(ctx)', '}');
  ctx.calls = [];
  return out;
}

function generated(rng, svc, file, pkg) {
  const out = ['// Code generated by protoc-gen-go. DO NOT EDIT.', `// source: ${svc.name}/v1/${svc.name.replace(/-/g, '_')}.proto`, '',
    `package ${pkg}`, '', 'import (', '\tprotoreflect "google.golang.org/protobuf/reflect/protoreflect"', '\tprotoimpl "google.golang.org/protobuf/runtime/protoimpl"', ')', ''];
  for (let i = 0; out.length < 120; i++) {
    const t = pascal(noun(rng), 'message', String(i));
    out.push(`type ${t} struct {`, '\tstate         protoimpl.MessageState', '\tsizeCache     protoimpl.SizeCache', '\tunknownFields protoimpl.UnknownFields', '',
      '\tId string `protobuf:"bytes,1,opt,name=id,proto3" json:"id,omitempty"`', '}', '',
      `func (x *${t}) ProtoReflect() protoreflect.Message { return nil }`, '', `func (x *${t}) GetId() string {`, '\tif x != nil {', '\t\treturn x.Id', '\t}', '\treturn ""', '}', '');
  }
  return out.join('\n');
}

const PRIMARY = {
  entry: mainBlock,
  config: configBlock,
  model: (ctx, fn) => [...typeBlock(ctx), '', ...genericFn(ctx, fn)],
  store: (ctx, fn) => [...storeBlock(ctx), '', ...genericFn(ctx, fn)],
  client: (ctx, fn) => [...clientBlock(ctx), '', ...genericFn(ctx, fn)],
  handler: (ctx, fn) => [...handlerBlock(ctx), '', ...genericFn(ctx, fn)],
  test: (ctx) => testBlock(ctx),
};
const FILLERS = {
  store: [storeBlock, storeBlock, storeBlock, typeBlock], client: [clientBlock, clientBlock, typeBlock],
  handler: [handlerBlock, handlerBlock, genericFn, switchFn], test: [testBlock], model: [typeBlock, typeBlock, genericFn, switchFn],
  config: [typeBlock], entry: [genericFn, switchFn, workerFn],
};
