// jsdom has no window.matchMedia, which the chart library (uPlot) reads when it loads, to follow the screen's
// pixel ratio. A browser always has it; this is the missing browser API (a light screen at 1x), not a fake
// of the code under test. jsdom has no canvas or ResizeObserver either, so the charts draw nothing here and
// the renderer tests read the table of values beside each chart; the e2e tests see the charts in Chromium.
if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
export {};
