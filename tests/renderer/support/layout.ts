// jsdom does no layout: every clientWidth/clientHeight is 0. The run list's virtualizer (@tanstack/react-virtual)
// renders its first frame from `initialRect`, then measures its scroll element on mount (clientWidth and
// clientHeight) and, seeing a 0 px viewport, renders no rows. Giving the elements that match `selector` the
// size a browser would lay them out at is the missing layout, not a fake of the code under test.
const ORIGINAL = {
  clientHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight'),
  clientWidth: Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth'),
};

/** Lays out elements matching `selector` at width x height; returns the function that restores jsdom's zeros. */
export function layOut(selector: string, size: { width: number; height: number }): () => void {
  const define = (prop: 'clientHeight' | 'clientWidth', value: number): void => {
    const original = ORIGINAL[prop];
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement): number {
        return this.matches(selector) ? value : ((original?.get?.call(this) as number | undefined) ?? 0);
      },
    });
  };
  define('clientHeight', size.height);
  define('clientWidth', size.width);
  return () => {
    delete (HTMLElement.prototype as Partial<Record<'clientHeight' | 'clientWidth', number>>).clientHeight;
    delete (HTMLElement.prototype as Partial<Record<'clientHeight' | 'clientWidth', number>>).clientWidth;
  };
}

/**
 * Gives elements matching `selector` a height as a browser would lay them out (the virtualizer measures each
 * drawn row's offsetHeight, which jsdom answers with 0); returns the function that restores jsdom's zero.
 */
export function layOutRows(selector: string, height: number): () => void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement): number {
      return this.matches(selector) ? height : ((original?.get?.call(this) as number | undefined) ?? 0);
    },
  });
  return () => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', original);
  };
}
