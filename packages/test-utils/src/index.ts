export { closeness, expectClose, expectAllClose } from "./tolerance.js";
export type { Tolerance, CloseResult, CaseReport } from "./tolerance.js";
