// The tab bar at narrow widths: every view's tab is on screen (the tabs wrap onto more lines rather
// than scroll out of the bar unseen), the arrow keys reach every tab, and a click opens the view.

import assert from "node:assert/strict";

/** Resizes the page's viewport with either driver (Playwright or Puppeteer). */
async function resize(s, width, height) {
  if (s.page.setViewportSize) await s.page.setViewportSize({ width, height });
  else await s.page.setViewport({ width, height });
  await s.driver.waitForFunction((w) => window.innerWidth === w, width);
}

/**
 * Each tab as a person sees it: its box, whether it lies inside the window and is not cut off by the
 * tab bar, and whether it is what the window shows at its centre (nothing scrolled or laid over it).
 */
function tabsOnScreen(s) {
  return s.page.evaluate(() => {
    const nav = document.querySelector('nav[aria-label="Views"]');
    const bar = nav.getBoundingClientRect();
    return [...nav.querySelectorAll('[role="tab"]')].map((t) => {
      const r = t.getBoundingClientRect();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      const hit = document.elementFromPoint(cx, cy);
      return {
        view: t.dataset.view,
        text: t.textContent.trim(),
        box: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)],
        inWindow: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth + 0.5 && r.top >= 0 && r.bottom <= window.innerHeight,
        inBar: r.left >= bar.left - 0.5 && r.right <= bar.right + 0.5 && r.top >= bar.top - 0.5 && r.bottom <= bar.bottom + 0.5,
        atCentre: !!hit && (hit === t || t.contains(hit)),
      };
    });
  });
}

async function expectEveryTabVisible(s, what) {
  await s.page.evaluate(() => window.scrollTo(0, 0));
  const tabs = await tabsOnScreen(s);
  assert.ok(tabs.length >= 12, `${what}: ${tabs.length} tabs`);
  const hidden = tabs.filter((t) => !(t.inWindow && t.inBar && t.atCentre));
  assert.deepEqual(hidden.map((t) => `${t.text} at ${t.box.join(",")}`), [], `${what}: tabs not on screen (window ${await s.page.evaluate(() => window.innerWidth)} px)`);
  return tabs;
}

async function selectedTab(s) {
  return s.page.evaluate(() => {
    const sel = document.querySelector('nav[aria-label="Views"] [role="tab"][aria-selected="true"]');
    return { view: sel?.dataset.view, focused: document.activeElement === sel };
  });
}

/** At 1024 x 768 and at 800 x 600 every tab shows; keys reach each; a click on Diagnostics opens it. */
export async function narrowTabs(s) {
  await s.waitForKpis();
  for (const [width, height] of [
    [1024, 768],
    [800, 600],
  ]) {
    const what = `${width} x ${height}`;
    await resize(s, width, height);
    const tabs = await expectEveryTabVisible(s, what);
    for (const v of ["scenarios", "diagnostics"]) assert.ok(tabs.some((t) => t.view === v), `${what}: a ${v} tab`);

    // The keyboard: from the first tab, ArrowRight visits every tab in order, each selected, focused
    // and on screen; End and Home jump to the last and the first.
    await s.openView("overview");
    await s.page.focus('nav[aria-label="Views"] [role="tab"][data-view="overview"]');
    for (let k = 1; k < tabs.length; k += 1) {
      await s.driver.press("ArrowRight");
      await s.driver.waitForFunction((v) => document.activeElement?.dataset?.view === v, tabs[k].view);
      assert.deepEqual(await selectedTab(s), { view: tabs[k].view, focused: true }, `${what}: ArrowRight reaches ${tabs[k].text}`);
    }
    await s.driver.press("Home");
    await s.driver.waitForFunction(() => document.activeElement?.dataset?.view === "overview");
    await s.driver.press("End");
    await s.driver.waitForFunction((v) => document.activeElement?.dataset?.view === v, tabs.at(-1).view);
    await expectEveryTabVisible(s, `${what}, after the keys`);

    // A click where the Diagnostics tab is drawn opens Diagnostics.
    await s.openView("overview");
    const diag = (await tabsOnScreen(s)).find((t) => t.view === "diagnostics");
    await s.page.mouse.click((diag.box[0] + diag.box[2]) / 2, (diag.box[1] + diag.box[3]) / 2);
    await s.driver.waitForFunction(
      () =>
        document.querySelector('nav[aria-label="Views"] [data-view="diagnostics"]')?.getAttribute("aria-selected") === "true" &&
        !document.querySelector("section#view-diagnostics").hidden &&
        document.querySelector("section#view-diagnostics").childElementCount > 0,
    );
    const shown = await s.page.evaluate(() => {
      const sec = document.querySelector("section#view-diagnostics");
      const r = sec.getBoundingClientRect();
      return { width: r.width, text: sec.textContent.trim().length };
    });
    assert.ok(shown.width > 0 && shown.text > 0, `${what}: the Diagnostics view is shown`);
    await s.screenshot(`tabs-${width}`);
  }
}
