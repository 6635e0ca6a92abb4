/** The Kubernetes probe and shutdown detectors (issue 5). */
export { identicalProbes } from "./identical-probes.js";
export { missingProbe } from "./missing-probe.js";
export { probePortMismatch } from "./probe-port-mismatch.js";
export { probeTiming } from "./probe-timing.js";
export { shutdownGrace } from "./shutdown-grace.js";
