/**
 * Globally adaptive Gauss–Kronrod quadrature (G10/K21 rule, QUADPACK's QAG
 * strategy and error heuristic). Used to evaluate the Zolotarev integrals of
 * the stable law. Scratch arrays are module-level and reused: no allocation per call.
 */

/** An integrand: an object with a monomorphic `value` method keeps V8's call site fast. */
export interface Integrand {
  value(x: number): number;
}

const XGK = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
  0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
  0.14887433898163121088482600112972, 0,
];
const WGK = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939, 0.05475589657435199603138130024458,
  0.07503967481091995276704314091619, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.123491976262065851077600525843698, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
  0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
];
/** 10-point Gauss weights at XGK[1], XGK[3], ..., XGK[9]. */
const WG = [
  0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
  0.269266719309996355091226921569469, 0.295524224714752870173892994651338,
];

const EPMACH = 2.220446049250313e-16;
const UFLOW = 2.2250738585072014e-308;

let ruleError = 0;

/** One K21 rule on [a, b]; sets `ruleError` to QUADPACK's error estimate. */
function kronrod21(f: Integrand, a: number, b: number): number {
  const centr = 0.5 * (a + b);
  const hlgth = 0.5 * (b - a);
  const dhlgth = Math.abs(hlgth);
  const fc = f.value(centr);
  let resg = 0;
  let resk = WGK[10] * fc;
  let resabs = Math.abs(resk);
  const fv1 = FV1;
  const fv2 = FV2;
  for (let j = 0; j < 5; j++) {
    const jtw = 2 * j + 1;
    const absc = hlgth * XGK[jtw];
    const f1 = f.value(centr - absc);
    const f2 = f.value(centr + absc);
    fv1[jtw] = f1;
    fv2[jtw] = f2;
    resg += WG[j] * (f1 + f2);
    resk += WGK[jtw] * (f1 + f2);
    resabs += WGK[jtw] * (Math.abs(f1) + Math.abs(f2));
  }
  for (let j = 0; j < 5; j++) {
    const jtwm1 = 2 * j;
    const absc = hlgth * XGK[jtwm1];
    const f1 = f.value(centr - absc);
    const f2 = f.value(centr + absc);
    fv1[jtwm1] = f1;
    fv2[jtwm1] = f2;
    resk += WGK[jtwm1] * (f1 + f2);
    resabs += WGK[jtwm1] * (Math.abs(f1) + Math.abs(f2));
  }
  const reskh = resk * 0.5;
  let resasc = WGK[10] * Math.abs(fc - reskh);
  for (let j = 0; j < 10; j++) resasc += WGK[j] * (Math.abs(fv1[j] - reskh) + Math.abs(fv2[j] - reskh));
  const result = resk * hlgth;
  resabs *= dhlgth;
  resasc *= dhlgth;
  let abserr = Math.abs((resk - resg) * hlgth);
  if (resasc !== 0 && abserr !== 0) abserr = resasc * Math.min(1, Math.pow((200 * abserr) / resasc, 1.5));
  if (resabs > UFLOW / (50 * EPMACH)) abserr = Math.max(EPMACH * 50 * resabs, abserr);
  ruleError = abserr;
  return result;
}

const FV1 = new Float64Array(10);
const FV2 = new Float64Array(10);

const MAX_INTERVALS = 400;
const LO = new Float64Array(MAX_INTERVALS);
const HI = new Float64Array(MAX_INTERVALS);
const VAL = new Float64Array(MAX_INTERVALS);
const ERR = new Float64Array(MAX_INTERVALS);

/** Result of the last `integrate` call: estimated absolute error and rule evaluations. */
export const lastQuadrature = { error: 0, intervals: 0 };

/**
 * ∫_a^b f, refined until the estimated error is below max(absTol, relTol·|∫|)
 * or `maxIntervals` subintervals are in use. Splitting points in `breaks`
 * (strictly inside (a, b), increasing) start the subdivision where the caller
 * knows the integrand has a peak.
 */
export function integrate(
  f: Integrand,
  a: number,
  b: number,
  relTol: number,
  absTol = 0,
  breaks?: ArrayLike<number>,
  maxIntervals = 200,
): number {
  const limit = Math.min(maxIntervals, MAX_INTERVALS);
  let n = 0;
  let total = 0;
  let totalErr = 0;
  let left = a;
  const nb = breaks ? breaks.length : 0;
  for (let i = 0; i <= nb; i++) {
    const right = i < nb ? (breaks as ArrayLike<number>)[i] : b;
    if (right > left) {
      const v = kronrod21(f, left, right);
      LO[n] = left;
      HI[n] = right;
      VAL[n] = v;
      ERR[n] = ruleError;
      total += v;
      totalErr += ruleError;
      n++;
      left = right;
    }
  }
  while (totalErr > Math.max(absTol, relTol * Math.abs(total)) && n < limit) {
    // bisect the interval with the largest error
    let k = 0;
    for (let i = 1; i < n; i++) if (ERR[i] > ERR[k]) k = i;
    const lo = LO[k];
    const hi = HI[k];
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break; // interval cannot be split further in floating point
    const v1 = kronrod21(f, lo, mid);
    const e1 = ruleError;
    const v2 = kronrod21(f, mid, hi);
    const e2 = ruleError;
    total += v1 + v2 - VAL[k];
    totalErr += e1 + e2 - ERR[k];
    HI[k] = mid;
    VAL[k] = v1;
    ERR[k] = e1;
    LO[n] = mid;
    HI[n] = hi;
    VAL[n] = v2;
    ERR[n] = e2;
    n++;
  }
  // re-sum to remove drift from the running updates
  let s = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    s += VAL[i];
    e += ERR[i];
  }
  lastQuadrature.error = e;
  lastQuadrature.intervals = n;
  return s;
}
