// Budget: the efficient frontier's geometry and the slider's steps. No DOM (unit-tested in node).

/** A round slider step giving about `steps` positions between 0 and total: 20.12M -> 100k. */
export function sliderStep(total, steps = 200) {
  if (!(total > 0) || !Number.isFinite(total)) return 1;
  const raw = total / steps;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  const nice = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
  return nice * p;
}

/** A multiple of step without float noise: 160 * 0.1 -> 16. */
export function roundToStep(v, step) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((Math.round(v / step) * step).toFixed(decimals));
}

/** The slider's top: total cost rounded up to a whole step (so the full portfolio is reachable). */
export function sliderMax(total, step) {
  if (!(total > 0)) return 0;
  const k = Math.ceil(total / step - 1e-9);
  return roundToStep(k * step, step);
}

/** Frontier points sorted by budget (a copy). */
export function sortedPoints(points) {
  return [...(points ?? [])].sort((a, b) => a.budget - b.budget);
}

/**
 * The SVG path of the step line through sorted points: the optimal value holds from one budget until
 * the next point's budget, then steps up. `x`, `y` map budget and value to pixels; `xEnd` (a budget)
 * extends the last level to the right.
 */
export function stepPath(points, x, y, xEnd) {
  const pts = sortedPoints(points);
  if (!pts.length) return "";
  const r = (v) => Math.round(v * 100) / 100;
  let d = `M${r(x(pts[0].budget))},${r(y(pts[0].value))}`;
  for (let k = 1; k < pts.length; k += 1) {
    d += `H${r(x(pts[k].budget))}V${r(y(pts[k].value))}`;
  }
  if (xEnd != null && xEnd > pts[pts.length - 1].budget) d += `H${r(x(xEnd))}`;
  return d;
}

/** The frontier point with the largest budget at most `budget` (the step the budget falls on), or null. */
export function pointAt(points, budget) {
  let best = null;
  for (const p of sortedPoints(points)) if (p.budget <= budget + 1e-9) best = p;
  return best;
}

/**
 * What the chosen portfolio leaves out of the full one: the candidates (eligible active initiatives, in
 * the given order) that are not selected.
 */
export function droppedOut(candidates, selected) {
  const chosen = new Set(selected);
  return candidates.filter((id) => !chosen.has(id));
}
