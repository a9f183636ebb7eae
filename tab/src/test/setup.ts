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
