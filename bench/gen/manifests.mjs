// Non-code files: package.json / go.mod / Dockerfile per service, Kubernetes manifests,
// docker-compose.yml, protos, and the files at the top of the repo.
import { envName, pascal, NOUNS } from './names.mjs';
import { goModule } from './go-source.mjs';

const json = (v) => JSON.stringify(v, null, 2) + '\n';

export function packageJson(svc) {
  const deps = { express: '^4.21.2', axios: '^1.7.9' };
  if (svc.db === 'pg') deps.pg = '^8.13.1';
  if (svc.db === 'mysql') deps.mysql2 = '^3.11.5';
  return json({ name: `@bench/${svc.name}`, version: '1.0.0', private: true, type: 'module', main: 'dist/index.js',
    scripts: { build: 'tsc -p .', start: 'node dist/index.js', test: 'vitest run' }, dependencies: deps,
    devDependencies: { typescript: '^5.7.2', vitest: '^2.1.8', '@types/express': '^5.0.0' } });
}

export const tsconfig = (svc) => json({ compilerOptions: { target: 'ES2022', module: svc.importStyle === 'js' ? 'NodeNext' : 'ESNext',
  moduleResolution: svc.importStyle === 'js' ? 'NodeNext' : 'Bundler', strict: true, allowJs: true, outDir: 'dist', rootDir: '.' }, include: ['src', 'test'] });

export function dockerfile(svc) {
  return svc.lang === 'go'
    ? `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server ./cmd/server\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/server /server\nEXPOSE ${svc.port}\nENTRYPOINT ["/server"]\n`
    : `FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY dist ./dist\nEXPOSE ${svc.port}\nUSER node\nCMD ["node", "dist/index.js"]\n`;
}

export function goMod(svc) {
  const req = ['google.golang.org/grpc v1.68.1', 'google.golang.org/protobuf v1.35.2'];
  if (svc.db === 'pg') req.push('github.com/lib/pq v1.10.9');
  if (svc.db === 'mysql') req.push('github.com/go-sql-driver/mysql v1.8.1');
  return `module ${goModule(svc)}\n\ngo 1.22\n\nrequire (\n${req.map((r) => `\t${r}`).join('\n')}\n)\n`;
}

export function k8s(rng, svc) {
  const n = svc.name, port = svc.port;
  const env = [`            - name: PORT\n              value: "${port}"`];
  if (svc.db) {
    env.push(rng.chance(0.08)
      ? `            - name: DATABASE_URL\n              value: "postgres://app:${n.replace(/-/g, '')}Pa55@db:5432/${n.replace(/-/g, '_')}"`
      : `            - name: DATABASE_URL\n              valueFrom:\n                secretKeyRef:\n                  name: ${n}-db\n                  key: url`);
  }
  for (const d of svc.deps) if (!rng.chance(0.1)) env.push(`            - name: ${envName(d, 'URL')}\n              value: http://${d}.default.svc.cluster.local:8080`);
  const probe = (kind, path) => `          ${kind}:\n            httpGet:\n              path: ${path}\n              port: ${port}\n            initialDelaySeconds: ${rng.int(0, 15)}\n            periodSeconds: ${rng.pick([5, 10, 15])}\n            timeoutSeconds: ${rng.pick([1, 2, 3])}`;
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}
  labels:
    app.kubernetes.io/name: ${n}
    app.kubernetes.io/part-of: bench-shop
spec:
  replicas: ${rng.int(1, 6)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${n}
    spec:
      terminationGracePeriodSeconds: ${rng.pick([10, 30, 60])}
      containers:
        - name: ${n}
          image: registry.example.com/shop/${n}:${rng.int(1, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}
          ports:
            - name: http
              containerPort: ${port}
          env:
${env.join('\n')}
          envFrom:
            - configMapRef:
                name: ${n}-config
${probe('readinessProbe', svc.db ? '/readyz' : '/healthz')}
${rng.chance(0.85) ? probe('livenessProbe', '/healthz') + '\n' : ''}          resources:
            requests:
              cpu: ${rng.pick(['100m', '250m', '500m'])}
              memory: ${rng.pick(['128Mi', '256Mi', '512Mi'])}
            limits:
              memory: ${rng.pick(['256Mi', '512Mi', '1Gi'])}
`;
  const service = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\nspec:\n  selector:\n    app.kubernetes.io/name: ${n}\n  ports:\n    - name: http\n      port: 8080\n      targetPort: ${port}\n`;
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}-config\ndata:\n  LOG_LEVEL: ${rng.pick(['info', 'debug', 'warn'])}\n  FEATURE_FLAGS: "${rng.pick(NOUNS)},${rng.pick(NOUNS)}"\n`;
  return { 'deployment.yaml': deployment, 'service.yaml': service, 'configmap.yaml': configMap };
}

export function compose(shop) {
  const lines = ['services:'];
  for (const s of shop) {
    lines.push(`  ${s.name}:`, `    build: ./services/${s.name}`, '    environment:', `      PORT: "${s.port}"`);
    if (s.db) lines.push(`      DATABASE_URL: ${s.db === 'mysql' ? `mysql://app:app@mysql:3306/${s.name.replace(/-/g, '_')}` : `postgres://app:app@postgres:5432/${s.name.replace(/-/g, '_')}`}`);
    for (const d of s.deps) lines.push(`      ${envName(d, 'URL')}: http://${d}:${shop.find((x) => x.name === d).port}`);
    const dependsOn = [...(s.db ? [s.db === 'mysql' ? 'mysql' : 'postgres'] : []), ...s.deps.slice(0, 2)];
    if (dependsOn.length) lines.push('    depends_on:', ...dependsOn.map((d) => `      - ${d}`));
  }
  lines.push('  postgres:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: app', '      POSTGRES_USER: app',
    '  mysql:', '    image: mysql:8.4', '    environment:', '      MYSQL_ROOT_PASSWORD: app', '  redis:', '    image: redis:7', '');
  return lines.join('\n');
}

export function proto(rng, svc) {
  const pkg = svc.name.replace(/-/g, '_');
  const S = pascal(...svc.name.split('-'));
  const lines = ['syntax = "proto3";', '', `package shop.${pkg}.v1;`, '', `option go_package = "${goModule(svc)}/api/${svc.name.replace(/-/g, '')}v1";`, '',
    'import "google/protobuf/timestamp.proto";', '', `service ${S}Service {`];
  const methods = [...new Set(Array.from({ length: rng.int(3, 8) }, () => pascal(rng.pick(['get', 'list', 'create', 'update', 'delete']), rng.pick(NOUNS))))];
  for (const m of methods) lines.push(`  rpc ${m}(${m}Request) returns (${m}Response);`);
  lines.push('}', '');
  for (const m of methods) {
    lines.push(`message ${m}Request {`, '  string id = 1;', '  string tenant_id = 2;', ...(rng.chance(0.5) ? ['  int32 page_size = 3;', '  string page_token = 4;'] : []), '}', '');
    lines.push(`message ${m}Response {`, '  string id = 1;', '  string status = 2;', '  google.protobuf.Timestamp updated_at = 3;', '}', '');
  }
  return lines.join('\n');
}

export function rootFiles(shop) {
  const go = shop.filter((s) => s.lang === 'go');
  return {
    'package.json': json({ name: 'bench-shop', private: true, workspaces: ['services/*'] }),
    '.gitignore': 'node_modules/\ndist/\n*.log\n',
    'README.md': `# bench-shop\n\nA generated monorepo of ${shop.length} services, used to benchmark archlint. Do not edit by hand.\n`,
    ...(go.length ? { 'go.work': `go 1.22\n\nuse (\n${go.map((s) => `\t./services/${s.name}`).join('\n')}\n)\n` } : {}),
  };
}
