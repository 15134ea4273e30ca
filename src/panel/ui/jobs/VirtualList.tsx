import { useEffect, useRef, useState, type ReactNode } from "react";

const OVERSCAN = 4;

/**
 * A vertical list that renders only the rows in view (fixed row height), so hundreds of jobs
 * updating their progress cost what a screenful costs. Spacers keep the scrollbar honest; no
 * absolute positioning, which keeps UXP's layout simple.
 */
export function VirtualList<T>({ items, rowHeight, renderRow, testId }: { items: readonly T[]; rowHeight: number; renderRow: (item: T) => ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setHeight(element.clientHeight || 480);
    measure();
    const onScroll = () => setScrollTop(element.scrollTop);
    element.addEventListener("scroll", onScroll);
    const Observer = (globalThis as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    const observer = Observer ? new Observer(measure) : undefined;
    observer?.observe(element);
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer?.disconnect();
    };
  }, []);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return (
    <div ref={ref} className="sb-list" data-testid={testId} data-count={items.length}>
      <div style={{ height: first * rowHeight }} />
      {items.slice(first, last).map(renderRow)}
      <div style={{ height: Math.max(0, items.length - last) * rowHeight }} />
    </div>
  );
}
