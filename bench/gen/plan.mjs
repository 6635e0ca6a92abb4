// The shape of the shop: which services exist, what they call, and for each service which files
// exist and which of them import which (a layered graph with a few cycles, like real code).
import { apportion } from './prng.mjs';
import { serviceNames, tablesOf, NOUNS, VERBS, camel } from './names.mjs';

export function planShop(rng, { services, tsFiles, goFiles }) {
  if (services < 1 || (services < 2 && tsFiles > 0 && goFiles > 0)) throw new Error('need at least 1 service, or 2 when there are both TS and Go files');
  const nGo = goFiles === 0 ? 0 : tsFiles === 0 ? services : Math.min(services - 1, Math.max(1, Math.round(services * 0.2)));
  const names = serviceNames(services);
  const list = names.map((name, i) => {
    // nGo services spread evenly over the list
    const lang = Math.floor(((i + 1) * nGo) / services) > Math.floor((i * nGo) / services) ? 'go' : 'ts';
    const r = rng.next();
    return { name, lang, db: r < 0.55 ? 'pg' : r < 0.78 ? 'mysql' : null, tables: tablesOf(name),
      port: 8080 + (i % 20), importStyle: rng.chance(0.5) ? 'js' : 'bare', grpc: lang === 'go' || rng.chance(0.15), deps: [] };
  });
  for (const s of list) {
    const want = rng.int(1, 4);
    for (let t = 0; t < want * 3 && s.deps.length < want; t++) {
      const d = rng.pick(list);
      if (d !== s && !s.deps.includes(d.name)) s.deps.push(d.name);
    }
  }
  const share = (lang, total) => {
    const of = list.filter((s) => s.lang === lang);
    apportion(total, of.map(() => 0.4 + rng.next())).forEach((n, i) => { of[i].fileCount = n; });
  };
  share('ts', tsFiles);
  share('go', goFiles);
  for (const s of list) s.files = s.lang === 'ts' ? planTsFiles(rng, s) : planGoFiles(rng, s);
  return list;
}

// role: [rank, share of the free files, roles it may import]
const TS_ROLES = {
  model: [0, 14, ['model']],
  lib: [0, 10, ['lib']],
  repository: [3, 17, ['model', 'lib']],
  client: [3, 8, ['model', 'lib']],
  service: [4, 20, ['repository', 'client', 'model', 'lib', 'service']],
  handler: [5, 14, ['service', 'model', 'lib']],
  job: [5, 6, ['service', 'repository', 'lib']],
  test: [7, 11, ['service', 'handler', 'repository', 'model']],
};

function planTsFiles(rng, svc) {
  const n = svc.fileCount;
  const fixed = [['entry', 'src/index.ts'], ['config', 'src/config.ts'], ['logger', 'src/logger.js']];
  if (svc.db) fixed.push(['db', 'src/db.ts']);
  const files = fixed.slice(0, n).map(([role, path]) => ({ role, path }));
  const roles = Object.keys(TS_ROLES).filter((r) => svc.db || r !== 'repository');
  const counts = apportion(Math.max(0, n - files.length), roles.map((r) => TS_ROLES[r][1]));
  const used = new Set(files.map((f) => f.path));
  roles.forEach((role, ri) => {
    for (let k = 0; k < counts[ri]; k++) files.push({ role, path: tsPath(rng, svc, role, k, counts[ri], used) });
  });
  files.forEach((f, i) => { f.index = i; f.ident = identFor(f, i); f.lang = f.path.endsWith('.js') ? 'js' : 'ts'; f.imports = []; });
  linkTs(rng, files);
  return files;
}

function tsPath(rng, svc, role, k, count, used) {
  const noun = rng.pick(NOUNS);
  const sub = count > 12 ? `${NOUNS[Math.floor(k / 10) % NOUNS.length]}/` : '';
  const base = {
    model: `src/models/${sub}${noun}`, lib: `src/lib/${rng.pick(VERBS)}-${noun}`,
    repository: `src/repositories/${sub}${noun}-repository`,
    client: `src/clients/${svc.deps[k % svc.deps.length] ?? 'upstream'}-client`,
    service: `src/services/${sub}${noun}-service`, handler: `src/routes/${sub}${noun}-routes`,
    job: `src/jobs/${rng.pick(VERBS)}-${noun}-job`, test: `test/${sub}${noun}.test`,
  }[role];
  const ext = role === 'lib' ? '.js' : '.ts';
  let p = base + ext;
  for (let i = 2; used.has(p); i++) p = `${base}-${i}${ext}`;
  used.add(p);
  return p;
}

function identFor(f, i) {
  const stem = f.path.split('/').pop().replace(/\.(test\.)?(ts|js|go)$/, '');
  return camel(...stem.split(/[-_]/)) + (f.role === 'test' ? 'Spec' : '') + i;
}

function linkTs(rng, files) {
  const byRole = {};
  for (const f of files) (byRole[f.role] ??= []).push(f);
  const one = (role) => byRole[role]?.[0];
  for (const f of files) {
    const add = (t) => { if (t && t !== f && !f.imports.includes(t)) f.imports.push(t); };
    if (f.role === 'entry') {
      [...(byRole.handler ?? []), ...(byRole.job ?? [])].forEach(add);
      add(one('config')); add(one('db'));
    }
    if (f.role === 'db') add(one('config'));
    if (f.role !== 'config' && f.role !== 'logger') add(one('logger'));
    if (f.role === 'repository') add(one('db'));
    if (f.role === 'client') add(one('config'));
    const spec = TS_ROLES[f.role];
    if (!spec) continue;
    const pool = spec[2].flatMap((r) => (byRole[r] ?? []).filter((t) => (r !== f.role || t.index < f.index)
      && (f.lang === 'ts' || t.lang === 'js')));
    const want = f.role === 'test' ? 2 : rng.int(1, 5);
    for (let k = 0; k < want * 2 && pool.length && f.imports.length < want + 3; k++) add(rng.pick(pool));
    // now and then two services or two routes import each other: a cycle
    if ((f.role === 'service' || f.role === 'handler') && rng.chance(0.04)) {
      const t = f.imports.find((x) => x.role === f.role);
      if (t && !t.imports.includes(f)) t.imports.push(f);
    }
  }
}

const GO_PKGS = [ // package dir, rank, share, packages it may import
  ['internal/model', 0, 12, []],
  ['internal/config', 0, 4, []],
  ['pkg/util', 0, 6, []],
  ['internal/store', 2, 18, ['internal/model', 'internal/config', 'pkg/util']],
  ['internal/client', 2, 12, ['internal/model', 'internal/config', 'pkg/util']],
  ['internal/service', 3, 18, ['internal/store', 'internal/client', 'internal/model', 'pkg/util']],
  ['internal/handler', 4, 14, ['internal/service', 'internal/model', 'pkg/util']],
  ['internal/middleware', 4, 4, ['internal/config', 'pkg/util']],
  ['test', 5, 10, []],
];

function planGoFiles(rng, svc) {
  const n = svc.fileCount;
  const files = n > 0 ? [{ role: 'entry', pkg: 'cmd/server', path: 'cmd/server/main.go' }] : [];
  if (n >= 6 && svc.grpc) files.push({ role: 'generated', pkg: `api/${svc.name.replace(/-/g, '')}v1`, path: `api/${svc.name.replace(/-/g, '')}v1/${svc.name.replace(/-/g, '_')}.pb.go` });
  const pkgs = GO_PKGS.filter(([p]) => svc.db || p !== 'internal/store');
  const counts = apportion(Math.max(0, n - files.length), pkgs.map((p) => p[2]));
  const used = new Set(files.map((f) => f.path));
  pkgs.forEach(([pkg], pi) => {
    for (let k = 0; k < counts[pi]; k++) {
      const isTest = pkg === 'test';
      const home = isTest ? rng.pick(pkgs.filter((p) => p[0] !== 'test'))[0] : pkg;
      const base = `${home}/${rng.pick(NOUNS)}${isTest ? '' : k % 3 ? '_' + rng.pick(VERBS) : ''}`;
      let p = `${base}${isTest ? '_test' : ''}.go`;
      for (let i = 2; used.has(p); i++) p = `${base}_${i}${isTest ? '_test' : ''}.go`;
      used.add(p);
      files.push({ role: isTest ? 'test' : home.split('/').pop(), pkg: home, path: p });
    }
  });
  const present = new Set(files.map((f) => f.pkg));
  files.forEach((f, i) => {
    f.index = i; f.lang = 'go'; f.ident = identFor(f, i).replace(/^./, (c) => c.toUpperCase());
    const spec = GO_PKGS.find((p) => p[0] === f.pkg);
    const may = f.role === 'entry' ? ['internal/handler', 'internal/config', 'internal/store', 'internal/middleware']
      : f.role === 'test' ? [f.pkg] : spec ? spec[3] : [];
    f.goImports = may.filter((p) => present.has(p) && p !== f.pkg && (f.role === 'entry' || rng.chance(0.7)));
  });
  return files;
}
