// Level of detail for the canvas graph: nodes too small to show their shape (a few pixels) are written
// straight into a pixel buffer and put on the chart in one image, which costs a fraction of drawing
// thousands of small rectangles (browsers without a GPU rasterise every one of them).

import { rgb } from "d3-color";

/** The colours of a palette as 32-bit RGBA words (little-endian: 0xAABBGGRR) at alpha `alpha` (0-1). */
export function paletteWords(palette, alpha) {
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255);
  return Uint32Array.from(palette, (c) => {
    const v = rgb(c);
    const r = Number.isFinite(v.r) ? v.r : 128;
    const g = Number.isFinite(v.g) ? v.g : 128;
    const b = Number.isFinite(v.b) ? v.b : 128;
    return ((a << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
  });
}

/**
 * Fills square `s` px wide at device pixel (x, y) (its centre) in `buf` (width w, height h) with
 * `word`; clipped to the buffer.
 */
export function fillSquare(buf, w, h, x, y, s, word) {
  const half = s >> 1;
  const x0 = Math.max(0, Math.round(x) - half);
  const y0 = Math.max(0, Math.round(y) - half);
  const x1 = Math.min(w, Math.round(x) - half + s);
  const y1 = Math.min(h, Math.round(y) - half + s);
  for (let yy = y0; yy < y1; yy++) buf.fill(word, yy * w + x0, yy * w + x1);
}

/** A layer of small nodes: draw(ctx, nodes...) puts them on `ctx` as one image. */
export function createPixelLayer() {
  let canvas = null;
  let lctx = null;
  let image = null;
  let buf = null;
  return {
    /**
     * Writes the `count` nodes of `list` at device positions (x(i), y(i)), each a square of side
     * size(i) px in colour word(i) (0 skips a node), and draws the layer on ctx (device pixels).
     */
    draw(ctx, w, h, list, count, x, y, size, word) {
      if (!canvas || canvas.width !== w || canvas.height !== h) {
        canvas = document.createElement("canvas");
        canvas.width = w;
        canvas.height = h;
        lctx = canvas.getContext("2d");
        image = lctx.createImageData(w, h);
        buf = new Uint32Array(image.data.buffer);
      }
      buf.fill(0);
      for (let p = 0; p < count; p++) {
        const i = list[p];
        const c = word(i);
        if (c) fillSquare(buf, w, h, x(i), y(i), size(i), c);
      }
      lctx.putImageData(image, 0, 0);
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(canvas, 0, 0);
      ctx.restore();
    },
  };
}
