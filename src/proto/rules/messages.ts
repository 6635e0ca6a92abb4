import { MESSAGE_MAX, MESSAGE_SET_MAX, type Message } from "../model.js";
import { deletedLocation, filePairs, isRequired, messagePairs, nestedMessages, q, type Emit, type RuleImpl } from "./context.js";
import { mergeRanges, missingParts, rangeString, type Range } from "./ranges.js";

/** Rules about messages: deletion, options, JSON format, required fields, oneofs, reserved and extension ranges. */

const messageNoDelete: RuleImpl = {
  id: "MESSAGE_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      const now = nestedMessages(c);
      for (const [name, pm] of nestedMessages(p)) {
        if (now.has(name)) continue;
        emit({ file: c, span: deletedLocation(c, name, now), against: p, message: `Previously present message ${q(name)} was deleted from file.`, deletedMessage: pm.fullName });
      }
    }
  },
};

const noStandardDescriptorAccessor: RuleImpl = {
  id: "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
  run(cur, prev, emit) {
    const get = (m: Message) => String(m.options.get("no_standard_descriptor_accessor")?.value.value ?? "false");
    for (const [c, p] of messagePairs(cur, prev)) {
      if (get(p) === "false" && get(c) === "true") {
        emit({
          file: c.file,
          span: c.options.get("no_standard_descriptor_accessor")?.span,
          against: p.file,
          message: `Message option "no_standard_descriptor_accessor" changed from "false" to "true".`,
        });
      }
    }
  },
};

const messageSameJsonFormat: RuleImpl = {
  id: "MESSAGE_SAME_JSON_FORMAT",
  run(cur, prev, emit) {
    for (const [c, p] of messagePairs(cur, prev)) {
      if (p.features.json_format === "ALLOW" && c.features.json_format !== "ALLOW") {
        emit({
          file: c.file,
          span: c.options.get("features.json_format")?.span ?? c.span,
          against: p.file,
          message: `Message ${q(c.name)} JSON format support changed from ${p.features.json_format} to ${c.features.json_format}.`,
        });
      }
    }
  },
};

const messageSameRequiredFields: RuleImpl = {
  id: "MESSAGE_SAME_REQUIRED_FIELDS",
  run(cur, prev, emit) {
    for (const [c, p] of messagePairs(cur, prev)) {
      const pr = new Map(p.fields.filter(isRequired).map((f) => [f.number, f]));
      const cr = new Map(c.fields.filter(isRequired).map((f) => [f.number, f]));
      const tail = "Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.";
      for (const n of pr.keys()) {
        if (!cr.has(n)) emit({ file: c.file, span: c.span, against: p.file, message: `Message ${q(p.name)} had required field "${n}" deleted. ${tail}` });
      }
      for (const [n, f] of cr) {
        if (!pr.has(n)) emit({ file: c.file, span: f.span, message: `Message ${q(c.name)} had required field "${n}" added. ${tail}` });
      }
    }
  },
};

const oneofNoDelete: RuleImpl = {
  id: "ONEOF_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of messagePairs(cur, prev)) {
      const names = new Set(c.oneofs.map((o) => o.name));
      for (const o of p.oneofs) {
        if (o.synthetic || names.has(o.name)) continue;
        emit({ file: c.file, span: c.span, against: p.file, message: `Previously present oneof ${q(o.name)} on message ${q(c.name)} was deleted.` });
      }
    }
  },
};

function maxTag(m: Message): number {
  return String(m.options.get("message_set_wire_format")?.value.value) === "true" ? MESSAGE_SET_MAX : MESSAGE_MAX;
}

export function checkRanges(
  emit: Emit,
  kind: "reserved" | "extension",
  elementKind: "message" | "enum",
  c: { name: string; span: import("../model.js").Span; file: import("../model.js").ProtoFile },
  p: { file: import("../model.js").ProtoFile },
  prevRanges: Range[],
  curRanges: Range[],
  max: number,
): void {
  if (!prevRanges.length) return;
  const merged = mergeRanges(curRanges);
  for (const r of prevRanges) {
    const missing = missingParts(r[0], r[1], merged);
    if (!missing.length) continue;
    emit({
      file: c.file,
      span: c.span,
      against: p.file,
      message: `Previously present ${kind} range ${q(rangeString(r, max))} on ${elementKind} ${q(c.name)} is missing values: ${missing.map((x) => rangeString(x, max)).join(", ")} were removed.`,
    });
  }
}

const reservedMessageNoDelete: RuleImpl = {
  id: "RESERVED_MESSAGE_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of messagePairs(cur, prev)) {
      checkRanges(emit, "reserved", "message", c, p, p.reservedRanges, c.reservedRanges, maxTag(c));
      const names = new Set(c.reservedNames);
      for (const n of new Set(p.reservedNames)) {
        if (!names.has(n)) emit({ file: c.file, span: c.span, against: p.file, message: `Previously present reserved name ${q(n)} on message ${q(c.name)} was deleted.` });
      }
    }
  },
};

const extensionMessageNoDelete: RuleImpl = {
  id: "EXTENSION_MESSAGE_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of messagePairs(cur, prev)) checkRanges(emit, "extension", "message", c, p, p.extensionRanges, c.extensionRanges, maxTag(c));
  },
};

export const messageRules: RuleImpl[] = [
  messageNoDelete,
  noStandardDescriptorAccessor,
  messageSameJsonFormat,
  messageSameRequiredFields,
  oneofNoDelete,
  reservedMessageNoDelete,
  extensionMessageNoDelete,
];
