import type { SqlFact, SqlStar } from "../extract/facts.js";
import type { Detector } from "../check/rule.js";

/**
 * `SELECT *` and `alias.*` in SQL, from `.sql` files and from strings in code. The model's SQL
 * facts come from a real parser, so `COUNT(*)`, comments and prose never get here.
 */
export const selectStar: Detector = {
  name: "sql-select-star",
  defaults: { allowInExists: true, allowInSubqueries: false, skipTests: false },
  run({ model, params, report }) {
    for (const file of model.files) {
      if (file.isTest && params.skipTests === true) continue;
      for (const fact of file.facts) {
        if (fact.kind !== "sql") continue;
        for (const star of fact.stars) {
          if (star.inExists && params.allowInExists !== false) continue;
          if (star.inSubquery && !star.inExists && params.allowInSubqueries === true) continue;
          report({
            message: message(fact, star),
            file: file.path,
            line: star.loc.line,
            column: star.loc.column,
            endLine: star.loc.endLine,
            endColumn: star.loc.endColumn,
            service: file.service,
          });
        }
      }
    }
  },
};

function message(fact: SqlFact, star: SqlStar): string {
  const what = star.qualifier ? `${star.qualifier}.*` : "SELECT *";
  const tables = star.tables.length ? star.tables.join(", ") : "a table named at run time";
  if (fact.statement === "create") {
    return `${what} in a view fixes its columns when the view is created and hides which columns of ${tables} it depends on; list them.`;
  }
  const reads = fact.resultProperties?.length ? ` The code reads ${fact.resultProperties.join(", ")}: select those.` : "";
  const where = star.inSubquery ? " (in a subquery)" : "";
  return `${what}${where} reads every column of ${tables}; list the columns this query needs.${reads}`;
}
