// A uniform grid over points: which points lie in a rectangle, which one is nearest a point. The
// canvas renderer of the strategy graph culls and hit-tests its nodes with it.

/** Uniform grid over points (xs[i], ys[i]): cell lists in CSR form. */
export class GridIndex {
  constructor(xs, ys, n, bounds) {
    const w = Math.max(bounds.x1 - bounds.x0, 1e-9);
    const h = Math.max(bounds.y1 - bounds.y0, 1e-9);
    // about two points per cell, at most 1M cells
    const cells = Math.min(1 << 20, Math.max(1, Math.ceil(n / 2)));
    let cs = Math.sqrt((w * h) / cells);
    if (!(cs > 0)) cs = Math.max(w, h);
    cs = Math.max(cs, w / 4096, h / 4096);
    this.x0 = bounds.x0;
    this.y0 = bounds.y0;
    this.cs = cs;
    this.gw = Math.max(1, Math.ceil(w / cs) + 1);
    this.gh = Math.max(1, Math.ceil(h / cs) + 1);
    const ncell = this.gw * this.gh;
    const start = new Uint32Array(ncell + 1);
    const cellOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cell(xs[i], ys[i]);
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < ncell; c++) start[c + 1] += start[c];
    const fill = start.slice(0, ncell);
    const items = new Uint32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
    this.start = start;
    this.items = items;
  }
  cell(x, y) {
    const cx = Math.min(this.gw - 1, Math.max(0, Math.floor((x - this.x0) / this.cs)));
    const cy = Math.min(this.gh - 1, Math.max(0, Math.floor((y - this.y0) / this.cs)));
    return cy * this.gw + cx;
  }
  /** Calls fn(i) for every point in cells overlapping [x0, x1] x [y0, y1]. */
  visit(x0, y0, x1, y1, fn) {
    const cx0 = Math.max(0, Math.floor((x0 - this.x0) / this.cs));
    const cx1 = Math.min(this.gw - 1, Math.floor((x1 - this.x0) / this.cs));
    const cy0 = Math.max(0, Math.floor((y0 - this.y0) / this.cs));
    const cy1 = Math.min(this.gh - 1, Math.floor((y1 - this.y0) / this.cs));
    for (let cy = cy0; cy <= cy1; cy++) {
      const row = cy * this.gw;
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = row + cx;
        for (let p = this.start[c], e = this.start[c + 1]; p < e; p++) fn(this.items[p]);
      }
    }
  }
  /** The point nearest (x, y) within radius r, or -1; points with skip[i] set are left out. */
  nearest(xs, ys, x, y, r, skip = null) {
    let best = -1;
    let bestD = r * r;
    this.visit(x - r, y - r, x + r, y + r, (i) => {
      if (skip && skip[i]) return;
      const dx = xs[i] - x;
      const dy = ys[i] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }
}
