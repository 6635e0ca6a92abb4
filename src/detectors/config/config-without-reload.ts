import type { RelatedLocation } from "../../check/finding.js";
import type { Detector, FindingInput } from "../../check/rule.js";
import { codeUse, configMapDefinitions, configMounts } from "./config-mounts.js";

/**
 * Configuration that cannot change without a restart although the deployment looks as if it
 * could: a ConfigMap/Secret mounted with `subPath` (Kubernetes never updates those files), or a
 * mounted config folder whose file the code reads once with nothing watching it. Pods that roll on
 * config change (a checksum annotation, Reloader, a reload sidecar) are fine. ConfigMaps consumed
 * through env are reported only when `hotReload` asks for it.
 */
export const configWithoutReload: Detector = {
  name: "config-without-reload",
  defaults: { hotReload: false },
  run({ model, params, report }) {
    const defs = configMapDefinitions(model);
    const seen = new Set<string>();
    for (const m of configMounts(model)) {
      if (m.rolls || defs.get(`${m.sourceKind}/${m.sourceName}`)?.immutable) continue;
      const def = defs.get(`${m.sourceKind}/${m.sourceName}`);
      const related: RelatedLocation[] = [{ file: m.fact.loc.file, line: m.volumeLine, message: `volume from ${m.sourceKind} ${m.sourceName}` }];
      if (def) related.push({ file: def.file, line: def.line, message: `${m.sourceKind} ${m.sourceName} is defined here` });
      const pod = `the pods of ${m.workload}`;
      if (m.subPath !== undefined) {
        const use = codeUse(model, m.service, m.mountPath, false);
        related.push({ file: m.fact.loc.file, line: m.mountLine, message: `mounted at ${m.mountPath}` }, ...use.paths.slice(0, 3).map(({ viaEnv: _, ...p }) => p), ...use.reads.slice(0, 2));
        const code = use.paths.length && !use.watchers.length ? " The service reads this path and watches nothing, so it would not notice a change either." : "";
        push(report, seen, {
          message: `${m.sourceKind} ${m.sourceName} is mounted with subPath at ${m.mountPath}: Kubernetes never updates subPath mounts, so edits to ${m.sourceKind} ${m.sourceName} reach ${pod} only on restart.${code} Mount the folder without subPath and watch the file, or roll the pods on change (checksum annotation).`,
          file: m.fact.loc.file, line: m.subPathLine ?? m.mountLine, column: 1, service: m.service, related,
        });
        continue;
      }
      const use = codeUse(model, m.service, m.mountPath, true);
      // The path must meet a read: in the same file, or through an env var the manifest sets.
      const read = use.reads.filter((r) => use.paths.some((p) => p.viaEnv || p.file === r.file));
      if (!read.length || use.watchers.length) continue;
      related.push(...use.paths.slice(0, 3).map(({ viaEnv: _, ...p }) => p), ...read.slice(0, 3));
      push(report, seen, {
        message: `${m.sourceKind} ${m.sourceName} is mounted at ${m.mountPath} and the service reads its file without watching it (no fs.watch, chokidar, fsnotify, viper.WatchConfig or SIGHUP handler): edits to ${m.sourceKind} ${m.sourceName} reach ${pod} only on restart. Watch the file and reload, or roll the pods on change (checksum annotation).`,
        file: m.fact.loc.file, line: m.mountLine, column: 1, service: m.service, related,
      });
    }
    if (params.hotReload === false || params.hotReload === undefined) return;
    const wanted = Array.isArray(params.hotReload) ? new Set(params.hotReload.map(String)) : undefined;
    for (const b of model.env) {
      if (b.source.kind !== "configmap" || (wanted && !wanted.has(b.service))) continue;
      const cm = b.source.name;
      const viaEnvFrom = b.chain[0]?.message.startsWith("envFrom") ?? false;
      push(report, seen, {
        message: viaEnvFrom
          ? `ConfigMap ${cm} reaches ${b.target} through envFrom: env is fixed when the container starts, so edits to ConfigMap ${cm} apply only on restart, and this service is expected to hot-reload its configuration. Mount it as a file and watch it, or roll the pods on change.`
          : `${b.name} comes from ConfigMap ${cm} key ${b.source.key} through env on ${b.target}: env is fixed when the container starts, so edits apply only on restart, and this service is expected to hot-reload its configuration. Mount it as a file and watch it, or roll the pods on change.`,
        file: b.file, line: b.line, column: 1, service: b.service,
        related: b.chain.map((s) => ({ file: s.file, line: s.line, message: s.message })),
      });
    }
  },
};

function push(report: (f: FindingInput) => void, seen: Set<string>, f: FindingInput): void {
  const key = `${f.file}:${f.line}`;
  if (seen.has(key)) return;
  seen.add(key);
  report(f);
}

