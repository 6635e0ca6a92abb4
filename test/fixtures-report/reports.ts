import type { Report, RuleMeta } from "../../src/check/finding.js";

/** Frozen inputs for the reporter tests. Do not "tidy" them: the expected strings depend on them. */

export const rules: RuleMeta[] = [
  {
    id: "select-star",
    title: "Avoid SELECT *",
    severity: "error",
    category: "data",
    description: "SELECT * couples a service to every column of a table, including ones added later.",
    remediation: "List the columns the query needs",
    doc: "# select-star\n\nList the columns the query needs.\n",
    helpUri: "https://example.com/rules/select-star",
  },
  {
    id: "hardcoded-endpoint",
    title: "Hardcoded service endpoint",
    severity: "warning",
    category: "coupling",
    description: "A literal host name ties a service to one deployment.",
    remediation: "Read the endpoint from configuration.",
    helpUri: "rules/hardcoded-endpoint.md",
  },
  {
    id: "hardcoded-secret",
    title: "Hardcoded secret",
    severity: "error",
    category: "security",
    description: "A credential in source code leaks to everyone who can read the repository.",
    remediation: "Read the secret from a secret store.",
  },
  {
    id: "missing-readiness-probe",
    title: "Workload without readiness probe",
    severity: "info",
    category: "resilience",
    description: "Without a readiness probe traffic reaches pods that are not ready.",
    remediation: "Add a readinessProbe to the container.",
  },
];

/** Deliberately out of order: reporters sort. */
export const report: Report = {
  tool: { name: "archlint", version: "0.1.0" },
  findings: [
    {
      ruleId: "select-star",
      severity: "error",
      message: "SELECT * reads every column of orders; list the columns this query needs.",
      location: { file: "services/orders/src/repository.ts", line: 11, column: 33, endLine: 11, endColumn: 69 },
      service: "orders",
      fingerprint: "a1b2c3d4e5f60718",
    },
    {
      ruleId: "missing-readiness-probe",
      severity: "info",
      message: "Deployment orders has no readinessProbe",
      location: { file: "services/orders/k8s/deployment.yaml", line: 17 },
      service: "orders",
      related: [
        { file: "services/orders/src/main.ts", line: 4, column: 1, message: "the HTTP server starts here" },
      ],
      fingerprint: "0f1e2d3c4b5a6978",
    },
    {
      ruleId: "hardcoded-endpoint",
      severity: "warning",
      message:
        "Endpoint http://payments:8080/charge is hardcoded, 100% tied to one cluster | see @shop/payments\nMove it to config [ENV], e.g. `PAYMENTS_URL`.",
      location: { file: "services/orders/src/repository.ts", line: 3, column: 21, endLine: 4, endColumn: 2 },
      service: "orders",
      related: [
        { file: "services/payments/k8s/service.yaml", line: 2, column: 7, message: "payments Service, port 8080" },
        { file: "services/payments/src/main.ts", line: 9, message: "payments listens here" },
      ],
      fingerprint: "99aa88bb77cc66dd",
    },
    {
      ruleId: "parse-error",
      severity: "error",
      message: "Cannot parse YAML: bad indentation of a mapping entry (3:5)",
      location: { file: "services/orders/k8s/deployment.yaml", line: 3, column: 5 },
      fingerprint: "feedfacecafebeef",
    },
  ],
  rules,
  summary: {
    errors: 2,
    warnings: 1,
    infos: 1,
    filesScanned: 12,
    services: 2,
    suppressed: 1,
    baselined: 2,
  },
  staleBaseline: [
    { ruleId: "select-star", file: "services/payments/src/db.ts", fingerprint: "deadbeef00000001" },
    { ruleId: "hardcoded-secret", file: "services/auth/src/config.ts", fingerprint: "deadbeef00000002" },
  ],
};

export const emptyReport: Report = {
  tool: { name: "archlint", version: "0.1.0" },
  findings: [],
  rules,
  summary: { errors: 0, warnings: 0, infos: 0, filesScanned: 12, services: 2, suppressed: 0, baselined: 0 },
  staleBaseline: [],
};
