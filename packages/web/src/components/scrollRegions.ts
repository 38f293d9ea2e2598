/** antd's scrolling containers: what a wide table scrolls sideways in, and a tall dialog's body (Providers' MODAL). */
const SCROLLERS = '.ant-table-content, .ant-table-body, .ant-modal-body';

/**
 * A region that scrolls must be reachable by keyboard (WCAG 2.1.1): antd renders wide tables' scrolling containers
 * and dialog bodies without a tab stop, so every one that appears gets one.
 */
export function focusableScrollRegions(root: HTMLElement) {
  let queued = false;
  const mark = () => {
    queued = false;
    for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  };
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(mark);
  }).observe(root, { childList: true, subtree: true });
}
