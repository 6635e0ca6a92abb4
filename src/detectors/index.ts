import type { Detector } from "../check/rule.js";
import { parseError } from "./parse-error.js";
import { selectStar } from "./select-star.js";
import { suppressionReason } from "./suppression-reason.js";

/** Every detector a rule YAML can name in its `detector:` field. */
export const detectors: ReadonlyMap<string, Detector> = new Map(
  [parseError, selectStar, suppressionReason].map((d) => [d.name, d]),
);
