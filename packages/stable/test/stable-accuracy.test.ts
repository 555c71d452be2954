/**
 * pdf, cdf and sf against the mpmath reference (see stable-reference.ts):
 * pointwise in both parameterizations, bulk (tables) in S1. The S0 bulk
 * checks build the same tables again and run with the long tests.
 */
import { referenceSuite } from "./stable-reference.js";

referenceSuite("S1", { pointwise: true, bulk: true });
referenceSuite("S0", { pointwise: true, bulk: false });
