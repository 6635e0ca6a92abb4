import { ENUM_MAX } from "../model.js";
import { deletedLocation, enumPairs, filePairs, isClosed, nestedEnums, numberToNameToValue, q, type RuleImpl } from "./context.js";
import { checkRanges } from "./messages.js";

/** Rules about enums and enum values. */

const enumNoDelete: RuleImpl = {
  id: "ENUM_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of filePairs(cur, prev)) {
      const now = nestedEnums(c);
      for (const name of nestedEnums(p).keys()) {
        if (!now.has(name)) emit({ file: c, span: deletedLocation(c, name), against: p, message: `Previously present enum ${q(name)} was deleted from file.` });
      }
    }
  },
};

const enumSameType: RuleImpl = {
  id: "ENUM_SAME_TYPE",
  run(cur, prev, emit) {
    for (const [c, p] of enumPairs(cur, prev)) {
      const pc = isClosed(p);
      const cc = isClosed(c);
      if (pc === cc) continue;
      const [was, now] = cc ? ["open", "closed"] : ["closed", "open"];
      emit({ file: c.file, span: c.options.get("features.enum_type")?.span ?? c.span, against: p.file, message: `Enum ${q(c.name)} changed from ${was} to ${now}.` });
    }
  },
};

const enumSameJsonFormat: RuleImpl = {
  id: "ENUM_SAME_JSON_FORMAT",
  run(cur, prev, emit) {
    for (const [c, p] of enumPairs(cur, prev)) {
      if (p.features.json_format === "ALLOW" && c.features.json_format !== "ALLOW") {
        emit({
          file: c.file,
          span: c.options.get("features.json_format")?.span ?? c.span,
          against: p.file,
          message: `Enum ${q(c.name)} JSON format support changed from ${p.features.json_format} to ${c.features.json_format}.`,
        });
      }
    }
  },
};

function valueNoDelete(id: string, unless: "number" | "name" | undefined): RuleImpl {
  return {
    id,
    run(cur, prev, emit) {
      for (const [c, p] of enumPairs(cur, prev)) {
        const now = numberToNameToValue(c);
        for (const [num, names] of numberToNameToValue(p)) {
          if (now.has(num)) continue;
          if (unless === "number" && c.reservedRanges.some(([a, b]) => num >= a && num <= b)) continue;
          const sorted = [...names.keys()].sort();
          if (unless === "name" && sorted.every((n) => c.reservedNames.includes(n))) continue;
          const suffix =
            unless === "number"
              ? ` without reserving the number "${num}"`
              : unless === "name"
                ? ` without reserving the name${sorted.length > 1 ? "s" : ""} ${sorted.map(q).join(", ")}`
                : "";
          emit({ file: c.file, span: c.span, against: p.file, message: `Previously present enum value "${num}" on enum ${q(c.name)} was deleted${suffix}.` });
        }
      }
    },
  };
}

const enumValueSameName: RuleImpl = {
  id: "ENUM_VALUE_SAME_NAME",
  run(cur, prev, emit) {
    for (const [c, p] of enumPairs(cur, prev)) {
      const now = numberToNameToValue(c);
      for (const [num, pnames] of numberToNameToValue(p)) {
        const cnames = now.get(num);
        if (!cnames) continue;
        const prevSorted = [...pnames.keys()].sort();
        const curSorted = [...cnames.keys()].sort();
        // every current name must have existed before
        if (curSorted.every((n) => pnames.has(n))) continue;
        const suffix = prevSorted.length > 1 && curSorted.length > 1 ? "s" : "";
        for (const v of cnames.values()) {
          emit({
            file: c.file,
            span: v.numberSpan,
            against: p.file,
            message: `Enum value "${num}" on enum ${q(c.name)} changed name${suffix} from ${prevSorted.map(q).join(", ")} to ${curSorted.map(q).join(", ")}.`,
          });
        }
      }
    }
  },
};

const reservedEnumNoDelete: RuleImpl = {
  id: "RESERVED_ENUM_NO_DELETE",
  run(cur, prev, emit) {
    for (const [c, p] of enumPairs(cur, prev)) {
      checkRanges(emit, "reserved", "enum", c, p, p.reservedRanges, c.reservedRanges, ENUM_MAX);
      const names = new Set(c.reservedNames);
      for (const n of new Set(p.reservedNames)) {
        if (!names.has(n)) emit({ file: c.file, span: c.span, against: p.file, message: `Previously present reserved name ${q(n)} on enum ${q(c.name)} was deleted.` });
      }
    }
  },
};

export const enumRules: RuleImpl[] = [
  enumNoDelete,
  enumSameType,
  enumSameJsonFormat,
  valueNoDelete("ENUM_VALUE_NO_DELETE", undefined),
  valueNoDelete("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "number"),
  valueNoDelete("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "name"),
  enumValueSameName,
  reservedEnumNoDelete,
];
