import type { Detector } from "../check/rule.js";
import { adrDetectors } from "./adr/index.js";
import { configWithoutReload } from "./config/config-without-reload.js";
import { hardcodedEndpoint } from "./config/hardcoded-endpoint.js";
import { hardcodedSecret } from "./config/hardcoded-secret.js";
import { crossServiceImport } from "./cross-service-import.js";
import { cyclicRpc } from "./cyclic-rpc.js";
import { moduleCycle } from "./module-cycle.js";
import { crossServiceTableAccess } from "./data/cross-service-table-access.js";
import { sharedDatabase } from "./data/shared-database.js";
import { parseError } from "./parse-error.js";
import { identicalProbes, missingProbe, probePortMismatch, probeTiming, shutdownGrace } from "./probes/index.js";
import { selectStar } from "./select-star.js";
import { missingCircuitBreaker, missingHttpTimeout, missingRpcDeadline, timeoutBudget, unboundedRetry } from "./resilience/index.js";
import { suppressionReason } from "./suppression-reason.js";

/** Every detector a rule YAML can name in its `detector:` field. */
export const detectors: ReadonlyMap<string, Detector> = new Map(
  [parseError, selectStar, suppressionReason, missingProbe, identicalProbes, probePortMismatch, probeTiming, shutdownGrace, ...adrDetectors, sharedDatabase, crossServiceTableAccess, cyclicRpc, crossServiceImport, moduleCycle, hardcodedEndpoint, hardcodedSecret, configWithoutReload, missingRpcDeadline, missingHttpTimeout, unboundedRetry, timeoutBudget, missingCircuitBreaker].map((d) => [d.name, d]),
);
