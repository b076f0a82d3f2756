// What a person would not accept on a page, checked in the page itself (strings: no bundler helpers leak in):
// text too faint to read, and anything wider than the window.
import type { Page } from 'playwright-core';

// Every visible text whose colour against its background is below WCAG AA (4.5:1; 3:1 for large or bold text).
const LOW_CONTRAST = `(() => {
  const rgba = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  // The colour behind an element: its own background over its ancestors', down to the page's.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const found = [];
  for (const el of document.querySelectorAll('#root *')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    if (!text) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const bg = background(el);
    const [r, g, b, a] = rgba(style.color);
    const fg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) found.push(text.slice(0, 40) + ' (' + ratio.toFixed(2) + ':1, ' + style.color + ' on rgb(' + bg.map(Math.round).join(', ') + '))');
  }
  return found;
})()`;

/** Texts on the page below WCAG AA contrast, each with its ratio and colours. */
export function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(LOW_CONTRAST) as Promise<string[]>;
}

// Elements that stick out past the right edge of the window (a fixed overlay may), and the page's width.
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const cut = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && getComputedStyle(el).position !== 'fixed')
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
  return { scrollWidth: document.documentElement.scrollWidth, width, cut };
})()`;

/** Elements cut at the window's right edge, and whether the page scrolls sideways. */
export function overflow(page: Page): Promise<{ scrollWidth: number; width: number; cut: string[] }> {
  return page.evaluate(OVERFLOW) as Promise<{ scrollWidth: number; width: number; cut: string[] }>;
}
