import type { Detector } from "../check/rule.js";

/** Files that could not be read or parsed: one finding each, so a broken file never goes unnoticed. */
export const parseError: Detector = {
  name: "parse-error",
  defaults: {},
  run({ model, report }) {
    for (const file of model.files) {
      if (!file.parseError) continue;
      report({
        message: `${file.path} could not be analysed: ${file.parseError.message}.`.replace(/\.\.$/, "."),
        file: file.path,
        line: file.parseError.line ?? 1,
        column: file.parseError.column ?? 1,
        service: file.service,
      });
    }
  },
};
