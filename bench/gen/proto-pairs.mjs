// Generates old/new .proto schema pairs for differential tests against `buf breaking` and for the
// breaking benchmark. Everything comes from a seeded PRNG: the same seed gives the same bytes.
//
//   generatePair(seed, { files, messagesPerFile, mutations, syntaxes }) -> { old: Map<path,text>, new: Map<path,text>, applied: string[] }
//
// Both sides always compile under buf: names are unique per package, files only reference messages
// of files before them (no import cycles), enums are only used in their own file, and every mutation
// that removes or renames a type retargets the fields and RPCs that used it.
import { createRng } from './prng.mjs';

const SCALARS = ['double', 'float', 'int64', 'uint64', 'int32', 'fixed64', 'fixed32', 'bool', 'string', 'bytes', 'uint32', 'sfixed32', 'sfixed64', 'sint32', 'sint64'];
const INT64 = ['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'];
const FILE_OPTS = {
  go_package: (r) => `example.com/gen/p${r.int(1, 3)};p${r.int(1, 3)}`,
  java_package: (r) => `com.example.p${r.int(1, 3)}`,
  java_outer_classname: (r) => `Outer${r.int(1, 3)}`,
  java_multiple_files: (r) => r.pick(['true', 'false']),
  csharp_namespace: (r) => `Example.P${r.int(1, 3)}`,
  objc_class_prefix: (r) => `EX${r.int(1, 3)}`,
  php_namespace: (r) => `Example\\\\P${r.int(1, 3)}`,
  php_class_prefix: (r) => `Ex${r.int(1, 3)}`,
  php_metadata_namespace: (r) => `Example\\\\Meta${r.int(1, 3)}`,
  ruby_package: (r) => `Example::P${r.int(1, 3)}`,
  swift_prefix: (r) => `Ex${r.int(1, 3)}`,
  optimize_for: (r) => r.pick(['SPEED', 'CODE_SIZE']),
  cc_enable_arenas: (r) => r.pick(['true', 'false']),
  cc_generic_services: (r) => r.pick(['true', 'false']),
  java_generic_services: (r) => r.pick(['true', 'false']),
  py_generic_services: (r) => r.pick(['true', 'false']),
  java_string_check_utf8: (r) => r.pick(['true', 'false']),
};
const BARE = new Set(['optimize_for', 'java_multiple_files', 'cc_enable_arenas', 'cc_generic_services', 'java_generic_services', 'py_generic_services', 'java_string_check_utf8']);

const clone = (x) => structuredClone(x);

// ---------------------------------------------------------------- generation

function makeSchema(rng, opt) {
  let counter = 0;
  const uid = (p) => `${p}${++counter}`;
  const files = [];
  const nFiles = opt.files;
  for (let i = 0; i < nFiles; i++) {
    const syntax = rng.pick(opt.syntaxes);
    const pkgIdx = i % Math.max(1, Math.ceil(nFiles / 3));
    const file = {
      path: `gen/p${pkgIdx}/v1/f${i}.proto`,
      syntax,
      edition: syntax === 'editions' ? '2023' : undefined,
      package: `gen.p${pkgIdx}.v1`,
      options: {},
      messages: [],
      enums: [],
      services: [],
      extends: [],
      features: {},
    };
    for (const k of Object.keys(FILE_OPTS)) if (rng.chance(0.25) && !(k === 'java_string_check_utf8' && syntax === 'editions')) file.options[k] = FILE_OPTS[k](rng);
    const nEnums = rng.int(0, 2);
    for (let e = 0; e < nEnums; e++) file.enums.push(makeEnum(rng, uid, file));
    const nMsgs = opt.messagesPerFile;
    for (let m = 0; m < nMsgs; m++) file.messages.push(makeMessage(rng, uid, file, files, 0));
    if (rng.chance(0.7)) {
      const svc = { name: uid('Svc'), methods: [], options: {} };
      const nm = rng.int(1, 4);
      for (let k = 0; k < nm; k++) svc.methods.push(makeMethod(rng, uid, file, files));
      file.services.push(svc);
    }
    if (syntax === 'proto2' && rng.chance(0.5)) {
      const base = file.messages.find((m) => m.extRanges.length);
      if (base) {
        const [lo] = base.extRanges[0];
        file.extends.push({ extendee: base.name, fields: [{ name: uid('ext_f'), number: lo, label: 'optional', type: rng.pick(['int32', 'string', 'bool']), options: {} }] });
      }
    }
    files.push(file);
  }
  return { files, counter };
}

function makeEnum(rng, uid, file) {
  const name = uid('Enum');
  const values = [];
  const n = rng.int(2, 5);
  for (let v = 0; v < n; v++) values.push({ name: `${name.toUpperCase()}_V${v}`, number: v });
  const en = { name, values, reserved: [], reservedNames: [], options: {} };
  if (rng.chance(0.2)) en.reserved.push([n + 2, n + 4]);
  if (rng.chance(0.2)) en.reservedNames.push(`${name.toUpperCase()}_OLD`);
  if (file.syntax === 'editions' && rng.chance(0.3)) en.options['features.enum_type'] = rng.pick(['OPEN', 'CLOSED']);
  return en;
}

/** Messages this file may reference: those of earlier files, then its own (top-level), as a read-only list. */
const refCache = new WeakMap();
function referable(file, files) {
  let c = refCache.get(files);
  if (!c) refCache.set(files, (c = { n: 0, flat: [] }));
  for (; c.n < files.length; c.n++) for (const m of files[c.n].messages) c.flat.push({ pkg: files[c.n].package, name: m.name, file: files[c.n].path });
  const flat = c.flat;
  const own = file.messages;
  return {
    length: flat.length + own.length,
    at: (i) => (i < flat.length ? flat[i] : { pkg: file.package, name: own[i - flat.length].name, file: file.path }),
  };
}

/** rng.pick for a referable() list (the same draw as rng.pick on the materialised array). */
function pickRef(rng, refs) {
  return refs.at(Math.floor(rng.next() * refs.length));
}

function scalarFor(rng) {
  return rng.pick(SCALARS);
}

function makeField(rng, uid, file, files, msg, number, allowRef = true) {
  const f = { name: uid('f_'), number, label: '', type: scalarFor(rng), options: {} };
  const r = rng.next();
  if (allowRef && r < 0.2) {
    const refs = referable(file, files);
    if (refs.length) f.type = { ref: pickRef(rng, refs) };
  } else if (r < 0.3 && (msg.enums.length || file.enums.length)) {
    const en = rng.pick([...msg.enums.map((e) => ({ name: `${msg.name}.${e.name}`, en: e })), ...file.enums.map((e) => ({ name: e.name, en: e }))]);
    f.type = { enumRef: en.name, pkg: file.package };
  } else if (r < 0.35 && file.syntax !== 'proto2') {
    f.type = { map: [rng.pick(['string', 'int32', 'int64', 'bool']), rng.pick(['string', 'int32', 'bytes', 'double'])] };
  }
  if (!f.type.map) {
    if (file.syntax === 'proto2') f.label = rng.pick(['optional', 'optional', 'repeated', 'required']);
    else if (file.syntax === 'proto3') f.label = rng.pick(['', '', '', 'optional', 'repeated']);
    else f.label = rng.pick(['', '', '', 'repeated']);
  }
  if (rng.chance(0.1)) f.options.json_name = `j${f.name}x`;
  if (typeof f.type === 'string' && INT64.includes(f.type) && rng.chance(0.3)) f.options.jstype = rng.pick(['JS_STRING', 'JS_NUMBER', 'JS_NORMAL']);
  if (file.syntax !== 'proto3' && f.label !== 'repeated' && typeof f.type === 'string' && rng.chance(0.2)) f.options.default = defaultFor(rng, f.type);
  if (file.syntax === 'editions' && f.label !== 'repeated' && !f.type.map && !f.type.ref && !f.type.enumRef && rng.chance(0.2)) f.options['features.field_presence'] = rng.pick(['EXPLICIT', 'IMPLICIT']);
  if (file.syntax === 'editions' && f.type === 'string' && rng.chance(0.2)) f.options['features.utf8_validation'] = rng.pick(['VERIFY', 'NONE']);
  if ((f.type === 'string' || f.type === 'bytes') && file.syntax !== 'editions' && rng.chance(0.1)) f.options.ctype = rng.pick(['CORD', 'STRING', 'STRING_PIECE']);
  if (f.label === 'required' && f.options['features.field_presence']) delete f.options['features.field_presence'];
  if (f.options.default !== undefined && f.options['features.field_presence'] === 'IMPLICIT') delete f.options.default;
  return f;
}

function defaultFor(rng, type) {
  switch (type) {
    case 'string':
      return `"d${rng.int(0, 2)}"`;
    case 'bytes':
      return `"b${rng.int(0, 2)}"`;
    case 'bool':
      return rng.pick(['true', 'false']);
    case 'float':
    case 'double':
      return rng.pick(['1.5', '0', '-2.25', 'inf']);
    default:
      return String(rng.int(0, 3));
  }
}

function makeMessage(rng, uid, file, files, depth) {
  const msg = { name: uid('Msg'), fields: [], oneofs: [], messages: [], enums: [], reserved: [], reservedNames: [], extRanges: [], options: {} };
  if (depth < 2 && rng.chance(0.3)) msg.enums.push(makeEnum(rng, uid, file));
  if (depth < 2 && rng.chance(0.3)) msg.messages.push(makeMessage(rng, uid, file, files, depth + 1));
  let num = 1;
  const n = rng.int(1, 6);
  for (let i = 0; i < n; i++) msg.fields.push(makeField(rng, uid, file, files, msg, num++));
  if (rng.chance(0.3)) {
    const o = { name: uid('choice_'), fields: [] };
    const k = rng.int(1, 3);
    for (let i = 0; i < k; i++) {
      const f = makeField(rng, uid, file, files, msg, num++);
      if (f.type.map) f.type = 'string';
      f.label = '';
      delete f.options.default;
      delete f.options['features.field_presence'];
      o.fields.push(f);
    }
    msg.oneofs.push(o);
  }
  if (rng.chance(0.25)) {
    msg.reserved.push([num + 1, num + rng.int(1, 3)]);
    num += 5;
  }
  if (rng.chance(0.15)) msg.reservedNames.push(`old_${msg.name.toLowerCase()}`);
  if (file.syntax === 'proto2' && rng.chance(0.3)) msg.extRanges.push([100, 199]);
  if (rng.chance(0.05)) msg.options.no_standard_descriptor_accessor = 'false';
  if (file.syntax === 'editions' && rng.chance(0.1)) msg.options['features.json_format'] = 'ALLOW';
  return msg;
}

function makeMethod(rng, uid, file, files) {
  const refs = referable(file, files);
  return {
    name: uid('Call'),
    input: pickRef(rng, refs),
    output: pickRef(rng, refs),
    cs: rng.chance(0.2),
    ss: rng.chance(0.2),
    options: rng.chance(0.2) ? { idempotency_level: rng.pick(['NO_SIDE_EFFECTS', 'IDEMPOTENT', 'IDEMPOTENCY_UNKNOWN']) } : {},
  };
}

// ---------------------------------------------------------------- rendering

function typeRef(t, file) {
  if (typeof t === 'string') return t;
  if (t.map) return `map<${t.map[0]}, ${t.map[1]}>`;
  if (t.enumRef) return t.enumRef;
  if (t.ref) return t.ref.pkg === file.package ? t.ref.name : `${t.ref.pkg}.${t.ref.name}`;
  throw new Error('bad type');
}

function renderOptions(opts) {
  const keys = Object.keys(opts);
  if (!keys.length) return '';
  return ` [${keys.map((k) => `${k} = ${opts[k]}`).join(', ')}]`;
}

function renderField(f, file, ind) {
  const label = f.label ? `${f.label} ` : '';
  const opts = { ...f.options };
  if (opts.json_name) opts.json_name = `"${opts.json_name}"`;
  return `${ind}${label}${typeRef(f.type, file)} ${f.name} = ${f.number}${renderOptions(opts)};`;
}

function renderRanges(rs) {
  return rs.map(([a, b]) => (a === b ? `${a}` : `${a} to ${b}`)).join(', ');
}

function renderEnum(en, file, ind, out) {
  out.push(`${ind}enum ${en.name} {`);
  for (const [k, v] of Object.entries(en.options)) out.push(`${ind}  option ${k} = ${v};`);
  for (const v of en.values) out.push(`${ind}  ${v.name} = ${v.number};`);
  if (en.reserved.length) out.push(`${ind}  reserved ${renderRanges(en.reserved)};`);
  if (en.reservedNames.length) out.push(`${ind}  reserved ${en.reservedNames.map((n) => (file.syntax === 'editions' ? n : `"${n}"`)).join(', ')};`);
  out.push(`${ind}}`);
}

function renderMessage(m, file, ind, out) {
  out.push(`${ind}message ${m.name} {`);
  const i2 = `${ind}  `;
  for (const [k, v] of Object.entries(m.options)) out.push(`${i2}option ${k} = ${v};`);
  for (const e of m.enums) renderEnum(e, file, i2, out);
  for (const n of m.messages) renderMessage(n, file, i2, out);
  for (const f of m.fields) out.push(renderField(f, file, i2));
  for (const o of m.oneofs) {
    out.push(`${i2}oneof ${o.name} {`);
    for (const f of o.fields) out.push(renderField(f, file, `${i2}  `));
    out.push(`${i2}}`);
  }
  if (m.reserved.length) out.push(`${i2}reserved ${renderRanges(m.reserved)};`);
  if (m.reservedNames.length) out.push(`${i2}reserved ${m.reservedNames.map((n) => (file.syntax === 'editions' ? n : `"${n}"`)).join(', ')};`);
  if (m.extRanges.length) out.push(`${i2}extensions ${renderRanges(m.extRanges)};`);
  out.push(`${ind}}`);
}

function importsOf(file) {
  const imps = new Set();
  const visitT = (t) => {
    if (t && t.ref && t.ref.file !== file.path) imps.add(t.ref.file);
  };
  const visitM = (m) => {
    for (const f of m.fields) visitT(f.type);
    for (const o of m.oneofs) for (const f of o.fields) visitT(f.type);
    for (const n of m.messages) visitM(n);
  };
  for (const m of file.messages) visitM(m);
  for (const s of file.services) for (const md of s.methods) {
    visitT({ ref: md.input });
    visitT({ ref: md.output });
  }
  return [...imps].sort();
}

export function renderFile(file) {
  const out = [];
  out.push(file.syntax === 'editions' ? `edition = "${file.edition}";` : `syntax = "${file.syntax}";`);
  out.push('');
  out.push(`package ${file.package};`);
  out.push('');
  for (const imp of importsOf(file)) out.push(`import "${imp}";`);
  for (const [k, v] of Object.entries(file.options)) out.push(`option ${k} = ${BARE.has(k) ? v : `"${v}"`};`);
  for (const [k, v] of Object.entries(file.features ?? {})) out.push(`option features.${k} = ${v};`);
  out.push('');
  for (const e of file.enums) renderEnum(e, file, '', out);
  for (const m of file.messages) renderMessage(m, file, '', out);
  for (const x of file.extends) {
    out.push(`extend ${x.extendee} {`);
    for (const f of x.fields) out.push(renderField(f, file, '  '));
    out.push('}');
  }
  for (const s of file.services) {
    out.push(`service ${s.name} {`);
    for (const md of s.methods) {
      const inT = typeRef({ ref: md.input }, file);
      const outT = typeRef({ ref: md.output }, file);
      const head = `  rpc ${md.name}(${md.cs ? 'stream ' : ''}${inT}) returns (${md.ss ? 'stream ' : ''}${outT})`;
      const opts = Object.entries(md.options);
      if (opts.length) {
        out.push(`${head} {`);
        for (const [k, v] of opts) out.push(`    option ${k} = ${v};`);
        out.push('  }');
      } else out.push(`${head};`);
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}

export function renderSchema(schema) {
  return new Map(schema.files.map((f) => [f.path, renderFile(f)]));
}

// ---------------------------------------------------------------- mutations

function allMessages(file) {
  const out = [];
  const visit = (m, parent) => {
    out.push({ m, parent });
    for (const n of m.messages) visit(n, m);
  };
  for (const m of file.messages) visit(m, null);
  return out;
}

function allFields(m) {
  return [...m.fields.map((f) => ({ f, list: m.fields })), ...m.oneofs.flatMap((o) => o.fields.map((f) => ({ f, list: o.fields, oneof: o })))];
}

function maxNumber(m) {
  return Math.max(0, ...allFields(m).map(({ f }) => f.number), ...m.reserved.map((r) => r[1]), ...m.extRanges.map((r) => r[1] >= 100 ? 0 : r[1]));
}

function forEachTypeUse(schema, fn) {
  for (const file of schema.files) {
    for (const { m } of allMessages(file)) for (const { f } of allFields(m)) if (f.type.ref) fn(f.type, 'ref', file);
    for (const s of file.services) for (const md of s.methods) {
      fn(md, 'input', file);
      fn(md, 'output', file);
    }
  }
}

/** Points every use of `from` (a top-level message) at `to`, or at a scalar if `to` is null. */
function retarget(schema, from, to) {
  for (const file of schema.files) {
    for (const { m } of allMessages(file)) for (const { f } of allFields(m)) {
      if (f.type.ref && f.type.ref.pkg === from.pkg && f.type.ref.name === from.name) f.type = to ? { ref: to } : 'string';
    }
    for (const s of file.services) for (const md of s.methods) {
      for (const k of ['input', 'output']) {
        if (md[k].pkg === from.pkg && md[k].name === from.name) md[k] = to ?? pickAnyMessage(schema, file, from);
      }
    }
  }
  // a method left without any message: drop it
  for (const file of schema.files) for (const s of file.services) s.methods = s.methods.filter((md) => md.input && md.output);
}

function pickAnyMessage(schema, file, except) {
  const idx = schema.files.indexOf(file);
  for (let i = 0; i <= idx; i++) {
    for (const m of schema.files[i].messages) {
      if (m.name !== except.name) return { pkg: schema.files[i].package, name: m.name, file: schema.files[i].path };
    }
  }
  return null;
}

const MUTATIONS = {
  deleteField(r, s) {
    const { m, file } = pickMessage(r, s);
    const fs = allFields(m);
    if (!fs.length) return false;
    const { f, list } = r.pick(fs);
    list.splice(list.indexOf(f), 1);
    if (r.chance(0.4)) m.reserved.push([f.number, f.number]);
    if (r.chance(0.3)) m.reservedNames.push(f.name);
    for (const o of m.oneofs) if (!o.fields.length) m.oneofs.splice(m.oneofs.indexOf(o), 1);
    void file;
    return `delete field ${m.name}.${f.name}`;
  },
  changeScalarType(r, s) {
    const { m } = pickMessage(r, s);
    const fs = allFields(m).filter(({ f }) => typeof f.type === 'string');
    if (!fs.length) return false;
    const { f } = r.pick(fs);
    f.type = r.pick(SCALARS);
    delete f.options.default;
    if (!INT64.includes(f.type)) delete f.options.jstype;
    if (f.type !== 'string' && f.type !== 'bytes') delete f.options.ctype;
    if (f.type !== 'string') delete f.options['features.utf8_validation'];
    return `type of ${m.name}.${f.name}`;
  },
  changeToMessage(r, s) {
    const { m, file } = pickMessage(r, s);
    const fs = allFields(m).filter(({ f }) => !f.type.map && !f.type.enumRef);
    if (!fs.length) return false;
    const { f } = r.pick(fs);
    const refs = referable(file, s.files.slice(0, s.files.indexOf(file)));
    if (!refs.length) return false;
    f.type = { ref: pickRef(r, refs) };
    for (const k of ['default', 'jstype', 'ctype', 'features.utf8_validation', 'features.field_presence']) delete f.options[k];
    if (f.label === 'required') f.label = 'optional';
    return `message type of ${m.name}.${f.name}`;
  },
  renameField(r, s) {
    const { m } = pickMessage(r, s);
    const fs = allFields(m);
    if (!fs.length) return false;
    const { f } = r.pick(fs);
    f.name = `${f.name}_r`;
    return `rename ${m.name}.${f.name}`;
  },
  changeLabel(r, s) {
    const { m, file } = pickMessage(r, s);
    const fs = m.fields.filter((f) => !f.type.map);
    if (!fs.length) return false;
    const f = r.pick(fs);
    const labels = file.syntax === 'proto2' ? ['optional', 'repeated', 'required'] : file.syntax === 'proto3' ? ['', 'optional', 'repeated'] : ['', 'repeated'];
    f.label = r.pick(labels.filter((l) => l !== f.label));
    if (f.label === 'repeated') {
      delete f.options.default;
      delete f.options['features.field_presence'];
    }
    if (f.label === 'required' && f.type.ref === undefined) delete f.options['features.field_presence'];
    return `label of ${m.name}.${f.name}`;
  },
  moveIntoOneof(r, s) {
    const { m } = pickMessage(r, s);
    const fs = m.fields.filter((f) => !f.type.map && f.label !== 'repeated' && f.label !== 'required');
    if (!fs.length) return false;
    const f = r.pick(fs);
    m.fields.splice(m.fields.indexOf(f), 1);
    f.label = '';
    delete f.options.default;
    delete f.options['features.field_presence'];
    if (!m.oneofs.length) m.oneofs.push({ name: `${m.name.toLowerCase()}_kind`, fields: [] });
    r.pick(m.oneofs).fields.push(f);
    return `into oneof ${m.name}.${f.name}`;
  },
  moveOutOfOneof(r, s, file0) {
    const { m, file } = pickMessage(r, s);
    if (!m.oneofs.length) return false;
    const o = r.pick(m.oneofs);
    const f = o.fields.pop();
    if (!f) return false;
    if (!o.fields.length) m.oneofs.splice(m.oneofs.indexOf(o), 1);
    f.label = file.syntax === 'proto2' ? 'optional' : r.pick(['', 'optional']);
    if (file.syntax === 'editions') f.label = '';
    m.fields.push(f);
    void file0;
    return `out of oneof ${m.name}.${f.name}`;
  },
  deleteOneof(r, s) {
    const { m } = pickMessage(r, s);
    if (!m.oneofs.length) return false;
    const o = m.oneofs.pop();
    return `delete oneof ${m.name}.${o.name}`;
  },
  renameOneof(r, s) {
    const { m } = pickMessage(r, s);
    if (!m.oneofs.length) return false;
    const o = r.pick(m.oneofs);
    o.name = `${o.name}_r`;
    return `rename oneof ${o.name}`;
  },
  fieldOption(r, s) {
    const { m, file } = pickMessage(r, s);
    const fs = allFields(m).filter(({ f }) => !f.type.map);
    if (!fs.length) return false;
    const { f, oneof } = r.pick(fs);
    const choices = ['json_name'];
    if (typeof f.type === 'string' && INT64.includes(f.type)) choices.push('jstype');
    if (file.syntax !== 'proto3' && f.label !== 'repeated' && typeof f.type === 'string' && !oneof && f.options['features.field_presence'] !== 'IMPLICIT') choices.push('default');
    if ((f.type === 'string' || f.type === 'bytes') && file.syntax !== 'editions') choices.push('ctype');
    if (file.syntax === 'editions' && f.type === 'string') choices.push('features.utf8_validation');
    if (file.syntax === 'editions' && f.label === '' && !oneof && !f.type.ref && !f.type.map && !f.type.enumRef && f.options.default === undefined) choices.push('features.field_presence');
    const k = r.pick(choices);
    if (f.options[k] !== undefined && r.chance(0.5)) {
      delete f.options[k];
      return `drop ${k} on ${f.name}`;
    }
    f.options[k] =
      k === 'json_name' ? `j${f.name}${r.int(0, 9)}` : k === 'jstype' ? r.pick(['JS_STRING', 'JS_NUMBER', 'JS_NORMAL']) : k === 'default' ? defaultFor(r, f.type)
      : k === 'ctype' ? r.pick(['CORD', 'STRING', 'STRING_PIECE']) : k === 'features.utf8_validation' ? r.pick(['VERIFY', 'NONE']) : r.pick(['EXPLICIT', 'IMPLICIT']);
    return `set ${k} on ${f.name}`;
  },
  deleteNested(r, s) {
    const { m } = pickMessage(r, s);
    if (m.messages.length && r.chance(0.5)) {
      const n = m.messages.pop();
      // nested messages are never referenced, but fields may use their enums
      dropEnumUses(m, n.enums.map((e) => `${m.name}.${n.name}.${e.name}`));
      return `delete nested ${n.name}`;
    }
    if (m.enums.length) {
      const e = m.enums.pop();
      dropEnumUses(m, [`${m.name}.${e.name}`]);
      return `delete nested enum ${e.name}`;
    }
    return false;
  },
  deleteMessage(r, s) {
    const file = r.pick(s.files);
    if (file.messages.length < 2) return false;
    const m = r.pick(file.messages);
    if (file.extends.some((x) => x.extendee === m.name)) return false;
    file.messages.splice(file.messages.indexOf(m), 1);
    retarget(s, { pkg: file.package, name: m.name }, null);
    return `delete message ${m.name}`;
  },
  renameMessage(r, s) {
    const file = r.pick(s.files);
    if (!file.messages.length) return false;
    const m = r.pick(file.messages);
    if (file.extends.some((x) => x.extendee === m.name)) return false;
    const old = { pkg: file.package, name: m.name };
    m.name = `${m.name}Renamed`;
    for (const { f } of allFields(m)) if (f.type.enumRef?.startsWith(`${old.name}.`)) f.type.enumRef = `${m.name}${f.type.enumRef.slice(old.name.length)}`;
    retarget(s, old, { pkg: file.package, name: m.name, file: file.path });
    return `rename message ${old.name}`;
  },
  enumChange(r, s) {
    const file = r.pick(s.files);
    const ens = [...file.enums, ...allMessages(file).flatMap(({ m }) => m.enums)];
    if (!ens.length) return false;
    const e = r.pick(ens);
    const k = r.int(0, 4);
    if (k === 0 && e.values.length > 2) {
      const v = e.values.pop();
      if (r.chance(0.4)) e.reserved.push([v.number, v.number]);
      if (r.chance(0.3)) e.reservedNames.push(v.name);
      return `delete value ${v.name}`;
    }
    if (k === 1 && e.values.length > 1) {
      const v = e.values[r.int(1, e.values.length - 1)];
      v.name = `${v.name}_R`;
      return `rename value ${v.name}`;
    }
    if (k === 2 && e.reserved.length) {
      e.reserved.pop();
      return `unreserve in ${e.name}`;
    }
    if (k === 3 && e.reservedNames.length) {
      e.reservedNames.pop();
      return `unreserve name in ${e.name}`;
    }
    if (file.syntax === 'editions' && r.chance(0.4)) {
      e.options['features.json_format'] = e.options['features.json_format'] === 'LEGACY_BEST_EFFORT' ? 'ALLOW' : 'LEGACY_BEST_EFFORT';
      return `json_format of ${e.name}`;
    }
    if (file.syntax === 'editions') {
      e.options['features.enum_type'] = e.options['features.enum_type'] === 'CLOSED' ? 'OPEN' : 'CLOSED';
      return `enum_type of ${e.name}`;
    }
    const top = Math.max(...e.values.map((v) => v.number), ...e.reserved.map((x) => x[1]));
    e.values.push({ name: `${e.name.toUpperCase()}_NEW${top + 1}`, number: top + 1 });
    return `add value to ${e.name}`;
  },
  deleteEnum(r, s) {
    const file = r.pick(s.files);
    if (!file.enums.length) return false;
    const e = file.enums.pop();
    for (const { m } of allMessages(file)) dropEnumUses(m, [e.name]);
    return `delete enum ${e.name}`;
  },
  reservedChange(r, s) {
    const { m } = pickMessage(r, s);
    if (m.reserved.length && r.chance(0.6)) {
      const rr = m.reserved.pop();
      if (rr[1] > rr[0] && r.chance(0.5)) m.reserved.push([rr[0], rr[1] - 1]);
      return `shrink reserved in ${m.name}`;
    }
    if (m.reservedNames.length) {
      m.reservedNames.pop();
      return `unreserve name in ${m.name}`;
    }
    if (m.extRanges.length && !s.files.some((f) => f.extends.some((x) => x.extendee === m.name))) {
      m.extRanges = [[100, 150]];
      return `shrink extensions in ${m.name}`;
    }
    return false;
  },
  messageOption(r, s) {
    const { m, file } = pickMessage(r, s);
    if (file.syntax === 'editions' && r.chance(0.5)) {
      m.options['features.json_format'] = m.options['features.json_format'] === 'LEGACY_BEST_EFFORT' ? 'ALLOW' : 'LEGACY_BEST_EFFORT';
      return `json_format of ${m.name}`;
    }
    m.options.no_standard_descriptor_accessor = m.options.no_standard_descriptor_accessor === 'true' ? 'false' : 'true';
    return `nsda of ${m.name}`;
  },
  serviceChange(r, s) {
    const file = r.pick(s.files);
    if (!file.services.length) return false;
    const svc = r.pick(file.services);
    const k = r.int(0, 6);
    if (k === 0) {
      file.services.splice(file.services.indexOf(svc), 1);
      return `delete service ${svc.name}`;
    }
    if (!svc.methods.length) return false;
    const md = r.pick(svc.methods);
    if (k === 1) {
      svc.methods.splice(svc.methods.indexOf(md), 1);
      return `delete rpc ${md.name}`;
    }
    if (k === 2) md.cs = !md.cs;
    else if (k === 3) md.ss = !md.ss;
    else if (k === 4) md.options = md.options.idempotency_level ? {} : { idempotency_level: r.pick(['NO_SIDE_EFFECTS', 'IDEMPOTENT']) };
    else {
      const refs = referable(file, s.files.slice(0, s.files.indexOf(file)));
      if (!refs.length) return false;
      md[k === 5 ? 'input' : 'output'] = pickRef(r, refs);
    }
    return `rpc ${md.name} change ${k}`;
  },
  fileOption(r, s) {
    const file = r.pick(s.files);
    const k = r.pick(Object.keys(FILE_OPTS).filter((o) => !(o === 'java_string_check_utf8' && file.syntax === 'editions')));
    if (file.options[k] !== undefined && r.chance(0.4)) delete file.options[k];
    else file.options[k] = FILE_OPTS[k](r);
    return `file option ${k} in ${file.path}`;
  },
  deleteFile(r, s) {
    // only the last file: nothing imports it
    const file = s.files[s.files.length - 1];
    if (s.files.length < 2) return false;
    s.files.pop();
    return `delete file ${file.path}`;
  },
  changePackage(r, s) {
    const file = s.files[s.files.length - 1];
    const old = file.package;
    file.package = `${old.replace(/\.v1$/, '')}x.v1`;
    for (const m of file.messages) retarget(s, { pkg: old, name: m.name }, { pkg: file.package, name: m.name, file: file.path });
    return `package of ${file.path}`;
  },
  syntaxSwitch(r, s) {
    const file = r.pick(s.files);
    if (file.syntax === 'proto3') {
      file.syntax = 'proto2';
      for (const { m } of allMessages(file)) for (const f of m.fields) if (!f.type.map && f.label === '') f.label = 'optional';
      return `proto3 -> proto2 ${file.path}`;
    }
    if (file.syntax === 'proto2' && !file.extends.length) {
      // proto3 forbids required, defaults, extension ranges and closed enums from proto2 files
      if (s.files.some((f) => f !== file && f.syntax === 'proto3' && false)) return false;
      file.syntax = 'proto3';
      for (const { m } of allMessages(file)) {
        m.extRanges = [];
        for (const { f } of allFields(m)) {
          delete f.options.default;
          if (f.label === 'required') f.label = 'optional';
        }
      }
      return `proto2 -> proto3 ${file.path}`;
    }
    return false;
  },
  addField(r, s) {
    const { m, file } = pickMessage(r, s);
    const f = makeField(r, (p) => `${p}n${r.int(0, 1e6)}`, file, s.files.slice(0, s.files.indexOf(file)), m, maxNumber(m) + 1, false);
    m.fields.push(f);
    return `add field ${f.name}`;
  },
  extensionChange(r, s) {
    const file = r.pick(s.files);
    if (!file.extends.length) return false;
    const x = file.extends[0];
    const f = x.fields[0];
    if (!f) return false;
    const k = r.int(0, 2);
    if (k === 0) {
      file.extends.shift();
      return `delete extension ${f.name}`;
    }
    if (k === 1) f.type = f.type === 'int32' ? 'int64' : 'int32';
    else f.name = `${f.name}_r`;
    return `change extension ${f.name}`;
  },
};

function dropEnumUses(m, names) {
  const visit = (mm) => {
    for (const { f } of allFields(mm)) if (f.type.enumRef && names.includes(f.type.enumRef)) {
      f.type = 'int32';
      delete f.options.default;
    }
    for (const n of mm.messages) visit(n);
  };
  visit(m);
}

function pickMessage(r, s) {
  const file = r.pick(s.files);
  const ms = allMessages(file);
  const { m } = r.pick(ms);
  return { m, file };
}

export const mutationNames = Object.keys(MUTATIONS);

/**
 * A pair: `old` is a generated schema, `new` the same schema after `mutations` random changes
 * (or after the named ones, in order, with `only`).
 */
export function generatePair(seed, { files = 4, messagesPerFile = 4, mutations = 8, syntaxes = ['proto3', 'proto3', 'proto2', 'editions'], only } = {}) {
  const rng = createRng(seed);
  const schema = makeSchema(rng, { files, messagesPerFile, syntaxes });
  const next = clone(schema);
  const applied = [];
  const names = only ?? mutationNames;
  let guard = 0;
  while (applied.length < mutations && guard++ < mutations * 20) {
    const name = only ? names[applied.length % names.length] : rng.pick(names);
    const res = MUTATIONS[name](rng, next);
    if (res) applied.push(`${name}: ${res}`);
  }
  // drop imports of deleted files' types (retarget handles types; deleted last file is never imported)
  return { old: renderSchema(schema), new: renderSchema(next), applied };
}
