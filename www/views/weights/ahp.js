// Goal weights (AHP): the Saaty 1-9 scale as a 17-step slider, and the pairwise matrix it fills.
// No DOM: unit-tested in node (weights-ahp.test.mjs).
//
// A slider position p runs from -8 to +8:
//   p = -8 .. -1: the row item ("A") is more important, judgement a_AB = 1 - p (9 .. 2)
//   p = 0:        equal (1)
//   p = 1 .. 8:   the column item ("B") is more important, a_AB = 1 / (1 + p) (1/2 .. 1/9)

export const MAX_ITEMS = 15; // what the engine's AHP accepts (docs/decisions-contract.md)
export const CR_LIMIT = 0.1;
/** The largest judgement on Saaty's scale (and the engine's bound on a matrix entry). */
export const MAX_JUDGEMENT = 9;

/** Saaty's verbal scale, by intensity 1..9. */
export const VERBAL = {
  1: "equally important",
  2: "equally to moderately more important",
  3: "moderately more important",
  4: "moderately to strongly more important",
  5: "strongly more important",
  6: "strongly to very strongly more important",
  7: "very strongly more important",
  8: "very strongly to extremely more important",
  9: "extremely more important",
};

/** Short labels for the slider's tick marks, by intensity. */
export const SHORT = { 1: "equal", 3: "moderate", 5: "strong", 7: "very strong", 9: "extreme" };

/** The matrix entry a_AB of a slider position (-8..8). */
export function positionToValue(p) {
  const q = Math.max(-8, Math.min(8, Math.round(Number(p) || 0)));
  return q <= 0 ? 1 - q : 1 / (1 + q);
}

/** The slider position (-8..8) nearest to a matrix entry a_AB > 0 (on a log scale). */
export function valueToPosition(v) {
  if (!(v > 0) || !Number.isFinite(v)) return v === Infinity ? -8 : 0;
  const intensity = v >= 1 ? v : 1 / v;
  // Nearest of 1..9 on the log scale (so 1/x and x round the same way).
  let best = 1;
  for (let k = 1; k <= 9; k += 1) {
    if (Math.abs(Math.log(k) - Math.log(intensity)) < Math.abs(Math.log(best) - Math.log(intensity))) best = k;
  }
  if (best === 1) return 0;
  return v >= 1 ? 1 - best : best - 1;
}

/** {favours: "a"|"b"|"equal", intensity: 1..9} of a slider position. */
export function describePosition(p) {
  const q = Math.max(-8, Math.min(8, Math.round(Number(p) || 0)));
  if (q === 0) return { favours: "equal", intensity: 1 };
  return { favours: q < 0 ? "a" : "b", intensity: Math.abs(q) + 1 };
}

/** The words a person reads for a judgement between A and B: "A strongly more important than B (5)". */
export function judgementText(p, a, b) {
  const { favours, intensity } = describePosition(p);
  if (favours === "equal") return `${a} and ${b} equally important (1)`;
  const [x, y] = favours === "a" ? [a, b] : [b, a];
  return `${x} ${VERBAL[intensity]} than ${y} (${intensity})`;
}

/** A matrix entry as a person writes it: 5 -> "5", 0.2 -> "1/5", 1.5 -> "1.5". */
export function entryText(v) {
  if (!(v > 0)) return String(v);
  if (v >= 1) return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  const inv = 1 / v;
  return Math.abs(inv - Math.round(inv)) < 1e-9 ? `1/${Math.round(inv)}` : String(Math.round(v * 1000) / 1000);
}

/** The pairs (i < j) of n items, in reading order: [[0,1],[0,2],...,[n-2,n-1]]. */
export function pairs(n) {
  const out = [];
  for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) out.push([i, j]);
  return out;
}

/** The reciprocal n x n matrix of slider positions ({"i,j": p} for i < j; missing ones equal). */
export function matrixFromPositions(n, positions) {
  const m = Array.from({ length: n }, () => Array(n).fill(1));
  for (const [i, j] of pairs(n)) {
    const v = positionToValue(positions[`${i},${j}`] ?? 0);
    m[i][j] = v;
    m[j][i] = 1 / v;
  }
  return m;
}

/** Slider positions from a matrix (each upper entry rounded to the scale). */
export function positionsFromMatrix(matrix) {
  const out = {};
  for (const [i, j] of pairs(matrix.length)) out[`${i},${j}`] = valueToPosition(matrix[i][j]);
  return out;
}

/**
 * Slider positions from weights: each pair at the ratio w_i / w_j rounded to the scale (ratios above 9
 * become 9). A zero weight against a positive one is "extremely" less important; two zeros are equal.
 */
export function positionsFromWeights(weights) {
  const out = {};
  const n = weights.length;
  for (const [i, j] of pairs(n)) {
    const a = Math.max(0, Number(weights[i]) || 0);
    const b = Math.max(0, Number(weights[j]) || 0);
    let p = 0;
    if (a > 0 && b > 0) p = valueToPosition(a / b);
    else if (a > 0) p = -8;
    else if (b > 0) p = 8;
    out[`${i},${j}`] = p;
  }
  return out;
}

/**
 * The pairwise matrix of the weights themselves: a_ij = w_i / w_j (the matrix whose principal
 * eigenvector is exactly the weights, normalised, with CR 0). Saaty's scale stops at 9, and so does
 * the engine: a ratio beyond 9 (or 1/9) is held at 9 (1/9), a positive weight against a zero one is
 * 9, two zero weights are equal. `exact` is false when any entry had to be held so; the matrix then
 * gives other weights than these.
 */
export function ratioMatrix(weights) {
  const n = weights.length;
  const w = weights.map((x) => Math.max(0, Number(x) || 0));
  const m = Array.from({ length: n }, () => Array(n).fill(1));
  let exact = true;
  for (const [i, j] of pairs(n)) {
    let v = 1;
    if (w[i] > 0 && w[j] > 0) v = w[i] / w[j];
    else if (w[i] > 0 || w[j] > 0) {
      v = w[i] > 0 ? Infinity : 0;
      exact = false;
    }
    if (v > MAX_JUDGEMENT || v < 1 / MAX_JUDGEMENT) {
      v = v > 1 ? MAX_JUDGEMENT : 1 / MAX_JUDGEMENT;
      exact = false;
    }
    m[i][j] = v;
    m[j][i] = 1 / v;
  }
  return { matrix: m, exact };
}

/**
 * The matrix of the judgements: `base` (the pre-filled matrix) for the pairs nobody has moved, the
 * slider's value for the pairs in `moved` (a Set of "i,j").
 */
export function judgementMatrix(base, positions, moved) {
  const n = base.length;
  const m = base.map((row) => row.slice());
  for (const [i, j] of pairs(n)) {
    if (!moved.has(`${i},${j}`)) continue;
    const v = positionToValue(positions[`${i},${j}`] ?? 0);
    m[i][j] = v;
    m[j][i] = 1 / v;
  }
  return m;
}

/**
 * The saved judgements ({goals, matrix} from engine.goalJudgements()) arranged for `ids` (the current
 * top-level goals, in their order), or null when they are not about exactly these goals.
 */
export function savedMatrixFor(saved, ids) {
  if (!saved || !Array.isArray(saved.goals) || !Array.isArray(saved.matrix)) return null;
  if (saved.goals.length !== ids.length) return null;
  const at = new Map(saved.goals.map((g, k) => [g, k]));
  if (!ids.every((id) => at.has(id))) return null;
  return ids.map((a) => ids.map((b) => Number(saved.matrix[at.get(a)]?.[at.get(b)])));
}
