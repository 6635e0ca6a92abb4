import type { Field, Message, ProtoEnum, ProtoFile, Service } from "../model.js";
import { deletedLocation, filePairs, nestedEnums, nestedExtensions, nestedMessages, q, type RuleImpl, type Side } from "./context.js";

/** Extension deletion (per file) and the PACKAGE-only rules: elements gone from the whole package. */

const extensionNoDelete: RuleImpl = {
  id: "EXTENSION_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      const now = nestedExtensions(c);
      for (const name of nestedExtensions(p).keys()) {
        if (!now.has(name)) emit({ file: c, span: deletedLocation(c, name), against: p, message: `Previously present extension ${q(name)} was deleted from file.` });
      }
    }
  },
};

type Elem = { file: ProtoFile };

function byPackage<T extends Elem>(side: Side, collect: (f: ProtoFile) => Map<string, T>, everyPackage: boolean): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>();
  if (everyPackage) for (const f of side.files) if (!out.has(f.package)) out.set(f.package, new Map());
  // as buf, a package without any element of the kind has no entry at all
  for (const f of side.files) {
    for (const [name, e] of collect(f)) {
      let m = out.get(f.package);
      if (!m) out.set(f.package, (m = new Map()));
      m.set(name, e);
    }
  }
  return out;
}

function packageNoDelete<T extends Elem>(
  id: string,
  kind: string,
  collect: (f: ProtoFile) => Map<string, T>,
  locate: "nested" | "package" | "file",
): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      // buf indexes services by every package, the other kinds only by packages that have one
      const every = kind === "service";
      const now = byPackage(cur, collect, every);
      for (const [pkg, elems] of byPackage(prev, collect, every)) {
        const curElems = now.get(pkg);
        if (!curElems) continue;
        for (const [name, e] of elems) {
          if (curElems.has(name)) continue;
          const message = `Previously present ${kind} ${q(name)} was deleted from package ${q(pkg)}.`;
          const deletedMessage = kind === "message" ? (e as unknown as Message).fullName : undefined;
          const file = cur.byPath.get(e.file.path);
          if (!file) emit({ against: e.file, message, deletedMessage });
          else if (locate === "package") {
            // messages: the nearest parent that still exists anywhere in the package, in its own file
            const parts = name.split(".");
            let parent: Message | undefined;
            for (let i = parts.length - 1; i > 0 && !parent; i--) parent = (curElems as unknown as Map<string, Message>).get(parts.slice(0, i).join("."));
            emit({ file: parent ? parent.file : file, span: parent?.span, against: e.file, message, deletedMessage });
          } else emit({ file, span: locate === "nested" ? deletedLocation(file, name) : undefined, against: e.file, message });
        }
      }
    },
  };
}

const packageNoDeleteRule: RuleImpl = {
  id: "PACKAGE_NO_DELETE",
  run(cur, prev, emit) {
    const pkgs = new Set(cur.files.map((f) => f.package));
    const prevPkgs = new Map<string, ProtoFile[]>();
    for (const f of prev.files) {
      const list = prevPkgs.get(f.package) ?? [];
      list.push(f);
      prevPkgs.set(f.package, list);
    }
    for (const [pkg, files] of prevPkgs) {
      if (pkgs.has(pkg)) continue;
      const first = [...files].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
      emit({ against: first, message: `Previously present package ${q(pkg)} was deleted.` });
    }
  },
};

const services = (f: ProtoFile) => new Map<string, Service>(f.services.map((s) => [s.name, s]));

export const packageRules: RuleImpl[] = [
  extensionNoDelete,
  packageNoDelete<Message>("PACKAGE_MESSAGE_NO_DELETE", "message", nestedMessages, "package"),
  packageNoDelete<ProtoEnum>("PACKAGE_ENUM_NO_DELETE", "enum", nestedEnums, "nested"),
  packageNoDelete<Field>("PACKAGE_EXTENSION_NO_DELETE", "extension", nestedExtensions, "nested"),
  packageNoDelete<Service>("PACKAGE_SERVICE_NO_DELETE", "service", services, "file"),
  packageNoDeleteRule,
];
