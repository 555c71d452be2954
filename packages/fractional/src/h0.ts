/**
 * h₀(α): the Grünwald step for which b_{h,0} = −f′ exactly (§4, after eq. 4.8).
 * With K = 0 the consistent operator gives b_{h,0} = −2c_γ h^{2−α} f′ (ε cancels), so
 * h₀ = [cos((α − 2)π/2)]^{1/(2−α)} (α = 1.9: 0.884; 1.5: 0.5; 1.1: 0.127).
 * The paper prints [2ε^{−α} cos((α−2)π/2)]^{1/(2−α)}, which is right only for φ = e^{−f}
 * and a k = 0 weight of 1 (notes/fractional-drift.md). `literal: true` gives the step for
 * the literal variant (k = 0 weight 1): [2 cos((α − 2)π/2)]^{1/(2−α)}.
 */
import { checkOpen } from "./validate.js";

export function h0(alpha: number, options: { literal?: boolean } = {}): number {
  checkOpen("alpha", alpha, 1, 2);
  const c = Math.cos(((alpha - 2) * Math.PI) / 2);
  return Math.pow(options.literal ? 2 * c : c, 1 / (2 - alpha));
}
