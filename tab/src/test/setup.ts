/** jsdom lacks what Fluent UI and the charts reach for; the tests get plain stand-ins. */
import '@testing-library/jest-dom';
import { configure } from '@testing-library/dom';

// Role queries skip their visibility check: in jsdom it calls getComputedStyle on every element,
// which walks every Fluent (Griffel) rule in the document — seconds per query once a file has
// rendered a few views. Accessible names still honour CSS (a Tab's hidden reserved-space copy),
// and the tests assert what is rendered, not what CSS hides.
// findBy… and waitFor wait up to 5 s: on a loaded CI machine one role query over a rendered view
// can take most of a second, and the library's 1 s default then fails a test that is right.
configure({ defaultHidden: true, asyncUtilTimeout: 5000 });

// Each test renders with its own Griffel renderer (test/render.tsx); its rules go with it. jsdom's
// selector engine keeps 1,000 compiled selectors, and a file's tests together insert more rules than
// that — past it every getComputedStyle recompiles every rule.
afterEach(() => {
  for (const style of document.head.querySelectorAll('style[data-make-styles-bucket]')) style.remove();
});

if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;

// The charts measure label text on a canvas; jsdom has none. A fixed-width font is close enough.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
} as unknown as HTMLCanvasElement['getContext'];

// jsdom lays nothing out: <body> measures 0 × 0 and offsetParent is always null, so Fluent's
// tabster takes every element for invisible. A Dialog then finds nothing to focus, focuses its
// surface, its modal never becomes the active one, and tabster's pass 250 ms later marks the
// surface itself aria-hidden — the open dialog loses its accessible name and a test that looks
// for it after that moment fails (the import view's undo test did, 1 run in 10 and then every run).
// A browser lays out: the body has a size and a shown element has an offsetParent.
HTMLBodyElement.prototype.getBoundingClientRect = function getBoundingClientRect() {
  return { x: 0, y: 0, top: 0, left: 0, right: 1280, bottom: 800, width: 1280, height: 800, toJSON: () => ({}) } as DOMRect;
};
Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
  configurable: true,
  get(this: HTMLElement): Element | null {
    // As the spec says: none for an element outside the document, <body> itself, or one that is not
    // rendered (display: none on it or an ancestor).
    const body = this.ownerDocument.body;
    if (!this.isConnected || this === body) return null;
    const rendered = (e: Element | null): boolean => !e || e === body || (!(e as HTMLElement).hidden && window.getComputedStyle(e).display !== 'none' && rendered(e.parentElement));
    return rendered(this) ? body : null;
  },
});
