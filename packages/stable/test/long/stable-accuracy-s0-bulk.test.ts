/** Bulk (table) evaluation against the mpmath reference in the S0 parameterization. */
import { referenceSuite } from "../stable-reference.js";

referenceSuite("S0", { pointwise: false, bulk: true });
