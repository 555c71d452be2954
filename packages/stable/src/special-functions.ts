/**
 * Special functions the package needs and JavaScript lacks: erfc (W. J. Cody's
 * rational approximations, relative error below 1e-15) and log Γ (Lanczos,
 * g = 607/128, 15 terms; relative error about 1e-15).
 */

const SQRT_PI_INV = 0.5641895835477562869480794515607726;

function erfcCodyNear(x: number): number {
  // |x| in [0.5, 4]: erfc(x) = exp(-x^2) P(x)/Q(x)
  const p = [
    5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2,
    8.8195222124176909e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3,
    2.15311535474403846e-8,
  ];
  const q = [
    1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
    3.29079923573345963e3, 4.3626190901432471e3, 3.43936767414372164e3, 1.23033935480374942e3,
  ];
  let num = p[8] * x;
  let den = x;
  for (let i = 0; i < 7; i++) {
    num = (num + p[i]) * x;
    den = (den + q[i]) * x;
  }
  const r = (num + p[7]) / (den + q[7]);
  return expMinusSquare(x) * r;
}

function erfcCodyFar(x: number): number {
  // x > 4: erfc(x) = exp(-x^2)/x (1/sqrt(pi) + R(1/x^2)/x^2)
  const p = [
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
    6.58749161529837803e-4, 1.63153871373020978e-2,
  ];
  const q = [
    2.56852019228982242, 1.87295284992346725, 5.27905102951428412e-1, 6.05183413124413191e-2,
    2.33520497626869185e-3,
  ];
  const z = 1 / (x * x);
  let num = p[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + p[i]) * z;
    den = (den + q[i]) * z;
  }
  let r = (z * (num + p[4])) / (den + q[4]);
  r = (SQRT_PI_INV - r) / x;
  return expMinusSquare(x) * r;
}

/** exp(−x²) without the cancellation of squaring a rounded x (Cody's split). */
function expMinusSquare(x: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-xs * xs) * Math.exp(-del);
}

function erfSmall(x: number): number {
  // |x| < 0.5: erf(x) = x P(x^2)/Q(x^2)
  const a = [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
  const b = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
  const z = x * x;
  let num = a[4] * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + a[i]) * z;
    den = (den + b[i]) * z;
  }
  return (x * (num + a[3])) / (den + b[3]);
}

/** Complementary error function erfc(x) = 1 − erf(x), accurate in both tails. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) return 1 - erfSmall(x);
  if (ax <= 4) r = erfcCodyNear(ax);
  else if (ax < 27) r = erfcCodyFar(ax);
  else r = 0;
  return x < 0 ? 2 - r : r;
}

/** Error function erf(x). */
export function erf(x: number): number {
  if (Math.abs(x) < 0.5) return erfSmall(x);
  return 1 - erfc(x);
}

const LANCZOS_G = 607 / 128;
const LANCZOS_C = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
  0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3,
  0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];
const HALF_LOG_TWO_PI = 0.91893853320467274178;

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS_C[0];
  for (let i = 1; i < 15; i++) s += LANCZOS_C[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Γ(x) for x > 0. */
export function gamma(x: number): number {
  return Math.exp(logGamma(x));
}
