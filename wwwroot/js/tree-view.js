// The DVTS tree's box (Components/Shared/RunView/DvtsTree.razor): its size, to fit the tree; a scroll to the part that
// shows first; and the pointer. A mouse drag pans by scrolling the box here, with no server round trip (touch scrolls
// natively); Ctrl/⌘ + wheel (and a trackpad pinch) zooms around the pointer through the component, one request at a
// time so the wheel never queues redraws.
export function measure(box) {
  return box ? [box.clientWidth, window.innerHeight] : [0, 0];
}

export function view(box) {
  return box ? [box.scrollLeft, box.scrollTop, box.clientWidth, box.clientHeight] : [0, 0, 0, 0];
}

export function scrollTo(box, left, top) {
  if (!box) return;
  box.scrollLeft = left;
  box.scrollTop = top;
}

export function attach(box, component) {
  if (!box || box.__rearTree) return;
  let factor = 1, busy = false, at = null;
  const send = async () => {
    if (busy || factor === 1) return;
    busy = true;
    const f = factor;
    factor = 1;
    try { await component.invokeMethodAsync('ZoomAt', f, at.x, at.y, box.scrollLeft, box.scrollTop); }
    catch { /* the circuit is gone */ }
    busy = false;
    send();
  };
  const wheel = e => {
    if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls the box and the page as usual
    e.preventDefault();
    const r = box.getBoundingClientRect();
    at = { x: e.clientX - r.left, y: e.clientY - r.top };
    factor *= Math.exp(-Math.max(-100, Math.min(100, e.deltaY)) / 300);
    send();
  };
  let drag = null, moved = false;
  const down = e => {
    if (e.pointerType !== 'mouse' || e.button !== 0 || e.target.closest('[data-node-id],[data-subtree]')) return;
    drag = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
    moved = false;
  };
  const move = e => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    moved = true;
    box.classList.add('dragging');
    box.scrollLeft = drag.left - dx;
    box.scrollTop = drag.top - dy;
  };
  const up = () => { drag = null; box.classList.remove('dragging'); };
  box.addEventListener('wheel', wheel, { passive: false });
  box.addEventListener('pointerdown', down);
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
  box.__rearTree = () => {
    box.removeEventListener('wheel', wheel);
    box.removeEventListener('pointerdown', down);
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
  };
}

export function detach(box) {
  if (box && box.__rearTree) { box.__rearTree(); delete box.__rearTree; }
}
