import type { Detector } from "../../check/rule.js";
import { adrUncheckedConstraints } from "./constraints.js";
import { adrDate, adrStatus } from "./metadata.js";
import { adrNumbering } from "./numbering.js";
import { adrRollbackPlan } from "./rollback.js";
import { adrLocalLinks, adrPlaceholders, adrSections } from "./structure.js";
import { adrSupersedeLinks } from "./supersede.js";
import { adrWaiver } from "./waiver.js";

/** The detectors of the decision rules (`rules/adr-*.yaml`, category `decisions`). */
export const adrDetectors: Detector[] = [
  adrStatus,
  adrDate,
  adrNumbering,
  adrSections,
  adrPlaceholders,
  adrLocalLinks,
  adrSupersedeLinks,
  adrRollbackPlan,
  adrUncheckedConstraints,
  adrWaiver,
];
